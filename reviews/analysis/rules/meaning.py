"""Meaning rules: hedges, negations, intensity and modifiers the rewrite changes.

What they find: a hedged claim stated as certain, a negation dropped or added, a strong word for
a weak one ("soared" for "edged up"), a classifying modifier swapped on the same noun.
Why it matters: the same facts with a different certainty or strength tell another story.
Example: the source says "the drug may slow the disease"; the rewrite says "the drug slows the
disease".
"""

from __future__ import annotations

from typing import Any

from ..context import Context, span_of
from ..facts import SentenceFacts
from ..lexicon import CLASSIFIER_EQUIVALENTS, CLASSIFIERS, HEDGE_EQUIVALENTS, STRONG_EQUIVALENTS
from ..stems import stem


def meaning_rules(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """Hedges, negations and strong words the rewrite sentence drops, adds or swaps."""
    if not aligned:
        return
    top = aligned[0]
    c = sf.cues
    src_hedges = [(a, h) for a in aligned[:2] for h in a.cues.hedges]
    keeps_hedge = any(t.text.lower() in HEDGE_EQUIVALENTS for t in sf.toks)
    if src_hedges and not c.hedges and not keeps_hedge:
        owner, h = src_hedges[0]
        scope = cue_scope(owner, h.end)  # the words the hedge covers, in its own sentence
        # The best-matching source sentence states it plainly: the hedge is about something else.
        plain = (
            owner is not top and not top.cues.hedges and 2 * len(scope & top.stem_set) > len(scope)
        )
        if (
            scope
            and not plain
            and len(scope & sf.stem_set) >= max(min(2, len(scope)), len(scope) // 2)
        ):
            ctx.add(
                "meaning",
                "major",
                span_of(sf.sent),
                span_of(h),
                f'source hedges ("{h.text}"); the rewrite states it as certain',
                0.6,
            )
    src_neg = [t for a in aligned[:2] for t in a.cues.negations]
    if src_neg and not c.negations:
        for t in src_neg:
            owner = next(a for a in aligned if t in a.cues.negations)
            if _exceptive(owner, t) and any(x.text.lower() in _ONLY_WORDS for x in sf.toks):
                continue  # "does not vote except to break ties" = "votes only to break ties"
            scope = cue_scope(owner, t.end)
            if len(scope) >= 2 and len(scope & sf.stem_set) >= max(2, (len(scope) + 1) // 2):
                ctx.add(
                    "meaning",
                    "major",
                    span_of(sf.sent),
                    (t.start, min(owner.sent.end, t.end + 60)),
                    f'the source negates this ("{ctx.q((t.start, t.end + 40), limit=50)}"); '
                    "the rewrite does not",
                    0.55,
                )
                break
    if c.negations and not any(a.cues.negations for a in aligned):
        t = c.negations[0]
        scope = cue_scope(sf, t.end)
        if len(scope) >= 2 and len(scope & top.stem_set) >= max(2, (len(scope) + 1) // 2):
            ctx.add(
                "meaning",
                "major",
                (t.start, min(sf.sent.end, t.end + 40)),
                span_of(top.sent),
                f'rewrite negates ("{ctx.q((t.start, t.end + 30), "rewrite", 40)}"); '
                "the source does not",
                0.55,
            )
    for t in c.strong:
        if stem(t.text) in {stem(x.text) for a in aligned for x in a.cues.strong}:
            continue
        same = STRONG_EQUIVALENTS.get(t.text.lower(), ())
        if any(w in a.sent.text.lower() for a in aligned for w in same):
            continue  # "talks collapsed" for "talks broke down"
        weak = [x for a in aligned for x in a.cues.weak]
        sev = "major" if weak else "minor"
        src = span_of(weak[0]) if weak else span_of(top.sent)
        tail = f'source says "{weak[0].text}"' if weak else "the source is not that strong"
        ctx.add("meaning", sev, span_of(t), src, f'rewrite says "{t.text}"; {tail}', 0.55)
    _modifier_rule(ctx, sf, aligned)


_CLASSIFIER_EQ = {k: frozenset(stem(w) for w in v) for k, v in CLASSIFIER_EQUIVALENTS.items()}
_ONLY_WORDS = frozenset(["only", "solely", "just", "exclusively"])
_EXCEPT_WORDS = frozenset(["except", "unless", "but", "besides", "other"])


def _exceptive(sf: SentenceFacts, neg: Any) -> bool:
    """A negation with an exception a few words on: "not ... except", "no one other than"."""
    after = [t.text.lower() for t in sf.toks if t.start >= neg.end][:5]
    return any(w in _EXCEPT_WORDS for w in after[1:])


def cue_scope(sf: SentenceFacts, pos: int, width: int = 4) -> set[str]:
    """Content stems just after a cue: what it hedges or negates."""
    out: list[str] = []
    for t in sf.toks:
        if t.start < pos:
            continue
        st = sf.stems and stem(t.text)
        if t.text.lower() in _SCOPE_SKIP:
            continue
        out.append(st)
        if len(out) >= width:
            break
    return set(out)


_SCOPE_SKIP = frozenset(
    "be been being is was were are has have had the a an to that it".split()  # noqa: SIM905
)


def _modifier_rule(ctx: Context, sf: SentenceFacts, aligned: list[SentenceFacts]) -> None:
    """A modifier swapped on the same head noun: "foreign reserves" -> "currency reserves"."""
    if not aligned:
        return
    top_stems = frozenset().union(*(a.stem_set for a in aligned))
    toks = sf.toks
    for j in range(len(toks) - 1):
        mod, head = toks[j], toks[j + 1]
        if ctx.rewrite[mod.end : head.start] != " " or not mod.text.islower():
            continue
        if mod.text.endswith("ly") or head.text.endswith(("ed", "ing")):
            continue  # adverb + verb, not a modifier on a noun
        if j > 0 and toks[j - 1].text.lower() in _INTENSIFIERS:
            continue  # "much shorter sentences": a comparison, not a classifying modifier
        if any(t.start <= mod.start < t.end for t in sf.times):
            continue
        m_st, h_st = stem(mod.text), stem(head.text)
        if m_st in top_stems or h_st not in top_stems or len(mod.text) < 4:
            continue
        if not head.text.islower() or mod.text.lower() in _FUNCTION_MODS:
            continue
        for a in aligned:
            for k in range(1, len(a.toks)):
                st_tok, prev = a.toks[k], a.toks[k - 1]
                if stem(st_tok.text) != h_st or ctx.source[prev.end : st_tok.start] != " ":
                    continue
                p_st = stem(prev.text)
                if (
                    prev.text.lower() in CLASSIFIERS
                    and prev.text.islower()
                    and len(prev.text) >= 4
                    and prev.text.lower() not in _FUNCTION_MODS
                    and p_st not in sf.stem_set
                    and p_st != m_st
                    and m_st not in _CLASSIFIER_EQ.get(prev.text.lower(), ())
                ):
                    ctx.add(
                        "meaning",
                        "minor",
                        (mod.start, head.end),
                        (prev.start, st_tok.end),
                        f'rewrite says "{mod.text} {head.text}"; source says '
                        f'"{prev.text} {st_tok.text}"',
                        0.5,
                    )
                    return


_INTENSIFIERS = frozenset(
    ["much", "far", "even", "slightly", "somewhat", "considerably", "significantly", "bit", "lot"]
)
_FUNCTION_MODS = frozenset(
    """this that these those their there other another some many much more most such which
    what whose where when have been were with from into also than then very about over after
    before under several each every both either neither only same said says told""".split()  # noqa: SIM905
)
