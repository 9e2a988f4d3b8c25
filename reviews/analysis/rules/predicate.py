# ruff: noqa: RUF001 -- typographic quotes are data here
"""Predicate rules: what a clause asserts, reversed, widened or made firmer than the source.

What they find: a reversed predicate ("missed" for "beat"), a claim the source only negates or
makes conditional, "all" for a part, invented firsts and records, a record given a wider scope,
a ranked superlative made the top one.
Why it matters: these turn a qualified statement into a stronger or opposite one.
Example: the source says "the second largest donation this year"; the rewrite says "the largest
donation ever".
"""

from __future__ import annotations

import re
from typing import Any

from ..context import Context, clause_at
from ..facts import SentenceFacts
from ..lexicon import CENTRAL_PREDICATE_STEMS, MONTHS, STOPWORDS
from ..predicates import (
    FIRST_EVER_RE,
    Clause,
    clause_anchor,
    clauses_of,
    first_since,
    is_predicate,
    polar_words,
    qualified_positions,
    quantified_mentions,
    superlatives,
    universal_phrases,
)
from ..stems import stem


def predicate_rules(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """Reversed predicates, claims the source only negates, "all" for some, invented firsts."""
    _polarity_rule(ctx, sf, aligned)
    _qualified_claim_rule(ctx, sf)
    _quantifier_rule(ctx, sf)
    _first_ever_rule(ctx, sf, aligned)
    _record_scope_rule(ctx, sf, aligned)
    _novelty_rule(ctx, sf)
    _rank_rule(ctx, sf, aligned)


def _rank_rule(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """ "the most expensive signing" where the source says "the second most expensive"."""
    mine = superlatives(ctx.rewrite, sf)
    if not mine:
        return
    theirs = [x for a in aligned[:2] for x in superlatives(ctx.source, a)]
    for r in mine:
        same = [x for x in theirs if x.key == r.key]
        if not same or any(x.rank == r.rank for x in same):
            continue
        x = same[0]
        rank = x.rank or "first"
        ctx.add(
            "meaning",
            "major",
            (r.start, r.end),
            (x.start, x.end),
            f'rewrite says "{ctx.q((r.start, r.end), "rewrite")}"; source says '
            f'"{ctx.q((x.start, x.end))}" (ranked {rank}, not {r.rank or "first"})',
            0.7,
        )
        return


def _polarity_rule(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """ "missing the estimate" where the source says "slightly above" it."""
    src_clauses = [(a, c) for a in aligned[:2] for c in clauses_of(ctx.source, a)]
    if not src_clauses:
        return
    r_clauses = clauses_of(ctx.rewrite, sf)
    for k, rc in enumerate(r_clauses):
        pws = polar_words(rc)
        if not pws:
            continue
        probe = rc
        if k and rc.toks[0].text.lower() in ("who", "which", "that"):
            # A relative clause is about the noun before it: "Residents who ... backed".
            prev = r_clauses[k - 1]
            probe = Clause(rc.start, rc.end, rc.toks, rc.stems | prev.stems)
        best, score = None, 1
        for a, c in src_clauses:
            sc = clause_anchor(probe, c, sf.numbers, a.numbers)
            if sc > score:
                best, score = c, sc
        if best is None:
            continue
        src_pw = polar_words(best)
        for pw in pws:
            same_cls = [x for x in src_pw if x.cls == pw.cls]
            if not same_cls or any(x.sign == pw.sign for x in same_cls):
                continue
            other = same_cls[0].token
            ctx.add(
                "meaning",
                "critical" if pw.cls == "verdict" else "major",
                (rc.start, rc.end),
                (best.start, best.end),
                f'rewrite says "{ctx.q((rc.start, rc.end), "rewrite", 70)}"; the source says '
                f'the opposite ("{other.text}": "{ctx.q((best.start, best.end), limit=70)}")',
                0.7,
            )
            return


def _qualified_claim_rule(ctx: Context, sf: SentenceFacts) -> None:
    """The rewrite states what the source only negates or makes conditional.

    "has been charged" where the source says "had not been formally charged"; "have confirmed"
    where the source says "if confirmed"; "the handgun used" where it says "have not said
    whether it was the weapon used".
    """
    qpos = qualified_positions(ctx.rewrite, sf, whole_sentence=True)
    for t in sf.toks:
        if t.start in qpos or not is_predicate(t.text):
            continue
        st = stem(t.text)
        if st in ctx.src_asserted or st not in ctx.src_qualified:
            continue
        k, src_sf, src_t = ctx.src_qualified[st]
        if t.text[:4].lower() != src_t.text[:4].lower():
            continue  # the same verb, not a synonym ("obtained" is not "received")
        context = src_sf.stem_set | (ctx.src_body[k - 1].stem_set if k else frozenset())
        if len((sf.stem_set & context) - {st}) < 2:
            continue  # not about the same thing (the sentence before gives a pronoun's subject)
        rc = clause_at(ctx.rewrite, sf, t.start)
        sc = clause_at(ctx.source, src_sf, src_t.start)
        r_span = (rc.start, rc.end) if rc else (t.start, t.end)
        s_span = _qualifier_span(ctx, src_sf, src_t, sc)
        ctx.add(
            "meaning",
            "critical" if st in CENTRAL_PREDICATE_STEMS else "major",
            r_span,
            s_span,
            f'rewrite states "{ctx.q(r_span, "rewrite", 60)}"; the source only says '
            f'"{ctx.q(s_span, limit=80)}"',
            0.7,
        )
        return


def _qualifier_span(
    ctx: Context, sf: SentenceFacts, t: Any, clause: Clause | None
) -> tuple[int, int]:
    """From the negation or condition word before t to the end of t's clause."""
    start = clause.start if clause else t.start
    end = clause.end if clause else t.end
    for x in sf.toks:
        if x.start >= t.start:
            break
        low = x.text.lower().replace("’", "'")
        if x.start >= sf.sent.start and (
            low in ("not", "never", "no", "if", "unless", "whether") or low.endswith("n't")
        ):
            start = min(start, x.start) if x.start >= start - 80 else start
    return (start, max(end, t.end))


def _quantifier_rule(ctx: Context, sf: SentenceFacts) -> None:
    """ "found guilty on all counts" where the source counts "seven counts" and "two counts"."""
    for start, end, noun, quant in universal_phrases(ctx.rewrite, sf):
        if noun in STOPWORDS:
            continue
        counted: list[tuple[SentenceFacts, Any]] = []
        universal = False
        for i in ctx.src_index.postings.get(noun, [])[:50]:
            a = ctx.src_body[i]
            c, u = quantified_mentions(a, noun, quant)
            universal = universal or u
            counted.extend((a, t) for t in c)
        if universal or not counted:
            continue
        a, t = counted[0]
        ctx.generalised.add(noun)
        sc = clause_at(ctx.source, a, t.start)
        s_span = (sc.start, sc.end) if sc else (t.start, t.end)
        central = bool(sf.stem_set & CENTRAL_PREDICATE_STEMS) and noun in CENTRAL_PREDICATE_STEMS
        ctx.add(
            "meaning",
            "critical" if central else "major",
            (start, end),
            s_span,
            f'rewrite says "{ctx.q((start, end), "rewrite")}"; the source gives only part: '
            f'"{ctx.q(s_span, limit=70)}"',
            0.7,
        )
        return


def _first_ever_rule(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """ "for the first time in the club's history" where the source says "first time since 2011"."""
    m = FIRST_EVER_RE.search(ctx.rewrite, sf.sent.start, sf.sent.end)
    if m is None:
        return
    src = None
    for a in aligned:
        fm = first_since(a.sent.text)
        if fm is not None:
            if "since" not in fm.group().lower():
                return  # the source speaks of history too
            src = (a.sent.start + fm.start(), a.sent.start + fm.end())
            break
    if src is None and first_since(ctx.source) is not None:
        return
    tail = f'source says "{ctx.q(src)}"' if src else "the source makes no such claim"
    ctx.add(
        "meaning", "major", (m.start(), m.end()), src, f'rewrite says "{m.group()}"; {tail}', 0.7
    )


_SUPERLATIVE_EVER_RE = re.compile(
    r"\b(?P<sup>[a-z]+est|most\s+[a-z]+|record)\b(?:\s+[\w’'-]+){0,4}?\s+"
    r"(?:ever\b|in\s+(?:[\w’'-]+\s+){0,3}?history\b|on\s+record\b)|\ball-time\b",
    re.IGNORECASE,
)
_MONTH_ALT = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
_RECORD_SCOPE_RE = re.compile(
    r"\bsince\s+(?:the\s+)?\d{4}s?\b|\bin\s+(?:" + _MONTH_ALT + r")\b"
    r"|\bin\s+(?:decades|years|a\s+decade|a\s+generation|\d+\s+years|[a-z]+\s+years)\b"
    r"|\b(?:this|last)\s+(?:year|season|month|decade|century)\b|\bfor\s+the\s+(?:month|season)\b",
    re.IGNORECASE,
)


def _record_scope_rule(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """A record given a wider scope than the source's: "the deadliest in the country's history"
    or "the highest ever measured" where the source says "since 1998" or "in June"."""
    m = _SUPERLATIVE_EVER_RE.search(ctx.rewrite, sf.sent.start, sf.sent.end)
    if m is None:
        return
    word = (m.group("sup") or "record").lower().split()[-1]
    for a in aligned:
        k = a.sent.text.lower().find(word)
        if k < 0:
            continue
        pos = a.sent.start + k
        limit = min(a.sent.end, pos + 90)
        stop = re.compile(r"[;.]|,\s+(?:when|as|but|and|which|where)\b").search(
            ctx.source, pos, limit
        )
        r = _RECORD_SCOPE_RE.search(ctx.source, pos, stop.start() if stop else limit)
        if r is None:
            continue
        src = (pos, r.end())
        ctx.add(
            "meaning",
            "major",
            (m.start(), m.end()),
            src,
            f'rewrite says "{m.group()}"; source limits the record: "{ctx.q(src)}"',
            0.7,
        )
        return


_NOVELTY_RE = re.compile(
    r"\bthe\s+(?:first|only)\s+(?:[\w’'-]+\s+){0,3}?(?:of\s+its\s+kind|to\s+(?!be\b)[a-z]+)\b"
    r"|\bfirst-ever\b|\bfirst\s+of\s+its\s+kind\b",
    re.IGNORECASE,
)


def _novelty_rule(ctx: Context, sf: SentenceFacts) -> None:
    """An invented first: "the first drug of its kind to show such a benefit" where the source
    claims no first or only at all."""
    m = _NOVELTY_RE.search(ctx.rewrite, sf.sent.start, sf.sent.end)
    if m is None or _NOVELTY_RE.search(ctx.source) or FIRST_EVER_RE.search(ctx.source):
        return
    ctx.add(
        "meaning",
        "major",
        (m.start(), m.end()),
        None,
        f'rewrite says "{m.group()}"; the source claims no such first',
        0.65,
    )
