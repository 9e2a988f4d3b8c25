"""Time detector: dates and times the source does not give, and definite times made vague.

What it finds: a rewrite time expression of the same kind as the aligned source clause's but
with another value ("Tuesday" for "Monday", "March" for "May", "three weeks" for "11 days");
a vague time word ("recently", "soon") replacing a definite source time ("last week").
Why it matters: when something happened, and for how long, is part of what happened.
Example: source "The plant closed last week"; rewrite "The plant closed recently" loses the
time; "The plant closed on Friday" where the source says Thursday contradicts it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from ..frames import Frame, TimeExpr
from ..lexicon import mapping
from ..lexicon import words as word_list
from ..pair import AlignedPair, finding
from ..report import Finding
from ..thresholds import CONF_ABSENT, CONF_CONTRADICTION, CONF_WEAK, MIN_SHARED_ARGUMENTS

WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
DURATION_UNITS = frozenset(
    [
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
    ]
)
# "24 hours a day", "three days a week": a rate of time per period, not how long it lasts.
PER_PERIOD = re.compile(r"\s+(a|an|per|each|every)\s+(minute|hour|day|week|month|year)\b")
# Characters before a time expression searched for a qualifier the recogniser left out of it.
BOUND_WINDOW = 16
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
AGE = re.compile(r"\b\d+[- ]year[- ]old\b|\baged?\b")


def kind(t: TimeExpr) -> str:
    """weekday, month, year, clock, duration, other: what sort of time an expression gives."""
    ws = set(t.norm.split())
    if ws & WEEKDAYS:
        return "weekday"
    if ws & MONTHS:
        return "month"
    if re.search(r"\b(1[89]|20)\d\d\b", t.norm):
        return "year"
    if re.search(r"\d:\d\d|\b(am|pm|a m|p m)\b", t.norm):
        return "clock"
    if ws & DURATION_UNITS and re.search(r"\d|\b(" + "|".join(NUMBER_WORDS) + r")\b", t.norm):
        return "duration"
    return "other"


UNIT_HOURS = {"minute": 1 / 60, "hour": 1, "day": 24, "week": 168, "month": 730, "year": 8760,
              "decade": 87600}  # fmt: skip
SMALL_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve"
TEENS = "thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}  # fmt: skip
NUMBER_WORDS = (
    {w: i for i, w in enumerate(SMALL_NUMBERS.split(" "))}
    | {w: 13 + i for i, w in enumerate(TEENS.split(" "))}
    | TENS
    | {"a": 1, "an": 1}
)


def duration_hours(norm: str) -> tuple[float, ...]:
    """The lengths a duration names, in hours ("seven to 14 days" -> (168, 336)); () if none."""
    ws = norm.replace("-", " ").split()
    values: list[float] = []
    out: list[float] = []
    for w in ws:
        if w.isdigit():
            values.append(float(w))
        elif w in NUMBER_WORDS:
            n = float(NUMBER_WORDS[w])
            if values and values[-1] in TENS.values() and n < 10:
                values[-1] += n  # "twenty-five"
            else:
                values.append(n)
        elif w.rstrip("s") in UNIT_HOURS and values:
            out.extend(v * UNIT_HOURS[w.rstrip("s")] for v in values)
            values = []
    return tuple(sorted(out))


def _content(norm: str) -> set[str]:
    return {
        w
        for w in norm.split()
        if w.isdigit() or w in WEEKDAYS or w in MONTHS or w in DURATION_UNITS
    }


DURATION_PHRASE = re.compile(
    r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")[- ](minute|hour|day|week|month|year|decade)s?\b"
)


def text_durations(text: str, sentences: tuple[tuple[int, int], ...]) -> dict[float, list[int]]:
    """Every length "<number> <unit>" in a text, in hours, with the sentences that give it,
    whether or not the entity recogniser marked it ("under two minutes" is often not one)."""
    starts = [a for a, _ in sentences]
    out: dict[float, list[int]] = {}
    for m in DURATION_PHRASE.finditer(text.lower()):
        sent = max(bisect_right(starts, m.start()) - 1, 0)
        for h in duration_hours(m.group(0)):
            out.setdefault(h, []).append(sent)
    return out


def _given_elsewhere(
    t: TimeExpr, frame: Frame, pair: AlignedPair, lengths: dict[float, list[int]]
) -> bool:
    """The source gives this length in a sentence about the same things (sharing at least
    ``MIN_SHARED_ARGUMENTS`` content lemmas with the rewrite clause): alignment picked another
    sentence, the length is still the source's."""
    for h in duration_hours(t.norm):
        sents = lengths.get(h, ())
        if not any(
            len(frame.lemmas & f.lemmas) >= MIN_SHARED_ARGUMENTS
            for n in sents
            for f in pair.source_by_sentence.get(n, ())
        ):
            return False
    return True


def _other_reference(
    t: TimeExpr, frame: Frame, aligned: list[TimeExpr], src_norms: set[str]
) -> TimeExpr | None:
    """The aligned source clause's definite time that a relative reference replaced.

    Only when the source never uses the rewrite's expression, neither expression contains the
    other ("this month" in "earlier this month"), and the rewrite clause does not also give
    the source's time. Only a reference built on a calendar unit or season counts: a part of
    the day ("morning") or "the weekend" restates a date as often as it moves it.
    """
    mine = set(t.norm.split()) - {"a", "an"}
    if t.norm in src_norms or not mine & word_list("calendar_words"):
        return None
    if mine & word_list("comparison_time_words") or mine & {"every", "each", "per"}:
        return None  # a comparison baseline or a frequency, not when it happened
    here = {x.norm for x in frame.times}
    for s in aligned:
        theirs = set(s.norm.split()) - {"a", "an"}
        if s.vague or s.norm in here or mine <= theirs or theirs <= mine:
            return None
        if _same_streak(mine, theirs):
            return None  # Phenomenon: a streak of periods restated ("fourth year running")
    return next((s for s in aligned if not s.vague), None)


def _bound(text: str, span: tuple[int, int], spans_too: bool) -> tuple[str, str]:
    """The bound a qualifier puts on a time ("at least Wednesday", "nearly nine hours") and its
    phrase: min, max or approx (data/qualifiers.txt), whether the recogniser took the
    qualifier into the expression or left it just before; ("", "") when there is none.

    "over" is a bound before a length ("over 30 hours") and a span of time as often ("over
    five years", "over the first year"); it counts only with ``spans_too``.
    """
    table, own_re, before_re = _bound_patterns(spans_too)
    m = own_re.match(text[span[0] : span[1]].lower())
    if m:
        return table[m.group(1)], ""
    m = before_re.search(text[max(span[0] - BOUND_WINDOW, 0) : span[0]].lower())
    if m:
        return table[m.group(1)], m.group(1)
    return "", ""


@cache
def _bound_patterns(spans_too: bool) -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    """The time qualifiers with their bounds, and patterns for one opening an expression and
    one just before it (longest phrase first)."""
    table = {
        p: c
        for p, c in mapping("qualifiers").items()
        if (p != "over" or spans_too) and p not in word_list("degree_comparatives")
    }
    alt = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
    return table, re.compile(rf"({alt})\s"), re.compile(rf"\b({alt})\s+(?:the\s+)?$")


def _value(t: TimeExpr) -> tuple[float, ...] | frozenset[str]:
    """What a time names without its qualifier: a length in hours, or its day, month, year
    and number words."""
    if kind(t) == "duration":
        return duration_hours(t.norm)
    return frozenset(w for w in t.norm.split() if w in NUMBER_WORDS or w in _content(w))


def _bound_changed(t: TimeExpr, frame: Frame, pair: AlignedPair) -> Finding | None:
    """The aligned source clause gives the same time with a bound the rewrite drops or changes.

    Phenomenon: an earliest date or a lower bound stated as firm ("until at least Wednesday"
    / "until Wednesday"), or a bound turned round ("nearly nine hours" / "more than nine
    hours"): the same day or length, a different claim about it.
    """
    mine = _value(t)
    if not mine:
        return None
    for s in pair.support_frames(frame):
        for x in s.times:
            if _value(x) != mine:
                continue
            theirs, phrase = _bound(pair.source.text, x.span, spans_too=False)
            ours, _ = _bound(pair.rewrite.text, t.span, spans_too=True)
            if theirs and ours != theirs:
                said = f"{phrase} {x.text}" if phrase else x.text
                message = f"rewrite says {t.text!r}; source says {said!r}"
                return finding("time", "minor", t.span, x.span, message, CONF_WEAK)
            return None
    return None


def _moved_day(t: TimeExpr, k: str, frame: Frame, pair: AlignedPair) -> list[Finding]:
    """A weekday or month the source gives for something else, where the best-aligned source
    clause gives another of the same kind and the rewrite clause does not also give that one.

    Phenomenon: a day moved to one the source names for another event ("peaked on Tuesday"
    where it peaked on Monday and schools stay shut on Tuesday). A time the source uses
    elsewhere is excused only when the aligned clause says nothing against it.
    """
    if k not in ("weekday", "month") or frame.reporting:
        return []  # the day a statement was made is often moved next to another clause
    mine = _content(t.norm)
    here = {w for x in frame.times for w in _content(x.norm)}
    for s in pair.support_frames(frame)[:1]:
        if any(_content(x.norm) & mine for x in s.times):
            return []  # the aligned clause gives this time too (among others)
        for x in s.times:
            theirs = _content(x.norm)
            if kind(x) == k and not x.vague and theirs and not (theirs & mine or theirs <= here):
                message = f"rewrite says {t.text!r}; source says {x.text!r}"
                return [finding("time", "major", t.span, x.span, message, CONF_WEAK)]
    return []


MEASURE_OF = re.compile(r"\s+of\b")
# The source times a span counted in a period can stand for: one on the scale of that period
# or coarser ("in decades" for "since 1998", not for "on Monday" or "at 2 a.m.").
_DAYS = frozenset({"weekday", "month", "year", "other"})
_YEARS = frozenset({"year", "other"})
SPAN_STANDS_FOR = {
    "days": _DAYS,
    "weeks": _DAYS,
    "months": frozenset({"month", "year", "other"}),
    "years": _YEARS,
    "decades": _YEARS,
    "centuries": _YEARS,
}


def _replaceable_by_vague(t: TimeExpr, s: TimeExpr) -> bool:
    """A vague rewrite word ``t`` can stand in for the definite source time ``s``.

    Not when ``t`` orders events within the story (data/sequence_times.txt: "earlier",
    "later"), when ``s`` is a length rather than a point ("10 years"), when ``t`` is a span
    finer than ``s`` (SPAN_STANDS_FOR), or when ``s`` itself contains the vague word ("shortly
    after 3 a.m." for "shortly": the source says it too).
    """
    if t.norm in word_list("sequence_times") or kind(s) == "duration":
        return False
    unit = t.norm.split()[-1]
    if t.norm in word_list("vague_spans") and kind(s) not in SPAN_STANDS_FOR.get(unit, _YEARS):
        return False
    return not set(t.norm.split()) <= set(s.norm.split())


ORDINAL = re.compile(r"^(\d+(st|nd|rd|th)|first|second|third|[a-z]+th)$")


def _same_streak(mine: set[str], theirs: set[str]) -> bool:
    """Two expressions count the same run of periods ("a ninth straight year" / "the ninth
    year in a row"): they share a calendar unit and an ordinal, whatever else they say."""
    shared = mine & theirs
    calendar = word_list("calendar_words")
    return bool(shared & calendar) and any(ORDINAL.match(w) for w in shared - calendar)


def detect(pair: AlignedPair) -> list[Finding]:
    """Time findings for every rewrite time expression."""
    out: list[Finding] = []
    src_lengths = text_durations(pair.source.text, pair.source.sentences)
    src_norms = {t.norm for f in pair.source.frames for t in f.times}
    src_time_words = {w for n in src_norms for w in n.split()} | pair.source_words
    for frame in pair.rewrite.frames:
        near = [t for f in pair.support_sentences(frame) for t in f.times]
        aligned = [t for f in pair.support_frames(frame) for t in f.times]
        for t in frame.times:
            # A vague word the source uses elsewhere still loses the aligned clause's definite
            # time ("recently" for "last week"); only definite times are excused that way.
            if AGE.search(t.text.lower()):
                continue
            bound = _bound_changed(t, frame, pair)
            if bound is not None:
                out.append(bound)
                continue
            if t.norm in src_norms and not t.vague:
                out.extend(_moved_day(t, kind(t), frame, pair))
                continue
            definite = [s for s in near if not s.vague]
            if t.vague and MEASURE_OF.match(pair.rewrite.text, t.span[1]):
                continue  # a span followed by "of" measures something ("years of neglect"): no time
            if t.vague:
                # Excused only by the same word in the best-aligned source sentence: the vague
                # word itself draws weak alignment to any sentence that uses it.
                primary = pair.support_frames(frame)[:1]
                same = [
                    s
                    for p in primary
                    for f in pair.source_by_sentence.get(p.sent, ())
                    for s in f.times
                    if s.vague and s.norm == t.norm
                ]
                definite = [d for d in definite if _replaceable_by_vague(t, d)]
                if definite and not same:
                    # Phenomenon: a definite time replaced by one with no fixed reference.
                    s = definite[0]
                    out.append(
                        finding(
                            "time",
                            "minor",
                            t.span,
                            s.span,
                            f"rewrite says {t.text!r} where the source says {s.text!r}",
                            CONF_WEAK,
                        )
                    )
                continue
            k = kind(t)
            if k == "other":
                moved = _other_reference(t, frame, aligned, src_norms)
                if moved is not None:
                    # Phenomenon: a relative or calendar reference replaced by another ("by
                    # the end of the year" for "by the end of March", "this spring" for
                    # "next spring").
                    out.append(
                        finding(
                            "time",
                            "major",
                            t.span,
                            moved.span,
                            f"rewrite says {t.text!r}; source says {moved.text!r}",
                            CONF_WEAK,
                        )
                    )
                continue
            words = _content(t.norm)
            # The same words arranged differently ("Oct. 7" / "7 October"). Not for a duration
            # with a value: "an hour" shares only its unit word with any source that says
            # "hours" somewhere; its length is compared below instead.
            if k == "duration" and PER_PERIOD.match(pair.rewrite.text, t.span[1]):
                continue  # a share of each period (hours a day), not a length of time
            measured = k == "duration" and bool(duration_hours(t.norm))
            if words and words <= src_time_words and not measured:
                out.extend(_moved_day(t, k, frame, pair))
                continue
            if any(_same_streak(set(t.norm.split()), set(s.norm.split())) for s in aligned):
                continue  # Phenomenon: a streak of periods restated ("fourth year running")
            same_kind = [s for s in aligned if not s.vague and kind(s) == k]
            if k == "duration" and any(
                duration_hours(s.norm) == duration_hours(t.norm) for s in same_kind
            ):
                continue  # the same length in other units ("two weeks" for "14 days")
            if measured and _given_elsewhere(t, frame, pair, src_lengths):
                continue  # the length the source gives, in another clause or with no entity
            if same_kind:
                # Phenomenon: a time contradicted by the aligned source clause's time.
                s = same_kind[0]
                out.append(
                    finding(
                        "time",
                        "major",
                        t.span,
                        s.span,
                        f"rewrite says {t.text!r}; source says {s.text!r}",
                        CONF_CONTRADICTION,
                    )
                )
            elif k == "year":
                years = set(YEAR.findall(t.norm)) - set(YEAR.findall(pair.source.text))
                if years:
                    # Phenomenon: a year the source never gives (an invented date or record
                    # baseline: "the highest since 2008").
                    out.append(
                        finding(
                            "time",
                            "major",
                            t.span,
                            None,
                            f"the source never gives the year {min(years)}",
                            CONF_ABSENT,
                        )
                    )
    return out
