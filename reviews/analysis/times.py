# ruff: noqa: RUF001 -- typographic quotes are data here
"""Dates and time expressions of a sentence, normalised so equal times compare equal."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import MONTHS, WEEKDAYS
from .numbers import parse_number_words

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_ALT = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUMW = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|a\s+few|few|many|some|\d+\s+or\s+\d+)"
)
_UNIT = r"(?:seconds|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|nights?)"
_DUR_NUM = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty)"
)
TIME_RE = re.compile(
    r"(?P<date>\b(?:" + _MONTH_ALT + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTH_ALT + r")\.?(?:,?\s+\d{4})?\b"
    r"|\b(?:in|since|until|by|from|of|during|last|next|early|late|mid-?)\s+(?:"
    + _MONTH_ALT
    + r")\.?(?:\s+\d{4})?\b(?!\s+\d)"
    r"|\b(?:january|february|march|april|june|july|august|september|october|november|december)"
    r"\s+\d{4}\b)"
    r"|(?P<weekday>\b(?:(?:early|late|last|next|this|on)\s+)?(?:" + _DAY_ALT + r")s?"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b)"
    r"|(?P<clock>\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b)"
    r"|(?P<year>(?<![\w$.,])(?:1[89]\d\d|20\d\d)(?:s)?\b(?!\s*%|\s*percent|,\d))"
    r"|(?P<rel>\b(?:yesterday|today|tonight|tomorrow|overnight"
    r"|(?:last|this|next|earlier\s+this|later\s+this|earlier\s+in\s+the|later\s+in\s+the)\s+"
    r"(?:night|week|weekend|month|year|season|quarter|morning|afternoon|evening|decade|spring|"
    r"summer|fall|autumn|winter)"
    r"|(?:" + _NUMW + r")\s+" + _UNIT + r"\s+(?:ago|later|earlier|after|before|prior|from\s+now)"
    r"|(?:the\s+)?(?:past|last|next|previous|coming)\s+(?:"
    + _NUMW
    + r"\s+)?"
    + _UNIT
    + r"|(?:minutes|hours|days|weeks|months|years|moments)\s+(?:after|before|later|earlier)"
    r"|(?:within|for|in)\s+(?:"
    + _NUMW
    + r")\s+"
    + _UNIT
    + r"|(?:by|at|until|before)\s+the\s+end\s+of\s+(?:the\s+)?(?:\w+)"
    r"|end\s+of\s+(?:the\s+)?(?:week|month|year|quarter))\b)"
    r"|(?P<period>\b(?:(?:early|late)\s+(?:in\s+)?(?:the\s+)?)?(?:first|second)[\s-]half"
    r"(?:\s+stoppage\s+time)?\b|\bstoppage\s+time\b)"
    r"|(?P<dur>(?<![\w$.,-])" + _DUR_NUM + r"[\s-]" + _UNIT + r"\b(?![\s-]+old\b)(?!-)"
    r"(?!\s+a\s+(?:day|week)\b)(?!\s+per\b))"
    r"|(?P<span>\b(?:in|for)\s+(?:decades|years|generations|a\s+generation|living\s+memory)\b)"
    r"|(?P<vague>\b(?:recently|lately|shortly\s+(?:after|before|afterwards?)|soon\s+after|"
    r"not\s+long\s+after|in\s+recent\s+(?:days|weeks|months|years)|some\s+time\s+ago|"
    r"a\s+while\s+ago|at\s+some\s+point|in\s+the\s+past(?!\s+(?:"
    + _NUMW
    + r"\s+)?"
    + _UNIT
    + r")|eventually|previously|earlier)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A date or time expression with a normalised form for comparison."""

    start: int
    end: int
    text: str
    norm: str
    vague: bool
    # date | weekday | clock | year | rel | period | dur | span ("in decades") | vague
    kind: str = ""


_MINUTES = {
    "second": 1 / 60,
    "minute": 1,
    "hour": 60,
    "day": 1440,
    "night": 1440,
    "week": 10080,
    "month": 43200,
    "year": 525600,
    "decade": 5256000,
    "centurie": 52560000,
}


def _unit_minutes(word: str) -> float | None:
    w = word[:-1] if word.endswith("s") else word
    return _MINUTES.get(w)


def _norm_time(text: str) -> str:
    words = re.findall(r"[a-z]+|\d+", text.lower().replace("’", "'"))
    out: list[str] = []
    for w in words:
        if w in ("on", "the", "of", "in", "st", "nd", "rd", "th", "at", "during"):
            continue
        # "a year before" = "a year earlier"; "47 minutes after" = "47 minutes later".
        w = {"before": "earlier", "prior": "earlier", "after": "later", "ago": "earlier"}.get(w, w)
        if w in MONTHS:
            w = MONTHS[w]
        if w.endswith("s") and w[:-1] in WEEKDAYS:
            w = w[:-1]  # "on Saturdays" = "every Saturday"
        unit = _unit_minutes(w)
        if unit is not None and out and re.fullmatch(r"\d+|a|an|last", out[-1]):
            # Durations compare by length: "two weeks" = "14 days"; "last year" = "a year ago".
            prev = out.pop()
            count = 1 if prev in ("a", "an", "last") else int(prev)
            out.append(f"{count * unit:g}min")
            if prev == "last":
                out.append("earlier")
            continue
        if unit is not None and out and out[-1] in ("past", "next", "previous", "coming"):
            out.append(f"{unit:g}min")  # "the past decade" = "the past 10 years"
            continue
        v = parse_number_words(w) if w.isalpha() and w not in ("a", "an") else None
        if v is not None:
            w = str(int(v))
        out.append(w)
    if any(w in WEEKDAYS for w in out):
        # "early Tuesday" = "Tuesday morning"; "late Sunday" = "Sunday night" = "Sunday evening".
        out = [_PART_OF_DAY.get(w, w) for w in out]
    return " ".join(out)


_PART_OF_DAY = {"early": "morning", "late": "evening", "night": "evening"}


def find_times(text: str, start: int, end: int) -> list[TimeMention]:
    """Date and time expressions in text[start:end] ("Oct. 7", "last week", "hours after")."""
    out = []
    for m in TIME_RE.finditer(text, start, end):
        if (
            m.group("date")
            and m.group().lower().startswith("may")
            and not re.search(r"\d", m.group())
        ):
            continue
        if m.group("date") and re.match(r"(?i)(?:of|by|from|in|since)\s+may\b", m.group()):
            continue
        kind = m.lastgroup or ""
        vague = kind in ("vague", "span")
        out.append(TimeMention(m.start(), m.end(), m.group(), _norm_time(m.group()), vague, kind))
    return out
