"""Attribution rules: who the rewrite says made a claim, and claims stated as fact.

What they find: a claim given to a speaker the source never has say it, an invented speaker, two
speakers swapped, a named source made vague, a further clause put in a speaker's mouth, and an
accusation or open inquiry of the source stated as established fact.
Why it matters: a claim's weight depends on who makes it; an allegation is not a finding.
Example: the source says "the union accused the board of hiding losses"; the rewrite says "the
board hid losses".
"""

from __future__ import annotations

import re

from ..align import Alignment
from ..context import Context, span_of
from ..facts import SentenceFacts
from ..lexicon import ATTRIBUTION_VERBS, GENERIC_ORG_SPEAKERS
from ..predicates import clauses_of
from ..segment import tokens
from ..stems import content_stems, stem


def _speaker_match(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    inter = len(a & b)
    return inter >= 1 and inter / min(len(a), len(b)) >= 0.5


def _claim_support(ctx: Context, sf: SentenceFacts, holders: list[SentenceFacts]) -> float:
    """How well the rewrite sentence's content (speaker words aside) is covered by holders."""
    a = sf.attribution
    speaker_words = set(a.keys) if a else set()
    stems = frozenset(
        s for s in sf.stem_set if s not in speaker_words and s != stem(a.verb if a else "")
    )
    if not stems:
        return 1.0
    weights = {s: ctx.src_index.weight(s) for s in stems}
    total = sum(weights.values())
    best = 0.0
    for h in holders:
        best = max(best, sum(weights[s] for s in stems & h.stem_set) / total)
    return best


def attribution_rules(
    ctx: Context, i: int, sf: SentenceFacts, aligned: list[SentenceFacts], al: Alignment
) -> bool:
    """Check who the rewrite says made the claim. Returns True for a whole-sentence finding."""
    a = sf.attribution
    src_attr = [x for x in aligned if x.attribution is not None and x.speaker_keys]
    if (a is not None and not a.vague and a.verb != "reported") or (
        a is not None and a.verb == "reported" and not a.vague and a.keys
    ):
        keys = sf.speaker_keys or a.keys
        if not keys:
            return False
        pool = {id(x): x for k in keys for x in ctx.src_by_speaker.get(k, [])}
        same = sorted(
            (x for x in pool.values() if _speaker_match(keys, x.speaker_keys)),
            key=lambda x: x.sent.start,
        )
        support_same = _claim_support(ctx, sf, same) if same else 0.0
        if same and support_same >= 0.45:
            return False
        support_any = min(_claim_support(ctx, sf, aligned), al.coverage)
        extra = [k for k in a.keys if not ctx.src_index.contains(k) and k not in ctx.src_words]
        speaker = " ".join(a.speaker.split())
        top_same = bool(aligned) and any(x is aligned[0] for x in same) and al.scores[0] >= 0.35
        ents_in_same = all(
            any(k in x.stem_set or k in x.sent.text.lower() for x in same)
            for e in sf.entities
            for k in e.keys
            if k not in a.keys
        )
        if same and support_any < 0.4 and not (top_same and ents_in_same):
            msg = (
                f"rewrite has {speaker} {a.verb} something the source never attributes to them"
                f' (source: "{ctx.q(span_of(same[0].sent), limit=70)}")'
            )
            if extra:
                msg += "; the source mentions no " + ", ".join(extra)
            ctx.add("attribution", "critical", span_of(sf.sent), span_of(same[0].sent), msg, 0.8)
            return True
        if not same and support_any < 0.35 and not a.pronoun:
            msg = f"invented attribution: the source has no statement from {speaker}"
            ctx.add("attribution", "critical", span_of(sf.sent), None, msg, 0.75)
            return True
        # A swap between two named speakers of the source ("Osei said" for what Reyes said).
        # The source sentence that best holds the claim itself, speaker words aside.
        by_claim = max(aligned, key=lambda x: _claim_support(ctx, sf, [x])) if aligned else None
        top_attr = [by_claim] if any(x is by_claim for x in src_attr) else []
        other_speaker = not any(_speaker_match(keys, x.speaker_keys) for x in top_attr)
        # A pronoun speaker counts when it was resolved to a named one ("she" = Lindqvist).
        named = [
            x for x in top_attr if x.attribution and (not x.attribution.pronoun or x.speaker_name)
        ]
        top_stems = by_claim.stem_set if by_claim is not None else frozenset()
        # Neither speaker appears in the other's sentence: not the same body named twice.
        disjoint = bool(named) and not (
            set(keys) & top_stems or named[0].speaker_keys & sf.stem_set
        )
        named_here = any(e.start >= a.start and e.end <= a.end for e in sf.entities)
        # "the company said" for "it added": a generic name for the organisation "it" stands for.
        generic = set(a.keys) <= GENERIC_ORG_SPEAKERS and not named_here
        if (
            named
            and not (generic and named[0].attribution.speaker.lower() in ("it", "they"))
            and same
            and other_speaker
            and not a.pronoun
            and (named_here or disjoint)
            and not set(keys) <= top_stems  # "the department" named in the same source sentence
            and al.scores
            and al.scores[0] >= 0.4
        ):
            other = named[0].speaker_name or named[0].attribution.speaker
            ctx.add(
                "attribution",
                "major",
                (a.start, a.end),
                span_of(named[0].attribution),
                f"rewrite attributes this to {speaker}; source attributes it to {other}",
                0.7,
            )
        return False
    if not src_attr or not al.scores or al.scores[0] < 0.45:
        return False
    top = aligned[0]
    if top.attribution is None or not top.speaker_keys or (top.attribution.pronoun and i == 0):
        return False
    prev = ctx.rw_body[i - 1] if i > 0 else None
    if (
        prev is not None
        and prev.attribution
        and _speaker_match(prev.speaker_keys, top.speaker_keys)
    ):
        return False
    who = top.speaker_name
    if a is not None and a.vague:
        ctx.add(
            "attribution",
            "minor",
            (a.start, a.end),
            span_of(top.attribution),
            f'rewrite attributes vaguely ("{a.speaker}"); source attributes it to {who}',
            0.6,
        )
    return False


# Words that open a further claim of the speaker: "..., and blamed ...", "; ...", "adding that".
_CLAIM_JOINERS = frozenset(["and", "but", "adding", "also", "while", "then"])
_LEAD_SKIP = _CLAIM_JOINERS | {"that"}
_RELATIVE_OPENERS = frozenset(["who", "whom", "whose", "which", "where", "when"])
# Stems of the attribution verbs: the saying, not the claim (the omission rules skip them too).
ATTR_VERB_STEMS = frozenset(stem(v) for v in ATTRIBUTION_VERBS) | {"add", "also"}
# A clause whose content the speaker's source sentences and the whole source cover less than
# this is a claim the rewrite put in the speaker's mouth.
ATTRIBUTED_CLAUSE_SUPPORT = 0.34


def attributed_clause_rule(ctx: Context, sf: SentenceFacts) -> None:
    """A further clause of a speaker's sentence that the source never has them say.

    "The mayor said the barriers had held, and blamed years of underinvestment for the damage"
    where the source has the mayor on the barriers and on the cost, and nobody on the blame.
    The sentence as a whole is supported, so only the clause level shows the invented claim.
    """
    a = sf.attribution
    if a is None or a.vague:
        return
    keys = sf.speaker_keys or a.keys
    if not keys:
        return
    same = [
        x
        for x in {id(x): x for k in keys for x in ctx.src_by_speaker.get(k, [])}.values()
        if _speaker_match(keys, x.speaker_keys)
    ]
    quotes = [(q.start, q.end) for q in sf.quotes]
    clauses = clauses_of(ctx.rewrite, sf)
    for k, c in enumerate(clauses):
        if k == 0 or (a.start < c.end and c.start < a.end):
            continue
        if any(qs < c.end and c.start < qe for qs, qe in quotes):
            continue  # quotations are the quote rules' job
        before = c.start >= a.end
        if not before and sum(1 for t in sf.toks if t.start >= a.end) > 6:
            continue  # a clause ahead of "X said ...": setting, not the speaker's claim
        # Clauses of the speaker's claim before this one (all others, for "..., X said").
        between = [
            x
            for x in clauses
            if x is not c and (not before or (x.end > a.end and x.start < c.start))
        ]
        if before and not between:
            continue  # the speaker's first claim: the sentence-level rules cover it
        if any(x.toks[0].text.lower() in _RELATIVE_OPENERS for x in between if x.start < c.start):
            continue  # after "who ...": about the speaker, not said by them
        gap = ctx.rewrite[clauses[k - 1].end : c.start]
        first = c.toks[0].text.lower()
        if first not in _CLAIM_JOINERS and ";" not in gap:
            continue
        stems = frozenset(c.stems - keys - ATTR_VERB_STEMS)
        if len(stems) < 3:
            continue
        weights = {st: ctx.src_index.weight(st) for st in stems}
        total = sum(weights.values())
        scored = sorted(
            ((sum(weights[st] for st in stems & x.stem_set) / total, x) for x in same),
            key=lambda p: (-p[0], p[1].sent.start),
        )
        if scored and scored[0][0] >= ATTRIBUTED_CLAUSE_SUPPORT:
            continue
        anywhere = ctx.src_index.align(stems, max_picked=1)
        if anywhere.scores and anywhere.scores[0] >= ATTRIBUTED_CLAUSE_SUPPORT:
            continue  # someone in the source says it, or the story states it
        speaker = sf.speaker_name or " ".join(a.speaker.split())
        lead = next((t for t in c.toks if t.text.lower() not in _LEAD_SKIP), c.toks[0])
        claim = ctx.q((lead.start, c.end), "rewrite", 80)
        msg = f'invented attribution: rewrite attributes "{claim}" to {speaker}'
        if scored:
            # The speaker's source sentence nearest to the clause: what they did say.
            near = scored[0][1]
            msg += f'; the source has them say only "{ctx.q(span_of(near.sent), limit=70)}"'
            src_span: tuple[int, int] | None = span_of(near.sent)
        else:
            msg += "; the source has nothing like it"
            src_span = None
        ctx.add("attribution", "critical", (c.start, c.end), src_span, msg, 0.7)
        return


_ALLEGATION_RE = re.compile(
    r"\b(?:(?P<inv>(?:investigat|prob|examin|determin|establish|check)\w*"
    r"|look\w*\s+into|unclear|not\s+known|not\s+clear)\s+(?:whether|if)"
    r"|suspect(?:ed|s)?\s+(?:of|that)"
    r"|(?P<acc>accus(?:ed|es|ing)|alleg(?:ed|es|ing)(?:\s+that)?|claim(?:ed|s|ing)\s+that"
    r"|charg(?:ed|es|ing)\s+that))\s+",
    re.IGNORECASE,
)
_SCOPE_END_RE = re.compile(
    r"[,;:.!?\u2014\u2013\"\u201c\u201d]|\s-\s|\s+(?:and|but)\s+(?:is|are|was|were|has|have|had|said|says|added)\b"
)
# Words that keep a claim open in the rewrite: an accusation, a suspicion, an inquiry.
_OPEN_CLAIM_STEMS = frozenset(
    stem(w)
    for w in (  # noqa: SIM905
        "accused accusation alleged allegation allegedly suspected suspicion investigating "
        "investigation inquiry probe probing whether if claimed claims charged possibly possible "
        "may might could suspect denied examining examine"
    ).split()
)


def source_allegations(
    ctx: Context,
) -> list[tuple[SentenceFacts, tuple[int, int], frozenset[str], bool]]:
    """Claims the source puts under an accusation, allegation, suspicion or open inquiry:
    (sentence, span of marker and claim, the claim's content stems, whether an inquiry)."""
    out = []
    for sf in ctx.src_body:
        for m in _ALLEGATION_RE.finditer(ctx.source, sf.sent.start, sf.sent.end):
            end_m = _SCOPE_END_RE.search(ctx.source, m.end(), sf.sent.end)
            end = end_m.start() if end_m else sf.sent.end
            stems = frozenset(content_stems(tokens(ctx.source, m.end(), end)))
            if len(stems) >= 3:
                out.append(
                    (sf, (m.start(), end), stems, bool(m.group("inv") or not m.group("acc")))
                )
    return out


def allegation_rule(
    ctx: Context,
    sf: SentenceFacts,
    allegations: list[tuple[SentenceFacts, tuple[int, int], frozenset[str], bool]],
) -> None:
    """An accused, alleged, suspected or investigated claim stated as fact: "police are
    investigating whether the fire was set for insurance money" -> "the fire that was set to
    collect insurance money"; "X accused management of using fatigue rules as a bargaining chip"
    -> "Management has been using fatigue rules as a bargaining chip"."""
    for src, span, stems, inquiry in allegations:
        if 4 * len(stems & sf.stem_set) < 3 * len(stems):
            continue
        hits = [t for t in sf.toks if stem(t.text) in stems]
        lo, hi = hits[0].start, hits[-1].end
        window = [t for t in sf.toks if t.end <= hi and t.start >= lo - 60]
        if any(stem(t.text) in _OPEN_CLAIM_STEMS for t in window):
            continue  # the rewrite keeps it an accusation, a suspicion or a question
        if not inquiry and sf.attribution is not None and not sf.attribution.vague:
            continue  # the accuser's words, attributed: "X said management was using ..."
        # The story states it elsewhere without the hedge: not an open claim.
        if any(
            x is not src
            and 4 * len(stems & x.stem_set) >= 3 * len(stems)
            and not _ALLEGATION_RE.search(x.sent.text)
            for x in ctx.src_body
        ):
            continue
        what = "an open line of inquiry" if inquiry else "an accusation"
        ctx.add(
            "attribution" if not inquiry else "meaning",
            "critical" if inquiry else "major",
            (lo, hi),
            span,
            f"rewrite states as fact what the source gives only as {what}"
            f' ("{ctx.q(span, limit=90)}")',
            0.65,
        )
        return
