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

from ...report import Finding
from ..frames import TimeExpr
from ..pair import AlignedPair, finding
from ..thresholds import CONF_CONTRADICTION, CONF_WEAK

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
    ]
)
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
    if ws & DURATION_UNITS and re.search(
        r"\d|\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", t.norm
    ):
        return "duration"
    return "other"


UNIT_HOURS = {"minute": 1 / 60, "hour": 1, "day": 24, "week": 168, "month": 730, "year": 8760}
SMALL_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve"
NUMBER_WORDS = {w: i for i, w in enumerate(SMALL_NUMBERS.split(" "))} | {"a": 1, "an": 1}


def duration_hours(norm: str) -> tuple[float, ...]:
    """The lengths a duration names, in hours ("seven to 14 days" -> (168, 336)); () if none."""
    ws = norm.replace("-", " ").split()
    values: list[float] = []
    out: list[float] = []
    for w in ws:
        if w.isdigit():
            values.append(float(w))
        elif w in NUMBER_WORDS:
            values.append(float(NUMBER_WORDS[w]))
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


def detect(pair: AlignedPair) -> list[Finding]:
    """Time findings for every rewrite time expression."""
    out: list[Finding] = []
    src_norms = {t.norm for f in pair.source.frames for t in f.times}
    src_time_words = {w for n in src_norms for w in n.split()} | pair.source_words
    for frame in pair.rewrite.frames:
        near = [t for f in pair.support_sentences(frame) for t in f.times]
        aligned = [t for f in pair.support_frames(frame) for t in f.times]
        for t in frame.times:
            if t.norm in src_norms or AGE.search(t.text.lower()):
                continue
            definite = [s for s in near if not s.vague]
            if t.vague:
                if definite and not any(s.vague for s in near):
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
                continue
            words = _content(t.norm)
            if words and words <= src_time_words:
                continue  # the same words arranged differently ("Oct. 7" / "7 October")
            same_kind = [s for s in aligned if not s.vague and kind(s) == k]
            if k == "duration" and any(
                duration_hours(s.norm) == duration_hours(t.norm) for s in same_kind
            ):
                continue  # "one to two weeks" for "seven to 14 days"
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
    return out
