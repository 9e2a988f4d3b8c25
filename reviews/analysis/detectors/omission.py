"""Omission detector: source sentences and figures the rewrite dropped.

What it finds: a source sentence whose content the rewrite mostly lacks; a figure, name or
negation in a source sentence the rewrite otherwise keeps, when the rewrite has nothing like
it anywhere.
Why it matters: a dropped fact, a dropped count or a dropped "not" changes the story as much as
a wrong one.
Example: source "Two people died and five were hurt"; rewrite "Two people died" drops the
injured; source "He has not been charged" dropped entirely.
"""

from __future__ import annotations

import re

from ..align import coverage
from ..frames import Frame
from ..lexicon import canonical, words
from ..pair import DATELINE, AlignedPair, finding
from ..quantities import Quantity, same_value, values_in
from ..rank import is_central, severity
from ..report import Finding
from ..thresholds import (
    CLAUSE_DROPPED,
    CONF_ABSENT,
    CONF_DATELINE,
    CONF_WEAK,
    DROPPED_COVERAGE,
    MIN_CLAUSE_LEMMAS,
    MIN_CONTENT_LEMMAS,
)

WORD = re.compile(r"[A-Za-z]+")
# Clauses a conjunction of contrast can open: an adverbial or coordinated clause, or the
# complement of a report that is itself opened by one.
CONTRAST_ROLES = frozenset({"advcl", "conj", "ccomp"})


def _dateline(pair: AlignedPair) -> list[Finding]:
    """The source's dateline and credit line, when the rewrite names neither the agency nor
    the place the story was filed from."""
    m = DATELINE.match(pair.source.text)
    if m is None:
        return []
    place = m.group(1)[: m.start(2) - m.start(1) - 1].split(",")[0].strip()
    for named in (m.group(2), place):
        if re.search(rf"\b{re.escape(named)}\b", pair.rewrite.text, re.IGNORECASE):
            return []
    # Phenomenon: a dropped dateline and credit line, where the story comes from and whose.
    # A rewrite that names the place elsewhere ("Ardley's council voted...") still tells the
    # reader where; only the credit is gone, which readers of a rewrite are rarely owed.
    message = f"the rewrite drops the dateline and the {m.group(2)} credit"
    return [finding("omission", "minor", None, m.span(1), message, CONF_DATELINE)]


def detect(pair: AlignedPair) -> list[Finding]:
    """Omission findings, each with a source span only."""
    out: list[Finding] = _dateline(pair)
    kept = pair.rewrite_lemmas
    by_sent: dict[int, list] = {}
    for f in pair.source.frames:
        by_sent.setdefault(f.sent, []).append(f)
    rw_nouns = {canonical(q.noun) for f in pair.rewrite.frames for q in f.numbers if q.noun}
    rw_figures = [q for f in pair.rewrite.frames for q in f.numbers]
    src_values = {q.value for f in pair.source.frames for q in f.numbers}
    # Phenomenon: the recogniser reads a figure on one side as part of a time, age or name
    # ("children under 10", "the 17 night-shift workers"), so it is no figure there; the
    # numeral is still written, and the figure kept.
    phrases = [t.text for f in pair.rewrite.frames for t in f.times]
    phrases += [n.text for f in pair.rewrite.frames for n in f.names]
    in_phrases = {v for t in phrases for v in values_in(t)}
    for sent, frames in by_sent.items():
        lemmas = frozenset().union(*(f.lemmas for f in frames))
        if _only_dateline(pair, pair.source.sentences[sent]):
            continue  # the dateline's own rule judges it, not the dropped-sentence rule
        if len(lemmas) < MIN_CONTENT_LEMMAS:
            out.extend(_dropped_qualifiers(pair, frames))
            out.extend(_short_count_dropped(pair, frames, sent, rw_figures))
            continue
        cov = pair.kept_coverage(sent)
        material = any(f.numbers or f.names or f.negated for f in frames)
        central = any(is_central(f) for f in frames)
        if cov < DROPPED_COVERAGE:
            # Phenomenon: a whole source sentence dropped.
            out.append(
                finding(
                    "omission",
                    severity(material=material) if not central else "major",
                    None,
                    pair.source.sentences[sent],
                    "the rewrite drops this sentence",
                    CONF_ABSENT + (DROPPED_COVERAGE - cov) / 2,
                )
            )
            continue
        out.extend(_dropped_qualifiers(pair, frames))
        new_units = _new_figures(pair, frames, src_values)
        for f in frames:
            for q in f.numbers:
                if q.noun and canonical(q.noun) in rw_nouns:
                    continue  # the rewrite counts the same thing: changed, not dropped
                if q.unit in new_units:
                    continue  # replaced by another figure: the number detector's finding
                if q.value > 1 and f"#{q.value:g}" not in kept and q.value not in in_phrases:
                    # Phenomenon: a figure dropped from a sentence that is otherwise kept; one
                    # in a clause about a central fact ("four of the killed were...") matters.
                    central = is_central(f) or bool(f.text_lemmas & words("central_nouns"))
                    out.append(
                        finding(
                            "omission",
                            severity(material=central),
                            None,
                            f.span,
                            f"the rewrite drops the figure {q.text} {q.noun}".strip(),
                            CONF_WEAK,
                        )
                    )
                    break
    return out


def _short_count_dropped(
    pair: AlignedPair, frames: list[Frame], sent: int, rw_figures: list[Quantity]
) -> list[Finding]:
    """A sentence too short to judge by its words whose count the rewrite never gives for
    the same thing.

    Phenomenon: a count in a short sentence dropped ("Another two were hurt, it said."): its
    few words are everywhere in the rewrite, and so is the number, counting something else
    ("two soldiers"); only a figure of that value for the same noun, or the same predicate
    when the count has no noun, keeps it.
    """
    for f in frames:
        for q in f.numbers:
            if q.value < 2 or q.unit:
                continue
            if any(same_value(r.value, q.value, 0) and _counts_same(q, r) for r in rw_figures):
                continue
            return [
                finding(
                    "omission",
                    severity(material=True, central=is_central(f)),
                    None,
                    pair.source.sentences[sent],
                    f"the rewrite drops this sentence and its figure {q.text}",
                    CONF_WEAK,
                )
            ]
    return []


def _counts_same(q: Quantity, r: Quantity) -> bool:
    """Two figures count the same thing: the same noun when both have one, else the same
    predicate ("two were injured" is not "targeted two outposts")."""
    if q.noun and r.noun:
        return canonical(q.noun) == canonical(r.noun)
    return not q.predicate or not r.predicate or canonical(q.predicate) == canonical(r.predicate)


def _only_dateline(pair: AlignedPair, span: tuple[int, int]) -> bool:
    """The sentence is the source's dateline and credit with at most a dash after it (a
    dateline set off by a hyphen is parsed as a sentence of its own)."""
    d = pair.source_dateline
    if d is None or span[0] > d[1]:
        return False
    return not re.search(r"\w", pair.source.text[max(d[1], span[0]) : span[1]])


def _new_figures(pair: AlignedPair, frames: list[Frame], src_values: set[float]) -> set[str]:
    """Units of the figures the rewrite puts in the sentences keeping these source clauses
    that the source never gives ("" for a bare count).

    Phenomenon: a figure replaced rather than dropped ("a profit of $112 million" kept as "a
    profit of $121 million", "17-9" as "17 shots to seven"). The slot is still filled, by a
    wrong figure; that is a changed number on the rewrite side, and the source figure is
    not missing from the story as well.
    """
    sent = frames[0].sent
    out: set[str] = set()
    for j in {j for f in frames for j in pair.kept_by[f.index].sources}:
        rf = pair.rewrite.frames[j]
        best = pair.supports[rf.index].sources
        # The rewrite clause must stand for this sentence, not merely share words with it.
        if best and pair.source.frames[best[0]].sent == sent:
            out.update(q.unit for q in rf.numbers if q.value not in src_values)
    return out


def _qualifies(f: Frame) -> str:
    """What kind of qualification the clause carries, or "".

    A relative clause describes a participant ("a doctor who did not work on the trial")
    rather than qualifying the event. A hedged clause ("further cuts were possible") is not
    a qualification of another: dropped whole, it takes away a speculation, and the reader
    is left with less, not misinformed (on the spent sets such findings were right 1 in 9).
    """
    if f.reporting or f.role == "relcl":
        return ""
    if f.negated:
        return "denial"
    if f.predicate.split()[0] in words("denial_words"):
        return "denial"
    if f.factuality == "conditional":
        return "condition"
    return ""


def _contrasted(pair: AlignedPair, f: Frame) -> bool:
    """The clause is opened by a conjunction of contrast, or is the content of a report that is
    ("but said the risk was small": the "but" belongs to "said", the claim to its complement).
    """
    contrast = words("contrast_words")
    text = pair.source.text
    for g in (f, _reporter(pair, f)):
        if g is None:
            continue
        before = WORD.findall(text[g.sent_span[0] : g.span[0]])[-1:]
        first = WORD.findall(text[g.span[0] : g.span[1]])[:1]
        if any(w.lower() in contrast for w in before + first):
            return True
    return False


def _reporter(pair: AlignedPair, f: Frame) -> Frame | None:
    """The reporting clause just before a complement clause in the same sentence, if any."""
    if f.role != "ccomp" or f.index == 0:
        return None
    g = pair.source.frames[f.index - 1]
    return g if g.sent == f.sent and g.reporting else None


def _denied_elsewhere(pair: AlignedPair, f: Frame, own: frozenset[str]) -> bool:
    """A rewrite clause keeping this source sentence denies something the clause names.

    Phenomenon: a denial restated with another negation or a verb of denial ("there is no
    danger of a flood" / "the agency ruled out a flood", "had no bearing" / "did not
    affect"): the words of the denied thing survive, the words of the denying do not.
    """
    denial = words("denial_words")
    for s in pair.source_by_sentence.get(f.sent, ()):
        for j in pair.kept_by[s.index].sources:
            rf = pair.rewrite.frames[j]
            if (rf.negated or rf.predicate.split()[0] in denial) and rf.lemmas & own:
                return True
    return False


def _dropped_qualifiers(pair: AlignedPair, frames: list[Frame]) -> list[Finding]:
    """A negation, denial, condition or counterpoint dropped from a sentence the rewrite keeps.

    Phenomenon: a qualifying clause omitted inside a kept sentence ("the company said sales
    rose, but it could not rule out a loss" kept without the caveat; "he said no layoffs were
    planned" losing its denial). The clause's own content words are looked for in the whole
    rewrite (not just the aligned sentence), so a qualification the rewrite moved elsewhere is
    kept.
    """
    out = []
    for f in frames:
        kind = _qualifies(f)
        if not kind and not f.reporting and f.role in CONTRAST_ROLES and _contrasted(pair, f):
            # Phenomenon: a counterpoint dropped from a kept sentence ("sales rose, though
            # margins fell" kept as "sales rose"): what is left reads as the whole account.
            kind = "counterpoint"
        if not kind:
            continue
        own = f.lemmas - {f"@{f.speaker}"} - set(f.speaker.split())
        if len(own) < MIN_CLAUSE_LEMMAS:
            continue
        cov = coverage(own, pair.rewrite_lemmas, pair.rewrite_index)
        if cov >= CLAUSE_DROPPED:
            continue
        if kind == "denial" and _denied_elsewhere(pair, f, own):
            continue
        out.append(
            finding(
                "omission",
                severity(material=True),
                None,
                f.span,
                f"the rewrite drops this {kind}",
                CONF_WEAK + (CLAUSE_DROPPED - cov) / 2,
            )
        )
    return out
