# ruff: noqa: RUF001 -- typographic quotes are data here
"""Omission rules: what the source says that the rewrite leaves out.

What they find: a dropped dateline or credit, a dropped sentence with a central figure, name,
negation or denial, and a dropped clause (a figure, a qualification, a caveat) inside a sentence
the rewrite otherwise keeps.
Why it matters: leaving out a denial, a caveat or a toll changes what the story says.
Example: the source says "the firm denied any wrongdoing"; the rewrite never mentions the denial.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from ..context import Context, num_key, span_of
from ..entities import entity_key
from ..facts import SentenceFacts, casualty_context, head_noun, is_age
from ..lexicon import ANONYMITY_RE, DENIAL_STOPS, DENIAL_WORDS, STOPWORDS, TITLES
from ..numbers import NumberMention, same_quantity
from ..predicates import Clause, clauses_of
from ..segment import tokens
from ..stems import content_stems, stem
from .attribution import ATTR_VERB_STEMS
from .meaning import cue_scope

# A source sentence covered less than this by the rewrite counts as dropped.
DROPPED_COVERAGE = 0.45


def _same_context(a: SentenceFacts, n: NumberMention, b: SentenceFacts, m: NumberMention) -> bool:
    """Two equal figures describe the same thing: same casualty word or same counted noun."""
    if n.kind in ("money", "percent") and m.kind == n.kind:
        return True  # "$3.4 million project" = "$3.4 million cost"
    ca, cb = casualty_context(a, n), casualty_context(b, m)
    if ca or cb:
        return bool(ca and cb and stem(ca) == stem(cb))
    ha, hb = head_noun(a, n), head_noun(b, m)
    return not ha or not hb or stem(ha) == stem(hb)


def omission_rules(ctx: Context, rw_aligned_to: dict[int, list[int]]) -> None:
    """Source lines, sentences and clauses the rewrite drops (run after the rewrite rules)."""
    for s in ctx.src_sents:
        if s.kind == "dateline":
            rw_first = ctx.rw_sents[0] if ctx.rw_sents else None
            if rw_first is None or rw_first.kind != "dateline":
                ctx.add(
                    "omission",
                    "minor",
                    None,
                    span_of(s),
                    f'rewrite drops the dateline "{s.text.strip(" —–-")}"',
                    0.8,
                )
        elif s.kind == "credit":
            words = [w for w in re.findall(r"[A-Z][\w’'-]+", s.text) if w != "By"]
            if words and not all(entity_key(w) in ctx.rw_words for w in words):
                ctx.add(
                    "omission",
                    "minor",
                    None,
                    span_of(s),
                    f'rewrite drops the credit line "{s.text}"',
                    0.7,
                )
    # Source spans already reported by a rewrite-side finding, per source sentence the finding's
    # rewrite sentence was aligned to: that sentence was changed, not dropped.
    rw_index_of = {sf.sent.start: i for i, sf in enumerate(ctx.rw_body)}
    rw_starts = sorted(rw_index_of)
    reported_by_src: dict[int, list[tuple[int, int]]] = {}
    for f in ctx.findings:
        if not (f.rewrite_span and f.source_span):
            continue
        k = bisect_right(rw_starts, f.rewrite_span[0]) - 1
        if k < 0:
            continue
        for si in rw_aligned_to.get(rw_index_of[rw_starts[k]], []):
            reported_by_src.setdefault(si, []).append(f.source_span)
    for si, sf in enumerate(ctx.src_body):
        if sf.sent.text.isupper():
            continue  # a subhead
        al = ctx.rw_index.align(sf.stem_set)
        covering = [ctx.rw_body[j] for j in al.picked if al.scores[al.picked.index(j)] >= 0.2]
        cov_nums = [(c, n) for c in covering for n in c.numbers]
        low_cov = al.coverage < DROPPED_COVERAGE
        dropped_nums = []
        for n in sf.numbers:
            if n.is_word and n.value == 1:
                continue
            if any(same_quantity(n, m) and _same_context(sf, n, c, m) for c, m in cov_nums):
                continue
            if any(
                _same_context(sf, n, rsf, m) for rsf, m in ctx.rw_num_by_value.get(num_key(n), [])
            ):
                continue
            # Only central figures count: casualties, money, percentages, or a dropped sentence.
            central = casualty_context(sf, n) or n.kind in ("money", "percent")
            if al.coverage < 0.3 or (central and al.coverage < 0.75):
                dropped_nums.append(n)
        if _denial_dropped(ctx, sf):
            ctx.add(
                "omission",
                "major",
                None,
                span_of(sf.sent),
                f'rewrite drops the denial ("{ctx.q(span_of(sf.sent), limit=80)}")',
                0.65,
            )
            continue
        ents_kept = all(all(k in ctx.rw_words for k in e.keys) for e in sf.entities)
        if dropped_nums and ents_kept and all(id(n) in ctx.rivals for n in dropped_nums):
            continue  # already reported with the rewrite's wrong figure
        dropped_ents = [
            e for e in sf.entities if not all(k in ctx.rw_words or k in TITLES for k in e.keys)
        ]
        casualty = any(
            any(stem(t.text).startswith(("kill", "injur", "dead", "die")) for t in sf.toks)
            for _ in [0]
        )
        neg = bool(sf.cues.negations) or any(
            t.text.lower() in ("but", "however", "although", "though", "except", "exception")
            for t in sf.toks
        )
        reasons = []
        if dropped_nums:
            reasons.append(", ".join(n.text for n in dropped_nums[:4]))
        if dropped_ents and low_cov:
            reasons.append(", ".join(e.text for e in dropped_ents[:3]))
        important = bool(dropped_nums) or (low_cov and (dropped_ents or (neg and casualty)))
        if not important and low_cov and sf.attribution and (neg or sf.cues.hedges):
            important = True
        if important and not dropped_nums and _claim_kept(ctx, sf):
            important = False  # the content is there; who said it is the attribution rules' job
        if not important:
            kept = covering[0].stem_set if covering else frozenset()  # the rewrite's version
            _clause_omissions(ctx, sf, reported_by_src.get(si, []), kept)
            continue
        # A possibility the speaker raises ("it could submit applications later") is minor.
        possible = not dropped_nums and any(t.text.lower() in _POSSIBILITY for t in sf.toks)
        sev = "minor" if possible else "major"
        what = "; ".join(reasons) if reasons else "the statement"
        conf = 0.75 if dropped_nums else 0.6
        ctx.add(
            "omission",
            sev,
            None,
            span_of(sf.sent),
            f'rewrite drops {what} ("{ctx.q(span_of(sf.sent), limit=80)}")',
            conf,
        )


_POSSIBILITY = frozenset(["could", "might", "may"])


def _claim_kept(ctx: Context, sf: SentenceFacts) -> bool:
    """Whether one rewrite sentence keeps the sentence's content, speaker words aside."""
    a = sf.attribution
    speaker = set(a.keys) if a else set()
    if a is not None and a.verb in ("told", "tells", "tell"):
        # "Witnesses told local television station KCRG that ...": the addressee goes too.
        after = [t for t in sf.toks if t.start >= a.end][:7]
        cut = next((k for k, t in enumerate(after) if t.text.lower() == "that"), -1)
        speaker |= set(content_stems(after[:cut])) if cut > 0 else set()
    stems = frozenset(sf.stem_set - speaker - {stem(a.verb)} if a else sf.stem_set)
    if len(stems) < 3:
        return False
    al = ctx.rw_index.align(stems, max_picked=1)
    return bool(al.scores) and al.scores[0] >= 0.7


_SCORE_OR_RANGE_RE = re.compile(r"-\d|\s+(?:to|or)\s+\d|\s+to\s+[a-z]+\s+(?:days|weeks)")
_BACKGROUND_OPENERS = frozenset(["because", "since", "as", "so"])
_CONCESSIVE = frozenset(["though", "although", "even"])
_GRAVE_WORDS = frozenset(
    (  # noqa: SIM905
        "critical condition hospitalized hospital injured wounded dead died killed missing "
        "stable serious"
    ).split()
)
_CLAUSE_VERBS = frozenset(
    (  # noqa: SIM905
        "is are was were will would has have had be been can could may might must shall should"
    ).split()
)
_CALL_VERBS = frozenset(
    [
        "called",
        "calls",
        "urged",
        "urges",
        "demanded",
        "demands",
        "vowed",
        "vows",
        "pledged",
        "pledges",
        "promised",
        "promises",
        "threatened",
        "threatens",
        "warned",
        "warns",
        "appealed",
        "asked",
    ]
)
_SUPERLATIVES = frozenset(["first", "only", "last", "record", "largest", "biggest", "highest"])


_CAVEAT_OPENERS = frozenset(["but", "however"])
_PARTITIVE_RE = re.compile(r"\s+of\s+(?:them|those|these|which|whom)\b", re.IGNORECASE)


def _superlative_kept(c: Clause, words: set[str], kept: frozenset[str]) -> bool:
    """A superlative clause the rewrite's version keeps as a compound: "the highest position of
    her career" as "a career-high", "the biggest ever" as "record"."""
    sups = [w for w in words & _SUPERLATIVES if w.endswith("est")]
    if not sups or not kept:
        return False
    base = sups[0][:-3].rstrip("g")  # "highest" -> "high", "biggest" -> "big" (less a "g")
    rest = {st for st in c.stems if not st.startswith(base)}
    return any(k.startswith(base) for k in kept) and bool(rest & kept)


def _words_kept(words: set[str], kept: frozenset[str]) -> bool:
    """Every content word of words is in kept, up to stemming ("ruled" for "rule")."""
    content = [w for w in words if len(w) > 3]
    return bool(content) and all(
        w in kept or any(w[:n] == k[:n] for k in kept for n in [min(len(w), len(k), 5)])
        for w in content
    )


def _claim_negation_dropped(ctx: Context, sf: SentenceFacts, neg: Any) -> bool:
    """A speaker's negated claim whose words the rewrite never uses: "X said the club had not
    wanted to sell" where the rewrite has no wanting and no selling."""
    a = sf.attribution
    low = neg.text.lower().replace("’", "'")
    if a is None or a.vague or neg.start < a.end or not (low == "not" or low.endswith("n't")):
        return False
    after = [t for t in sf.toks if t.start >= neg.end and t.text.lower() not in STOPWORDS][:2]
    scope = {stem(t.text) for t in after}
    return bool(scope) and not scope <= ctx.rw_stems


def _partitive_dropped(ctx: Context, sf: SentenceFacts, c: Clause, kept: frozenset[str]) -> bool:
    """A qualification of part of a figure the rewrite keeps: "six years, two of them suspended".

    The clause is a figure, "of them", and what holds for that part; the rewrite's version of the
    sentence has none of the part's words.
    """
    if not kept:
        return False
    n = next((n for n in sf.numbers if c.start <= n.start < c.end), None)
    if n is None or not _PARTITIVE_RE.match(ctx.source, n.end):
        return False
    words = c.stems - set(content_stems(tokens(ctx.source, n.start, n.end)))
    return bool(words) and not words & kept


def _denial_dropped(ctx: Context, sf: SentenceFacts) -> bool:
    """A denial ("denied the allegations") that no rewrite sentence keeps with what it denies."""
    for k, t in enumerate(sf.toks):
        if t.text.lower() not in DENIAL_WORDS:
            continue
        if any(x.text.lower() in DENIAL_STOPS for x in sf.toks[max(0, k - 2) : k]):
            continue
        target = [stem(x.text) for x in sf.toks[k + 1 : k + 5] if x.text.lower() not in STOPWORDS][
            :2
        ]
        for j in ctx.rw_index.postings.get(stem(t.text), []):
            r = ctx.rw_body[j]
            if not target or any(st in r.stem_set for st in target):
                return False
        return True
    return False


def _clause_omissions(
    ctx: Context,
    sf: SentenceFacts,
    reported: list[tuple[int, int]],
    kept: frozenset[str] = frozenset(),
) -> None:
    """A dropped clause inside a sentence the rewrite otherwise keeps.

    Only clauses that carry a fact count: a figure the rewrite never gives, a name it never
    uses, a negation no matching rewrite sentence keeps, a time, a first, a call or a warning.
    """
    rw_times = ctx.rw_time_norms
    # Sentences about injuries or with a negation: any dropped clause of them matters.
    grave = bool(sf.cues.negations) or any(t.text.lower() in _GRAVE_WORDS for t in sf.toks)
    for c in clauses_of(ctx.source, sf):
        if _partitive_dropped(ctx, sf, c, kept):
            ctx.add(
                "omission",
                "major",
                None,
                (c.start, c.end),
                f'rewrite drops the qualification ("{ctx.q((c.start, c.end), limit=80)}")',
                0.55,
            )
            return
        if len(c.stems) < 2 or ANONYMITY_RE.search(ctx.source, c.start, c.end):
            continue  # "who was not authorised to speak publicly" is sourcing, not a fact
        first = c.toks[0].text.lower()
        if first in _BACKGROUND_OPENERS or " ".join(t.text.lower() for t in c.toks[:2]) in (
            "known as",
            "also known",
        ):
            continue  # a reason or an alternative name: background, not a fact of the story
        if any(a < c.end and b > c.start for a, b in reported):
            continue  # already reported with the rewrite's version of this sentence
        al = ctx.rw_index.align(c.stems, max_picked=2)
        best = al.scores[0] if al.scores else 0.0
        words = {t.text.lower() for t in c.toks}
        nums = [
            n
            for n in sf.numbers
            if c.start <= n.start < c.end
            and stem(head_noun(sf, n) or "-") not in ctx.generalised
            and not (n.is_word and n.value == 1)
            and not is_age(ctx.source, n)
            and id(n) not in ctx.rivals  # already given with the rewrite's wrong figure
            and num_key(n) not in ctx.rw_num_by_value
            and not _SCORE_OR_RANGE_RE.match(ctx.source, n.end)
            and not re.search(r"\d-$", ctx.source[max(0, n.start - 2) : n.start])
        ]
        ents = [
            e
            for e in sf.entities
            if c.start <= e.start < c.end
            and not all(k in ctx.rw_words or k in TITLES for k in e.keys)
        ]
        negs = [t for t in sf.cues.negations if c.start <= t.start < c.end]
        times = [
            t
            for t in sf.times
            if c.start <= t.start < c.end
            and not t.vague
            and t.norm not in rw_times
            and "min" not in t.norm  # a calendar time, not a duration
        ]
        verb = any(
            t.text.lower() in _CLAUSE_VERBS or (t.text.endswith("ed") and t.text.islower())
            for t in c.toks
        )
        reason = ""
        if nums and best < 0.75:
            reason = ", ".join(n.text for n in nums[:3])
        elif ents and verb and best < 0.5:
            reason = ", ".join(e.text for e in ents[:3])
        elif negs and len(c.stems) >= 3:
            top = ctx.rw_body[al.picked[0]] if al.picked else None
            scope = cue_scope(sf, negs[0].end, 2)
            kept_neg = top is not None and bool(top.cues.negations) and bool(scope)
            if kept_neg and _words_kept(scope, top.stem_set):
                pass  # the rewrite's version negates the same words: "could not be ruled out"
            elif (
                best < 0.5
                or (top is not None and not top.cues.negations and scope and scope <= top.stem_set)
                or _claim_negation_dropped(ctx, sf, negs[0])
            ):
                reason = "the negation"
        elif first in _CAVEAT_OPENERS and len(c.stems - ATTR_VERB_STEMS) >= 3 and kept:
            claim = c.stems - ATTR_VERB_STEMS
            if 4 * len(claim & kept) <= len(claim):
                reason = "the caveat"
        elif _superlative_kept(c, words, kept):
            continue  # "a career-high No. 8" for "No. 8, the highest position of her career"
        elif ((times or words & _SUPERLATIVES or words & _CALL_VERBS) and best < 0.4) or (
            verb and len(c.stems) >= 3 and best < 0.35 and first not in _CONCESSIVE and grave
        ):
            reason = "the statement"
        if not reason:
            continue
        ctx.add(
            "omission",
            "major" if nums or negs or reason == "the caveat" else "minor",
            None,
            (c.start, c.end),
            f'rewrite drops {reason} ("{ctx.q((c.start, c.end), limit=80)}")',
            0.55,
        )
        return
