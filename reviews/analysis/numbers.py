"""Numbers in news text: digits, number words, money and percentages, with spans.

A small hand-written parser is used instead of text2num: text2num's English support converts
whole texts (alpha2digit) without reporting which span produced which value, and it leaves
"a hundred" or "dozens" alone; we need spans, qualifiers ("more than") and kinds (money, percent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9}
_SCALES["trillion"] = 10**12
_SHORT_SCALES = {"bn": 10**9, "mn": 10**6, "m": 10**6, "k": 1_000, "tn": 10**12}
_PLURAL_VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 10**6}
_PLURAL_VAGUE["billions"] = 10**9

_WORD_ALT = "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))
_QUAL = (
    r"(?P<qual>more\s+than|over|at\s+least|nearly|almost|about|around|roughly|approximately|"
    r"some|up\s+to|fewer\s+than|less\s+than|under|as\s+many\s+as|as\s+much\s+as|at\s+most|"
    r"close\s+to|just\s+over|just\s+under|an\s+estimated)\s+"
)
_CUR = r"(?P<cur>US\$|A\$|C\$|HK\$|\$|€|£|¥|₹)\s?"
_NB = r"(?<![\w.,])(?<![A-Za-z]-)"  # not inside a word or a code such as "COVID-19"
_DIGITS = rf"(?P<digits>{_NB}\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|{_NB}\d+(?:\.\d+)?)"
_WORDS = rf"(?P<words>\b(?:an?\s+)?(?:{_WORD_ALT})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD_ALT}))*\b)"
_VAGUE = r"(?P<vague>\b(?:dozens|hundreds|thousands|millions|billions)\b)"
_SCALE = (
    r"(?:[\s-]*(?P<scale>million|billion|trillion|thousand|hundred|bn|mn|tn)\b|(?P<short>[mk])\b)?"
)
_SUFFIX = (
    r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b)"
    r"|[\s-]+(?P<curword>dollars?|euros?|pounds?|yen|yuan|rupees?|cents?)\b)?"
)
NUMBER_RE = re.compile(
    rf"(?:{_QUAL})?(?:{_CUR})?(?:{_DIGITS}|{_WORDS}|{_VAGUE}){_SCALE}{_SUFFIX}", re.IGNORECASE
)
_CURRENCY = {
    "$": "usd",
    "us$": "usd",
    "dollar": "usd",
    "dollars": "usd",
    "€": "eur",
    "euro": "eur",
    "euros": "eur",
    "£": "gbp",
    "pound": "gbp",
    "pounds": "gbp",
    "¥": "jpy",
    "yen": "jpy",
    "yuan": "cny",
    "₹": "inr",
    "rupee": "inr",
    "rupees": "inr",
    "a$": "aud",
    "c$": "cad",
    "hk$": "hkd",
    "cent": "usd-cent",
    "cents": "usd-cent",
}
_APPROX_QUALS = {"nearly", "almost", "about", "around", "roughly", "approximately", "some"}
_APPROX_QUALS |= {"close to", "an estimated"}
_LOWER_QUALS = {"more than", "over", "at least", "just over"}
_UPPER_QUALS = {"up to", "fewer than", "less than", "under", "as many as", "as much as", "at most"}
_UPPER_QUALS |= {"just under"}


_PERIOD_AFTER_RE = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?"
    r"|seasons?|cycles?|terms?|quarters?|semesters?|sessions?|rounds?|generations?|periods?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One quantity in the text: its value, kind and qualifier, with its span."""

    start: int
    end: int
    text: str
    value: float
    kind: str  # count | money | percent | vague
    unit: str  # currency code for money, "%" or "points" for percent, "" otherwise
    qualifier: str  # "", "approx", "lower", "upper"
    is_word: bool


def parse_number_words(words: str) -> float | None:
    """Parse an English number phrase ("a hundred", "twenty-five", "two million") to a value."""
    parts = [p for p in re.split(r"[\s-]+", words.lower()) if p and p != "and"]
    if not parts:
        return None
    total = 0
    current = 0
    seen = False
    for i, p in enumerate(parts):
        if p in ("a", "an"):
            if i != 0:
                return None
            current = 1
            continue
        if p in _UNITS:
            current += _UNITS[p]
            seen = True
        elif p == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif p in _SCALES:
            total += max(current, 1) * _SCALES[p]
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def _qualifier(q: str | None) -> str:
    if not q:
        return ""
    q = " ".join(q.lower().split())
    if q in _APPROX_QUALS:
        return "approx"
    if q in _LOWER_QUALS:
        return "lower"
    if q in _UPPER_QUALS:
        return "upper"
    return ""


# "the two sides", "the two parties": the parties to a dispute, named elsewhere, not a count.
_PARTIES_AFTER_RE = re.compile(r"(?i)\s+(?:sides|parties|camps)\b")


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberMention]:
    """Return the quantities in text[start:end] (dates and times are left to the time extractor)."""
    end = len(text) if end is None else end
    out: list[NumberMention] = []
    for m in NUMBER_RE.finditer(text, start, end):
        digits, words, vague = m.group("digits"), m.group("words"), m.group("vague")
        scale = (m.group("scale") or "").lower()
        short = (m.group("short") or "").lower()
        cur = (m.group("cur") or "").lower()
        curword = (m.group("curword") or "").lower()
        if short and not cur:
            continue  # "5 m" is a distance, not five million, unless money
        anaphoric = text[max(0, m.start() - 4) : m.start()].lower() == "the "
        if anaphoric and words and _PARTIES_AFTER_RE.match(text, m.end()):
            continue
        if digits:
            value = float(digits.replace(",", ""))
        elif words:
            parsed = parse_number_words(words)
            if parsed is None:
                continue
            value = parsed
        else:
            value = float(_PLURAL_VAGUE[vague.lower()])
        mult = _SCALES.get(scale) or _SHORT_SCALES.get(scale) or _SHORT_SCALES.get(short) or 1
        if words and scale and scale in words.lower():
            mult = 1
        value *= mult
        kind, unit = "count", ""
        if m.group("pct"):
            kind = "percent"
            unit = "points" if "point" in m.group("pct").lower() else "%"
        elif cur or curword:
            kind = "money"
            unit = _CURRENCY.get(cur or curword, cur or curword)
            if unit == "usd-cent":
                unit, value = "usd", value / 100
        elif vague:
            kind = "vague"
        qual = _qualifier(m.group("qual"))
        if qual and _PERIOD_AFTER_RE.match(text, m.end()) and m.group("qual").lower() == "over":
            qual = ""  # "over two days" is a period, not "more than two"
        if vague:
            qual = "lower"
        out.append(
            NumberMention(
                m.start(),
                m.end(),
                m.group(),
                value,
                kind,
                unit,
                qual,
                bool(words) and not digits,
            )
        )
    return out


def same_quantity(a: NumberMention, b: NumberMention) -> bool:
    """Whether two mentions state the same quantity (3 = three, $2.1bn = 2.1 billion dollars)."""
    if a.kind != b.kind and not ({a.kind, b.kind} <= {"count", "vague"}):
        return False
    if a.kind == "money" and b.kind == "money" and a.unit != b.unit:
        return False
    if a.kind == "percent" and a.unit != b.unit:
        return False
    if a.value == b.value:
        return True
    big = max(abs(a.value), abs(b.value))
    # Rounding in a rewrite ("$2.13 billion" -> "$2.1 billion") keeps the quantity.
    return big > 0 and abs(a.value - b.value) / big < 0.025 and (a.qualifier or b.qualifier)


def spell(value: float) -> str:
    """Format a value for messages without a trailing ".0"."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
