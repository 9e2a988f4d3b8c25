"""Number detector: figures the source does not give for the thing they count.

What it finds: a rewrite figure whose counted noun (or unit) has a different figure in the
aligned source clauses ("19 killed" where the source says "six killed"); a figure bound to a
different noun than in the source ("six soldiers" where the source's six were civilians); a
figure the source never gives; a qualifier dropped or changed ("at least 40" to "40").
Why it matters: numbers are the facts readers repeat; casualties and money are central.
Example: source "At least 12 workers were hurt"; rewrite "Twelve workers were killed" keeps
the figure (no number finding) but "20 workers were hurt" contradicts it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..frames import Frame
from ..lexicon import canonical, mapping, words
from ..pair import AlignedPair, finding
from ..quantities import Quantity, same_value
from ..rank import is_central, severity
from ..report import Finding
from ..thresholds import (
    BORROWED_FIGURE_ALIGNMENT,
    CONF_ABSENT,
    CONF_CONTRADICTION,
    CONF_WEAK,
    ELSEWHERE_FIGURES,
    ROUNDING_TOLERANCE,
)

QUALIFIER_WORDS = {"min": "a lower bound", "max": "an upper bound", "approx": "an estimate"}


def _label(q: Quantity) -> str:
    """The figure as written with the noun it counts as written ("$2.4 billion budget",
    "three children"): what a reader searches the text for."""
    noun = q.noun_text or q.noun
    shown = q.shown
    return f"{shown} {noun}".strip() if noun and noun.lower() not in shown.lower() else shown


def _per(period: str) -> str:
    """A rate's period as a reader says it: "a year", "an hour"."""
    return "an hour" if period == "hour" else f"a {period}"


def _same_thing(a: Quantity, b: Quantity) -> bool:
    """Both figures count the same noun (synonyms folded) or carry the same unit."""
    if a.unit or b.unit:
        return a.unit == b.unit
    if a.noun and b.noun:
        return canonical(a.noun) == canonical(b.noun)
    return False


class SourceFigures:
    """Every source figure, indexed by value (sorted, for rounding) and by what it counts."""

    def __init__(self, figures: list[Quantity]) -> None:
        self.sorted = sorted(figures, key=lambda q: q.value)
        self.values = [q.value for q in self.sorted]
        self.by_thing: dict[str, list[Quantity]] = {}
        self.by_predicate: dict[str, list[Quantity]] = {}
        for q in figures:
            if q.predicate:
                self.by_predicate.setdefault(canonical(q.predicate), []).append(q)
        for q in figures:
            for key in _thing_keys(q):
                self.by_thing.setdefault(key, []).append(q)

    def has_value(self, value: float) -> bool:
        """The source gives this figure somewhere (or a rounded form of it)."""
        lo = bisect_left(
            self.values, value * (1 - ROUNDING_TOLERANCE) if value >= 0 else value * 1.1
        )
        hi = bisect_right(
            self.values, value * (1 + ROUNDING_TOLERANCE) if value >= 0 else value * 0.9
        )
        return any(same_value(s.value, value, ROUNDING_TOLERANCE) for s in self.sorted[lo:hi])

    def same_thing(self, q: Quantity) -> list[Quantity]:
        """Source figures counting the same noun or in the same unit as ``q``."""
        out: list[Quantity] = []
        for key in _thing_keys(q):
            out.extend(s for s in self.by_thing.get(key, ()) if _same_thing(s, q))
        return out


def _nominalised(a: Quantity, b: Quantity) -> bool:
    """One figure's noun names the other's predicate ("infections" / "were infected")."""
    stem = 5
    return bool(
        (a.noun and b.predicate and a.noun[:stem] == b.predicate[:stem])
        or (b.noun and a.predicate and b.noun[:stem] == a.predicate[:stem])
    )


def _thing_keys(q: Quantity) -> list[str]:
    return [f"unit:{q.unit}"] if q.unit else ([f"noun:{canonical(q.noun)}"] if q.noun else [])


def _moved_predicate(q: Quantity, same: list[Quantity], near: list[Quantity]) -> Quantity | None:
    """The source's other figure for the rewrite figure's predicate, when the source binds the
    rewrite's value to a different predicate only."""
    pred = canonical(q.predicate)
    if not pred or pred in words("light_verbs") or pred in words("reporting_verbs"):
        return None
    if any(canonical(s.predicate) == pred for s in same):
        return None  # the source has this figure with this verb too
    return next(
        (
            r
            for r in near
            if canonical(r.predicate) == pred
            and not same_value(r.value, q.value, ROUNDING_TOLERANCE)
            and (not r.noun or not q.noun or _same_thing(r, q))
            and not r.unit
            and not q.unit
        ),
        None,
    )


RANGE_BOUND = {"high": "max", "low": "min"}  # "up to" the top end, "at least" the bottom


def _one_end_of_range(q: Quantity, same: list[Quantity]) -> Quantity | None:
    """The source figure of the same value when it is only ever one end of a range there and
    the rewrite gives it alone, without the bound that keeps the range's sense."""
    if q.range_end or any(not s.range_end for s in same):
        return None
    end = same[0]
    return None if q.qualifier == RANGE_BOUND[end.range_end] else end


def _multipliers(pair: AlignedPair) -> list[Finding]:
    """A multiple changed: "more than tripled" where the aligned source clause says "more
    than doubled".

    Phenomenon: a figure stated by a verb of multiplying (data/multiplier_verbs.txt); the
    factor is the figure, and another factor contradicts it like another numeral would.
    """
    factors = mapping("multiplier_verbs")
    out = []
    for frame in pair.rewrite.frames:
        mine = factors.get(frame.predicate)
        if mine is None:
            continue
        for s in pair.support_frames(frame)[:1]:
            theirs = factors.get(s.predicate)
            if theirs is not None and theirs != mine:
                out.append(
                    finding(
                        "number",
                        severity(material=True, central=is_central(frame)),
                        frame.pred_span,
                        s.pred_span,
                        f"rewrite says {_at(pair.rewrite.text, frame.pred_span)}; the source "
                        f"says {_at(pair.source.text, s.pred_span)}",
                        CONF_CONTRADICTION,
                    )
                )
    return out


def _at(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]


def _range_of(end: Quantity, near: list[Quantity]) -> tuple[Quantity, Quantity]:
    """Both ends of the source range ``end`` belongs to (itself twice if the other end is not
    among the aligned figures)."""
    if end.range_end == "low":
        later = [r for r in near if r.range_end == "high" and r.span[0] > end.span[0]]
        return end, min(later, key=lambda r: r.span[0], default=end)
    earlier = [r for r in near if r.range_end == "low" and r.span[0] < end.span[0]]
    return max(earlier, key=lambda r: r.span[0], default=end), end


def detect(pair: AlignedPair) -> list[Finding]:
    """Number findings for every rewrite figure."""
    out: list[Finding] = _multipliers(pair)
    everywhere = SourceFigures([q for f in pair.source.frames for q in f.numbers])
    implied: set[float] | None = None
    for frame in pair.rewrite.frames:
        frames = pair.support_sentences(frame)
        near = [q for f in frames for q in f.numbers]
        best = pair.support_frames(frame)[:1]
        top = best[0].numbers if best else ()
        strong = pair.supports[frame.index].coverage >= BORROWED_FIGURE_ALIGNMENT
        for q in frame.numbers:
            f = (
                _check(q, frame, near, everywhere, top, strong)
                or _total_given_to_part(q, frame, frames, pair.source.frames)
                or _total_given_to_described_part(q, frame, frames)
            )
            if f is not None and f.message.startswith(NEVER):
                if implied is None:
                    implied = _implied_counts(pair.source.text)
                if q.value in implied or _as_written(q, pair) or _one_of(q, pair):
                    continue
                if _verbatim(q, pair.source.text):
                    continue
            if f is not None:
                out.append(f)
    return out


def _verbatim(q: Quantity, text: str) -> bool:
    """The source writes the same numeral ("21,368"), though its parse did not take it for a
    figure (inside a name, a score, a table): a message saying the source never gives it
    would be wrong."""
    if not q.text[:1].isdigit():
        return False
    return re.search(rf"(?<![\d.,]){re.escape(q.text)}(?![\d]|[.,]\d)", text) is not None


def _one_of(q: Quantity, pair: AlignedPair) -> bool:
    """ "One snuffbox" for a snuffbox the source mentions: "one" restates the article.

    Phenomenon: a single thing counted in the rewrite ("one snuffbox was found") that the
    source names without a numeral ("a fourth snuffbox was found"); one is not a new figure.
    """
    if q.value != 1 or not q.noun_text:
        return False
    after = pair.rewrite.text[q.marked[1] : q.marked[1] + 40].lstrip().lower()
    if after.startswith("of "):
        return False  # "one of" picks a member of a group ("one of the pilots"); it counts none
    noun = canonical(q.noun)
    return any(noun in f.lemmas for f in pair.source.frames)


ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


def _implied_counts(text: str) -> set[float]:
    """Counts the source states without a numeral: ordinals ("a second dry winter", "ranked
    14th") and "both".

    Phenomenon: a count restated as a figure ("both sides" / "the two sides", "a second
    winter in a row" / "two consecutive winters", "ranked 14th" / "No. 14"); the figure is
    the source's, written another way.
    """
    table = mapping("implied_counts")
    out = {float(v) for w in re.findall(r"[a-z]+", text.lower()) if (v := table.get(w))}
    out.update(float(m.group(1)) for m in ORDINAL.finditer(text))
    return out


NEVER = "the source never gives"
WORD = re.compile(r"[\w.-]+")


def _as_written(q: Quantity, pair: AlignedPair) -> bool:
    """The source writes the figure with the same word beside it ("Wolf 1148 b", "Route 9").

    Phenomenon: a figure that is part of an identifier (a name, a model, a route) rather than
    a count; the parser may take it for a count in one text and for part of a name in the
    other, but the same figure next to the same word is the source's own.
    """
    text = pair.rewrite.text
    before = WORD.findall(text[max(q.span[0] - 40, 0) : q.span[0]])
    after = WORD.findall(text[q.span[1] : q.span[1] + 40])
    src = pair.source_flat
    fig = q.text.lower()
    return bool(
        (before and f"{before[-1].lower()} {fig}" in src)
        or (after and f"{fig} {after[0].lower()}" in src)
    )


def _elsewhere(q: Quantity, rival: Quantity, everywhere: SourceFigures) -> str:
    """The source's other figures for the same event ("killed six militants ... killed nine
    people"), so the message names every figure the rewrite's could have come from."""
    pred = canonical(q.predicate)
    if not pred or pred in words("light_verbs") or pred in words("reporting_verbs"):
        return ""
    seen = {rival.value, q.value}
    out: list[str] = []
    for s in everywhere.by_predicate.get(pred, ()):
        if s.value not in seen and len(out) < ELSEWHERE_FIGURES:
            seen.add(s.value)
            out.append(f"{_label(s)} {s.predicate_text or s.predicate}")
    return f"; elsewhere it says {' and '.join(out)}" if out else ""


def _total_given_to_part(
    q: Quantity, frame: Frame, frames: list[Frame], every: tuple[Frame, ...]
) -> Finding | None:
    """A total given to one group within it: "killing three people ... Two of the dead were
    passengers" rewritten "three passengers were killed".

    Phenomenon: the figure is the source's total, but the rewrite's noun names a part the
    source counts with a smaller figure, in a clause of its own that names the rewrite's noun
    as what that figure's members are ("two of the dead were passengers", "four of them were
    children"); a smaller figure counting the noun itself ("5,000 people") is another fact.
    The total must be in the aligned source sentences; the breakdown may be anywhere.
    """
    if not q.noun:
        return None
    noun = canonical(q.noun)
    whole = [
        s for f in frames for s in f.numbers if same_value(s.value, q.value, ROUNDING_TOLERANCE)
    ]
    if not whole or any(_same_thing(s, q) or not s.noun for s in whole):
        return None
    for f in every:  # the breakdown is often a later sentence of its own
        if noun not in f.lemmas or any(s in f.numbers for s in whole):
            continue
        for part in f.numbers:
            if part.value < q.value and not part.noun:
                return finding(
                    "number",
                    severity(material=True, central=is_central(frame)),
                    q.marked,
                    f.span,
                    f"rewrite gives the total {q.shown} to {q.noun_text or q.noun}; in the source "
                    f"{whole[0].shown} counts {whole[0].noun_text or 'all of them'}, and "
                    f"{part.shown} of them are {q.noun_text or q.noun}",
                    CONF_WEAK,
                )
    return None


STEM = 5  # letters a verb and its nominalisation share ("injured" / "injuries")


def _total_given_to_described_part(
    q: Quantity, frame: Frame, frames: list[Frame]
) -> Finding | None:
    """A total given what the source says of only part of it: "40 passengers were checked by
    medics, six of them for burns" rewritten "40 passengers suffered burns".

    Phenomenon: the rewrite's verb for the figure is, in the source, the description of a
    smaller figure inside the same clause ("nine of them with injuries"), while the source's
    figure of the rewrite's value has another verb.
    """
    pred = canonical(q.predicate)
    if q.unit or not pred or pred in words("light_verbs") | words("reporting_verbs"):
        return None
    stem = q.predicate[:STEM]
    for f in frames:
        whole = [s for s in f.numbers if same_value(s.value, q.value, ROUNDING_TOLERANCE)]
        if not whole or any(canonical(s.predicate) == pred for s in whole):
            continue
        if q.noun and not any(_same_thing(s, q) for s in whole):
            continue  # another noun: the moved-noun rules judge it
        described = any(w[:STEM] == stem for w in f.text_lemmas if w != f.predicate)
        part = next((r for r in f.numbers if r.value < q.value and not r.noun), None)
        if described and part is not None:
            return finding(
                "number",
                severity(material=True, central=is_central(frame)),
                q.marked,
                f.span,
                f"rewrite says {q.shown} {q.predicate_text or q.predicate}; in the source "
                f"{whole[0].shown} {whole[0].predicate_text or 'are counted'}, and that is "
                f"said of {part.shown} of them",
                CONF_WEAK,
            )
    return None


def _check(
    q: Quantity,
    frame: Frame,
    near: list[Quantity],
    everywhere: SourceFigures,
    top: tuple[Quantity, ...] = (),
    strong: bool = False,
):
    """The number finding for rewrite figure ``q``, if any; ``top`` are the figures of the
    best-aligned source clause, ``strong`` says the rewrite clause restates it closely."""
    central = is_central(frame)
    same = [s for s in near if same_value(s.value, q.value, ROUNDING_TOLERANCE)]
    other_unit = [s for s in same if s.unit and q.unit and s.unit != q.unit]
    if other_unit and not any(s.unit == q.unit for s in same):
        # Phenomenon: the figure kept with another unit ("9 miles" for "9 kilometres", "€5
        # million" for "$5 million"): a different quantity under the same numeral.
        s = other_unit[0]
        return finding(
            "number",
            severity(material=True, central=central),
            q.marked,
            s.marked,
            f"rewrite gives {q.shown}; the source's figure is {s.shown}",
            CONF_CONTRADICTION,
        )
    if same:
        match = next((s for s in same if _same_thing(s, q) or not s.noun or not q.noun), None)
        if match is None:
            # Phenomenon: the figure is kept but now counts a noun the source counts with a
            # different figure ("six people" where the source's six were militants and its
            # people were nine). A figure on a merely reworded noun is paraphrase.
            s = same[0]
            if _nominalised(q, s):
                return None  # the same figure on its noun nominalised ("40 hurt" / "40 injuries")
            rival = next(
                (
                    r
                    for r in near
                    if _same_thing(r, q) and not same_value(r.value, q.value, ROUNDING_TOLERANCE)
                ),
                None,
            )
            if rival is None:
                return None
            return finding(
                "number",
                severity(material=True, central=central),
                q.marked,
                rival.marked,
                f"rewrite says {_label(q)}; the source's {_label(rival)}, and its {s.shown} "
                f"counts {s.noun_text or s.noun or 'something else'}",
                CONF_WEAK,
            )
        moved = _moved_predicate(q, same, near)
        if moved is not None:
            # Phenomenon: a figure moved to another predicate. The count is the source's, but
            # the source counts something else with the rewrite's verb ("four were admitted,
            # one remains in intensive care" to "four remain in intensive care").
            return finding(
                "number",
                severity(material=True, central=central),
                q.marked,
                moved.marked,
                f"rewrite says {q.shown} {q.predicate}; in the source {match.shown} "
                f"{match.predicate or 'is given'} and {moved.shown} {moved.predicate}",
                CONF_WEAK,
            )
        # A range's period is written once, after its upper end ("between $4 million and $6
        # million a year"): the lower end is a rate of the same period.
        ranged = not match.period and any(r.period == q.period for r in near)
        if q.period and match.period != q.period and not ranged:
            # Phenomenon: a figure made a rate over another period ("a month" for "a year"), or
            # a total made a rate.
            was = "a total, with no period"
            if match.period:
                was = f"{match.shown} {_per(match.period)}"
            return finding(
                "number",
                severity(material=True, central=central),
                q.marked,
                match.marked,
                f"rewrite gives {q.shown} {_per(q.period)}; in the source it is {was}",
                CONF_CONTRADICTION,
            )
        if {q.step, match.step} == {"by", "to"} and canonical(q.predicate) != "be":
            # Phenomenon: a change given as its result, or a result as the change ("narrowed
            # the lead to 38" / "cut the lead by 38"): the same figure, another fact.
            said = {"by": "the size of a change", "to": "the level after a change"}
            return finding(
                "number",
                severity(material=True, central=central),
                (q.step_start, q.marked[1]),
                (match.step_start, match.marked[1]),
                f"rewrite gives {q.step} {q.shown}, {said[q.step]}; in the source {match.step} "
                f"{match.shown} is {said[match.step]}",
                CONF_CONTRADICTION,
            )
        one_end = _one_end_of_range(q, same)
        if one_end is not None:
            # Phenomenon: a range given as one of its ends ("from 800 million to 1.4 billion"
            # to "1.4 billion"): an uncertain or varying figure stated as one exact figure.
            # "up to" the top end or "at least" the bottom one keeps the range's meaning.
            low, high = _range_of(one_end, near)
            return finding(
                "number",
                "major",
                q.marked,
                (low.marked[0], high.marked[1]),
                f"rewrite gives {q.shown}; the source gives a range, {low.shown} to {high.shown}",
                CONF_CONTRADICTION,
            )
        if match.qualifier != q.qualifier and match.qualifier:
            # Phenomenon: a bound or estimate stated as an exact figure, or a bound changed.
            was = QUALIFIER_WORDS.get(match.qualifier, match.qualifier)
            return finding(
                "number",
                "minor",
                q.marked,
                match.marked,
                f"rewrite gives {q.shown} without the source's qualifier: there it is {was}",
                CONF_WEAK,
            )
        return None
    rival = next((s for s in near if _same_thing(s, q)), None)
    if everywhere.has_value(q.value):
        # The figure is elsewhere in the source: a moved fact, judged by alignment, unless
        # the clause this one restates closely gives its own figure for the same thing.
        # Phenomenon: a figure borrowed from another sentence, where it counts something
        # else ("inflation held at 5.7 percent" where 5.7 percent was wage growth and
        # inflation stayed at 4.8 percent).
        rival = next((s for s in top if _same_thing(s, q)), None) if strong else None
        if rival is None:
            return None
    if rival is not None:
        # Phenomenon: a figure contradicted by the source's figure for the same thing.
        return finding(
            "number",
            severity(material=True, central=central),
            q.marked,
            rival.marked,
            f"rewrite says {_label(q)}; source says {_label(rival)}"
            + _elsewhere(q, rival, everywhere),
            CONF_CONTRADICTION,
        )
    # Phenomenon: a figure with no counterpart in the source at all.
    return finding(
        "number",
        severity(material=True, central=central),
        q.marked,
        near[0].marked if near else None,
        f"{NEVER} the figure {_label(q)}",
        CONF_ABSENT,
    )
