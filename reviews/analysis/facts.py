# ruff: noqa: RUF001 -- typographic quotes are data here
"""Checkable facts of a sentence, gathered in ``SentenceFacts`` by ``extract``.

The finders live by kind of fact: ``numbers``, ``times``, ``entities``, ``speech`` (quotations
and attributions) and ``cues`` (hedges, negations, intensity). Here: what a figure counts
(casualty word, counted noun, age), and the links across sentences (pronoun speakers, roles).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from .cues import Cues, find_cues
from .entities import Entity, find_entities
from .lexicon import CASUALTY_STEMS, STOPWORDS, TITLES
from .numbers import NumberMention, find_numbers
from .segment import Sentence, Token, tokens
from .speech import Attribution, Quote, find_attribution, find_quotes
from .stems import content_stems, stem
from .times import TimeMention, find_times


@dataclass(slots=True)
class SentenceFacts:
    """Everything the engine checks about one sentence."""

    sent: Sentence
    toks: list[Token]
    stems: list[str]
    stem_set: frozenset[str]
    numbers: list[NumberMention]
    times: list[TimeMention]
    entities: list[Entity]
    quotes: list[Quote]
    attribution: Attribution | None
    cues: Cues
    speaker_keys: frozenset[str] = frozenset()
    speaker_name: str = ""
    num_ctx: dict[int, tuple[str, str]] = field(default_factory=dict)
    clause_list: list[Any] | None = None


def number_context(sf: SentenceFacts, n: NumberMention) -> tuple[str, str]:
    """(casualty word, counted noun) of a number, computed once per mention."""
    got = sf.num_ctx.get(n.start)
    if got is None:
        got = (_casualty_context(sf, n), _head_noun(sf, n))
        sf.num_ctx[n.start] = got
    return got


def casualty_context(sf: SentenceFacts, n: NumberMention) -> str:
    """The casualty word attached to a number ("killed", "injured"), if any, within its clause."""
    return number_context(sf, n)[0]


def head_noun(sf: SentenceFacts, n: NumberMention) -> str:
    """The counted noun after a number ("six Iran-backed militants" -> "militants")."""
    return number_context(sf, n)[1]


_AGE_AFTER_RE = re.compile(r"[\s-]+(?:years?|months?)[\s-]+old\b", re.IGNORECASE)
_BARRIERS = frozenset({"and", "or", "while", "but", "whereas", "after", "before", "as"})


def is_age(text: str, n: NumberMention) -> bool:
    """Whether a number is an age ("a 22-year-old man", "51 years old")."""
    return _AGE_AFTER_RE.match(text, n.end) is not None


def _casualty_context(sf: SentenceFacts, n: NumberMention) -> str:
    text = sf.sent.text
    if _AGE_AFTER_RE.match(text, n.end - sf.sent.start):
        return ""  # an age is not a casualty count
    starts = [t.start for t in sf.toks]
    first_after = bisect_left(starts, n.end)
    last_before = bisect_left(starts, n.start)
    # Nearest casualty word first; words after the number bind more tightly on ties, and a
    # conjunction before the number ("one dead and two wounded") ends the look-back.
    before = []
    for i in range(last_before - 1, max(-1, last_before - 3), -1):
        if sf.toks[i].text.lower() in _BARRIERS:
            break
        before.append(i)
    after = list(range(first_after, min(len(sf.toks), first_after + 4)))
    window = []
    for d in range(4):
        if d < len(after):
            window.append(after[d])
        if d < len(before):
            window.append(before[d])
    for i in window:
        t = sf.toks[i]
        lo, hi = sorted((t.end, n.start)) if t.end <= n.start else (n.end, t.start)
        if any(c in text[lo - sf.sent.start : hi - sf.sent.start] for c in ",;:"):
            continue
        st = stem(t.text)
        if any(st.startswith(c) for c in CASUALTY_STEMS):
            return t.text.lower()
    return ""


def _head_noun(sf: SentenceFacts, n: NumberMention) -> str:
    first_after = bisect_left([t.start for t in sf.toks], n.end)
    after = sf.toks[first_after : first_after + 3]
    for t in after:
        gap = sf.sent.text[n.end - sf.sent.start : t.start - sf.sent.start]
        if any(c in gap for c in ",;:.") or t.text.lower() in ("of", "and", "were", "was"):
            break
        low = t.text.lower()
        if low in STOPWORDS:
            continue
        if "-" in low:
            continue  # "Iran-backed", "two-year"
        if low.endswith(("ed", "ing")) and low not in ("killed", "wounded", "injured"):
            break
        if low.endswith("s") or low in ("people", "children", "men", "women"):
            return low
    for t in after[:1]:
        if t.text.lower() not in STOPWORDS and t.text.lower() not in ("of", "and"):
            return t.text.lower()
    return ""


_ROUND_THE_CLOCK_RE = re.compile(r"\s+(?:hours\s+a\s+day|days\s+a\s+week)\b", re.IGNORECASE)
_SCORE_RE = re.compile(r"\d{1,3}-\d{1,3}\b")
_NAME_BEFORE_RE = re.compile(r"\b[A-Z][\w’'-]*[a-z][\w’'-]* $")


def extract(text: str, sent: Sentence, lower_vocab: set[str]) -> SentenceFacts:
    """Extract every checkable fact of one sentence."""
    toks = tokens(text, sent.start, sent.end)
    stems = content_stems(toks)
    times = find_times(text, sent.start, sent.end)
    entities = find_entities(text, sent, toks, lower_vocab)
    ent_spans = [(e.start, e.end) for e in entities]
    numbers = []
    for n in find_numbers(text, sent.start, sent.end):
        if any(t.start <= n.start < t.end or n.start <= t.start < n.end for t in times):
            continue
        if n.kind == "count" and any(s <= n.start and n.end <= e for s, e in ent_spans):
            continue
        if (
            n.kind == "count"
            and not n.is_word
            and (nb := _NAME_BEFORE_RE.search(text, sent.start, n.start))
            and nb.group().strip().lower() not in STOPWORDS
            and not _SCORE_RE.match(text, n.start)
        ):
            continue  # part of a name: "Deir Ezzor 24", "Boeing 737"
        if _ROUND_THE_CLOCK_RE.match(text, n.end):
            continue  # "24 hours a day" means continuously
        numbers.append(n)
    return SentenceFacts(
        sent=sent,
        toks=toks,
        stems=stems,
        stem_set=frozenset(stems),
        numbers=numbers,
        times=times,
        entities=entities,
        quotes=find_quotes(text, sent.start, sent.end),
        attribution=find_attribution(text, sent, toks),
        cues=find_cues(toks),
    )


def resolve_speakers(facts: list[SentenceFacts]) -> None:
    """Give pronoun speakers ("they added") the most recent named speaker."""
    last_keys: frozenset[str] = frozenset()
    last_name = ""
    for sf in facts:
        a = sf.attribution
        if a is None:
            continue
        if a.pronoun:
            if last_keys:
                sf.speaker_keys, sf.speaker_name = last_keys, last_name
        elif not a.vague:
            names = [e.text for e in sf.entities if a.start <= e.start and e.end <= a.end]
            name = " ".join(a.speaker.split())
            longest = max(names, key=len) if names else ""
            # A long speaker phrase is shortened to the organisation it names.
            if longest and (len(longest.split()) >= 3 or len(longest) >= 0.5 * len(name)):
                the = f"the {longest}".lower() in name.lower()
                name = f"the {longest}" if the else longest
            sf.speaker_keys, sf.speaker_name = a.keys, name
            last_keys, last_name = a.keys, name


def link_roles(facts: list[SentenceFacts], named: list[SentenceFacts]) -> None:
    """Let a role and the one person holding it name the same speaker.

    "Judge Amara Okafor" in `named` makes "the judge said" and "Okafor said" the same speaker:
    each speaker's keys gain the other form. A role held by two people links neither.
    """
    people: dict[str, set[frozenset[str]]] = {}
    for sf in named:
        for e in sf.entities:
            if not e.title:
                continue
            names = frozenset(stem(k) for k in e.keys if k not in TITLES)
            if names:
                people.setdefault(stem(e.title), set()).add(names)
    # The same person written in full and by surname only counts once.
    roles: dict[str, frozenset[str]] = {}
    for role, found in people.items():
        full = max(found, key=len)
        if all(p <= full for p in found):
            roles[role] = full
    if not roles:
        return
    for sf in facts:
        keys = set(sf.speaker_keys)
        if not keys:
            continue
        for role, names in roles.items():
            if role in keys:
                keys |= names
            elif keys & names:
                keys.add(role)
        sf.speaker_keys = frozenset(keys)
