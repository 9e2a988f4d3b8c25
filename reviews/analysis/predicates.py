# ruff: noqa: RUF001 -- typographic quotes are data here
"""Predicate-level facts: clauses, opposite predicates, qualified claims, quantifiers, periods.

These checks look below the sentence: which clause a figure or a verb belongs to, whether a verb
is stated or only negated / conditional ("if confirmed", "has not been charged"), whether a
rewrite turned "two of the counts" into "all counts", or "$96 a year" into "$96 a month".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .facts import SentenceFacts
from .lexicon import (
    NEGATIONS,
    NEGATIVE_VERBS,
    ORDINALS,
    POLARITY_CLASSES,
    PREDICATE_ADJECTIVES,
    SUPERLATIVE_WORDS,
)
from .numbers import NumberMention, parse_number_words
from .segment import Token
from .stems import content_stems, stem


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a sentence: its span, tokens and content stems."""

    start: int
    end: int
    toks: tuple[Token, ...]
    stems: frozenset[str]


_CLAUSE_GAP_RE = re.compile(r"[,;:—–()\[\]\"“”]")
_CLAUSE_WORDS = frozenset(
    ["but", "while", "whereas", "although", "though", "who", "which", "because", "unless"]
)
# "and" starts a new clause when a subject, a figure or a verb follows it.
_AND_STARTERS = frozenset(
    "the a an his her its their he she it they we there that this these those".split()  # noqa: SIM905
)


def _starts_clause_after_and(word: str) -> bool:
    low = word.lower()
    if low in _AND_STARTERS or low[:1].isdigit():
        return True
    if parse_number_words(low) is not None:
        return True
    # A verb: "and called for a hearing", "and pays for 40 firefighters".
    return len(low) > 3 and (low.endswith("ed") or (low.endswith("s") and not low.endswith("ss")))


def clauses_of(text: str, sf: SentenceFacts) -> list[Clause]:
    """Split a sentence into clauses at punctuation and clause-opening conjunctions (cached)."""
    if sf.clause_list is not None:
        return sf.clause_list
    groups: list[list[Token]] = []
    cur: list[Token] = []
    toks = sf.toks
    for i, t in enumerate(toks):
        if cur:
            gap = text[toks[i - 1].end : t.start]
            low = t.text.lower()
            nxt = toks[i + 1].text if i + 1 < len(toks) else ""
            if (
                _CLAUSE_GAP_RE.search(gap)
                or low in _CLAUSE_WORDS
                or (low == "and" and nxt and _starts_clause_after_and(nxt))
            ):
                groups.append(cur)
                cur = []
        cur.append(t)
    if cur:
        groups.append(cur)
    sf.clause_list = [
        Clause(g[0].start, g[-1].end, tuple(g), frozenset(content_stems(list(g)))) for g in groups
    ]
    return sf.clause_list


# ---------------------------------------------------------------- polarity

_POLARITY: dict[str, tuple[str, int]] = {}
for _cls, (_pos, _neg) in POLARITY_CLASSES.items():
    for _w in _pos.split():
        _POLARITY[_w] = (_cls, 1)
    for _w in _neg.split():
        _POLARITY[_w] = (_cls, -1)

_QUALIFIERS = frozenset(["if", "unless", "whether"])
# Words that open a condition only at the head of a clause: ", provided the reviews are done".
_CONDITION_OPENERS = frozenset(["provided", "providing", "assuming", "subject"])


def _negated_before(toks: tuple[Token, ...] | list[Token], k: int, width: int = 3) -> bool:
    for j in range(max(0, k - width), k):
        low = toks[j].text.lower().replace("’", "'")
        if low in NEGATIONS or low.endswith("n't") or low in NEGATIVE_VERBS:
            return True
    return False


@dataclass(frozen=True, slots=True)
class PolarWord:
    """A word of a polarity class ("acquitted", "beat", "rose") with its sign after negation."""

    token: Token
    cls: str
    sign: int


def polar_words(clause: Clause) -> list[PolarWord]:
    """Polarity words of a clause; "not guilty" counts as the opposite of "guilty"."""
    out = []
    for k, t in enumerate(clause.toks):
        got = _POLARITY.get(t.text.lower())
        if got is None:
            continue
        sign = -got[1] if _negated_before(clause.toks, k) else got[1]
        out.append(PolarWord(t, got[0], sign))
    return out


def clause_anchor(a: Clause, b: Clause, a_nums: list[NumberMention], b_nums: list[NumberMention]):
    """How strongly two clauses are about the same thing: shared stems, shared figures count 2."""
    polar = {stem(w) for w in _POLARITY}
    shared = len((a.stems & b.stems) - polar)
    for n in a_nums:
        if a.start <= n.start < a.end and any(
            b.start <= m.start < b.end and m.value == n.value and m.kind == n.kind for m in b_nums
        ):
            shared += 2
    return shared


# ---------------------------------------------------------------- qualified predicates


_NEG_WIDTH = 5


def qualified_positions(text: str, sf: SentenceFacts, whole_sentence: bool = False) -> set[int]:
    """Token starts inside a negation or condition ("not formally charged", "if confirmed").

    A condition covers the rest of its clause, a negation the next few words ("not formally
    charged", not a whole "failed to get the balance right after sales dropped"). With
    whole_sentence, anything after either counts (the lenient reading used for the rewrite).
    """
    out: set[int] = set()
    neg = 0  # tokens a negation still covers: its verb phrase, not the rest of the clause
    for c in clauses_of(text, sf):
        cond = False
        neg = neg if whole_sentence else 0
        for k, t in enumerate(c.toks):
            low = t.text.lower().replace("’", "'")
            if neg > 0 or cond:
                out.add(t.start)
                neg -= 0 if whole_sentence else 1
            if low in NEGATIONS or low.endswith("n't"):
                neg = 10**6 if whole_sentence else _NEG_WIDTH
            elif low in _QUALIFIERS or (
                low in _CONDITION_OPENERS
                and (k == 0 or (k + 1 < len(c.toks) and c.toks[k + 1].text.lower() == "that"))
            ):
                cond = True
            elif low in NEGATIVE_VERBS and k + 1 < len(c.toks) and c.toks[k + 1].text == "to":
                neg = 10**6 if whole_sentence else _NEG_WIDTH
        if whole_sentence and cond:
            neg = 10**6
    return out


def is_predicate(word: str) -> bool:
    """A participle or a predicate adjective whose truth a sentence asserts."""
    low = word.lower()
    if low in NEGATIVE_VERBS:
        return False
    return (len(low) > 4 and low.endswith("ed")) or low in PREDICATE_ADJECTIVES


# ---------------------------------------------------------------- quantifiers

_UNIVERSAL_RE = re.compile(
    r"\b(all|every)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+|his\s+|her\s+)?"
    r"([a-z][\w’'-]*)(?:\s+([a-z][\w’'-]*))?",
    re.IGNORECASE,
)
_PARTIAL = frozenset(["some", "most", "several", "many", "few", "part", "half", "certain"])
_UNIVERSAL = frozenset(["all", "every", "each", "entire", "whole"])


def universal_phrases(text: str, sf: SentenceFacts) -> list[tuple[int, int, str, str]]:
    """("all counts") phrases: span, the stem of the quantified noun and the quantifier."""
    out = []
    for m in _UNIVERSAL_RE.finditer(text, sf.sent.start, sf.sent.end):
        for g in (2, 3):
            w = m.group(g)
            if w and len(w) > 3 and w.lower() not in _PARTIAL:
                out.append((m.start(), m.end(g), stem(w), m.group(1).lower()))
                break
    return out


def quantified_mentions(sf: SentenceFacts, noun: str, quant: str) -> tuple[list[Token], bool]:
    """Tokens of the noun preceded by a figure or a partial quantifier; whether "all" precedes.

    "each" is distributive ("each count carries 20 years"): it matches "every", not "all".
    """
    counted: list[Token] = []
    universal = False
    toks = sf.toks
    same = _UNIVERSAL if quant == "every" else _UNIVERSAL - {"each"}
    for k, t in enumerate(toks):
        if stem(t.text) != noun:
            continue
        before = [x.text.lower() for x in toks[max(0, k - 3) : k]]
        if any(b in same for b in before):
            universal = True
        elif any(b in _PARTIAL or b[:1].isdigit() or parse_number_words(b) for b in before):
            counted.append(t)
    return counted, universal


# ---------------------------------------------------------------- firsts

FIRST_EVER_RE = re.compile(
    r"\bfirst(?:-ever)?\b(?:\s+[\w’'-]+){0,4}?\s+(?:ever\b|in\s+(?:[\w’'-]+\s+){0,3}?history\b)"
    r"|\bfirst-ever\b|\bnever\s+before\b|\ball-time\b",
    re.IGNORECASE,
)
_FIRST_SINCE_RE = re.compile(
    r"\bfirst\b(?:\s+[\w’'-]+){0,5}?\s+since\s+[\w’'.-]+|\bhistory\b|\bever\b|\ball-time\b",
    re.IGNORECASE,
)


def first_since(text: str) -> re.Match[str] | None:
    """Where a text qualifies a first ("first since 2011") or speaks of history at all."""
    return _FIRST_SINCE_RE.search(text)


# ---------------------------------------------------------------- periods of figures

_PERIOD_RE = re.compile(
    r"[\s-]*(?:[\w’'-]+\s+){0,3}?(?:a|an|per|each|every)\s+(year|month|week|day|hour|quarter)\b"
    r"(?!\s+(?:earlier|ago|before|later|after|from))"
    r"|[\s-]*(?:[\w’'-]+\s+){0,2}?(annually|monthly|weekly|daily|yearly|hourly)\b"
    r"|[\s-]*(?:[\w’'-]+\s+){0,2}?(over\s+the\s+(?:life|course|term|length)\s+of|in\s+total"
    r"|over\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+years)\b",
    re.IGNORECASE,
)
_PERIOD_WORDS = {
    "annually": "year",
    "yearly": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "hourly": "hour",
}


def number_period(text: str, n: NumberMention, limit: int) -> str:
    """The rate period of a figure ("$96 a year" -> "year"), "total", or ""."""
    m = _PERIOD_RE.match(text, n.end, min(limit, n.end + 60))
    if m is None:
        return ""
    if m.group(1):
        return m.group(1).lower()
    if m.group(2):
        return _PERIOD_WORDS[m.group(2).lower()]
    return "total"


# ---------------------------------------------------------------- ranked superlatives


@dataclass(frozen=True, slots=True)
class Superlative:
    """A superlative ("most expensive", "largest") with the ordinal ranking it, if any."""

    start: int  # from the ordinal when there is one
    end: int
    key: str  # "most expensive" / "largest"
    rank: str  # "" for first, else the ordinal ("second")


def superlatives(text: str, sf: SentenceFacts) -> list[Superlative]:
    """Superlatives of a sentence and their ranks: "the second most expensive signing"."""
    out = []
    toks = sf.toks
    for k, t in enumerate(toks):
        low = t.text.lower()
        if low in ("most", "least") and k + 1 < len(toks):
            key, end = f"{low} {toks[k + 1].text.lower()}", toks[k + 1].end
        elif low in SUPERLATIVE_WORDS:
            key, end = low, t.end
        else:
            continue
        prev = toks[k - 1].text.lower() if k else ""
        # "second-most" is one token.
        if "-" in prev and prev.split("-")[-1] in ("most", "least"):
            continue
        if low.split("-")[0] in ORDINALS:
            continue
        rank, start = "", t.start
        if prev in ORDINALS:
            rank, start = prev, toks[k - 1].start
        out.append(Superlative(start, end, key, rank))
    for k, t in enumerate(toks):
        parts = t.text.lower().split("-")
        if len(parts) == 2 and parts[0] in ORDINALS and parts[1] in ("most", "least"):
            if k + 1 < len(toks):
                key = f"{parts[1]} {toks[k + 1].text.lower()}"
                out.append(Superlative(t.start, toks[k + 1].end, key, parts[0]))
        elif len(parts) == 2 and parts[0] in ORDINALS and parts[1] in SUPERLATIVE_WORDS:
            out.append(Superlative(t.start, t.end, parts[1], parts[0]))
    return out
