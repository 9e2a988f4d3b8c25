"""Numbers bound to what they count: value, unit, qualifier, counted noun, governing predicate.

Phenomenon: a figure in news text means something only with the noun it counts ("six
militants"), its unit ("$20 million", "40 percent") and its qualifier ("at least six"). The
dependency parse gives the binding: a ``nummod`` number's head is the counted noun; a number
that is itself the subject or object ("six were killed") counts whatever its ``of`` phrase
names, or nothing explicit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from .lexicon import mapping, words

WORD_VALUES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "a": 1, "an": 1,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}  # fmt: skip
UNIT_WORDS = {"$": "dollar", "dollar": "dollar", "€": "euro", "euro": "euro", "£": "pound",
              "pound": "pound", "%": "percent", "percent": "percent", "per": "percent",
              "yen": "yen", "yuan": "yuan", "rupee": "rupee", "crown": "crown",
              "krona": "crown", "krone": "crown", "franc": "franc", "peso": "peso",
              "rand": "rand", "zloty": "zloty"}  # fmt: skip


def _unit_words() -> dict[str, str]:
    """Currency signs and words, percent, and the units of measure in data/measure_units.txt."""
    return {**UNIT_WORDS, **mapping("measure_units")}


NUMERIC = re.compile(r"^\d[\d,]*(\.\d+)?$")


@dataclass(frozen=True)
class Quantity:
    """One figure: its value, where it is, what it counts and how it is qualified."""

    value: float
    text: str
    span: tuple[int, int]
    noun: str  # lemma of the counted noun, "" when none is explicit
    unit: str  # dollar, percent, ... or ""
    qualifier: str  # min, max, approx or ""
    predicate: str  # lemma of the verb the figure's noun phrase belongs to
    period: str  # the rate's period ("year" in "$96 a year", "month" in "per month") or ""
    # The figure as a reader sees it, with its currency sign and unit word ("$2.4 billion",
    # "5.7 percent"), and the counted noun as written ("children", not the lemma "child"):
    # what messages quote and findings mark.
    whole: tuple[int, int] = (0, 0)
    whole_text: str = ""
    noun_text: str = ""
    range_end: str = ""  # "low" or "high" when the figure is one end of a range, else ""
    predicate_text: str = ""  # the governing verb as written ("killed")
    # "by" when the figure is the size of a change ("cut by 38"), "to" when it is the level
    # a change ends at ("cut to 38"), else ""; and where that preposition starts.
    step: str = ""
    step_start: int = 0

    @property
    def shown(self) -> str:
        """The figure as written, sign and unit included."""
        return self.whole_text or self.text

    @property
    def marked(self) -> tuple[int, int]:
        """The span of the whole figure, sign and unit included."""
        return self.whole if self.whole != (0, 0) else self.span


def token_value(tok: Any) -> float | None:
    """The value of a single number token, or None."""
    t = tok.text.lower().replace(",", "")
    if NUMERIC.match(tok.text):
        try:
            return float(t)
        except ValueError:
            return None
    if t in SCALES:
        return float(SCALES[t])
    if t in WORD_VALUES and t not in {"a", "an"}:
        return float(WORD_VALUES[t])
    if "-" in t:  # twenty-five
        parts = t.split("-")
        if all(p in WORD_VALUES for p in parts):
            return float(sum(WORD_VALUES[p] for p in parts))
    return None


def values_in(text: str) -> set[float]:
    """Values of the numerals written in a short phrase ("under 10", "17 night" -> 10, 17)."""
    out = set()
    for w in re.findall(r"[\w,.-]+", text.lower()):
        w = w.strip(",.")
        if NUMERIC.match(w):
            out.add(float(w.replace(",", "")))
        elif w in WORD_VALUES and w not in {"a", "an"}:
            out.add(float(WORD_VALUES[w]))
    return out


def _is_number(tok: Any) -> bool:
    """A numeral; not "one" used as a pronoun ("no one was hurt", "the one who won")."""
    if tok.pos_ == "PRON":
        return False
    if (
        tok.lower_ == "one"
        and tok.i > 0
        and tok.doc[tok.i - 1].lower_ in words("pronoun_one_words")
    ):
        return False
    return (tok.like_num or tok.pos_ == "NUM") and token_value(tok) is not None


def _qualifier(first: Any, sent_start: int) -> str:
    """Qualifier phrase ending just before the figure ("at least", "more than", "about")."""
    doc = first.doc
    table = mapping("qualifiers")
    for width in (3, 2, 1):
        if first.i - width < sent_start:
            continue
        phrase = " ".join(t.lower_ for t in doc[first.i - width : first.i])
        if phrase in table:
            return table[phrase]
    # "$" and similar currency signs sit between the qualifier and the digits.
    if first.i > 0 and doc[first.i - 1].text in UNIT_WORDS:
        return _qualifier(doc[first.i - 1], sent_start) if first.i - 1 > sent_start else ""
    return ""


def _governing_verb(tok: Any) -> Any:
    return next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)


def _governing_predicate(tok: Any) -> str:
    verb = _governing_verb(tok)
    return verb.lemma_.lower() if verb is not None else ""


def _counted_noun(group: list[Any]) -> Any:
    """The noun a number group counts, following nummod / quantmod / "of" / compound links."""
    last = group[-1]
    head = last.head
    if last.dep_ in {"nummod", "quantmod"} and head.pos_ in {"NOUN", "PROPN", "SYM", "NUM"}:
        while head.dep_ in {"nummod", "quantmod"} and head.head.i != head.i:
            head = head.head
        return head
    if last.dep_ == "compound" and head.pos_ in {"NOUN", "PROPN"}:
        return head
    for child in last.children:  # "six of the militants"
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def quantities(sent: Any, skip: set[int]) -> list[Quantity]:
    """The figures in one sentence; tokens in ``skip`` (dates, times) are not figures."""
    out: list[Quantity] = []
    group: list[Any] = []
    toks = [t for t in sent if t.i not in skip]
    for tok in [*toks, None]:
        if tok is not None and _is_number(tok) and (not group or tok.i == group[-1].i + 1):
            group.append(tok)
            continue
        if tok is not None and group and _compound_hyphen(group[-1], tok):
            group.append(tok)  # "Thirty-seven", split by the tokenizer, is one figure
            continue
        if group:
            q = _make(group, sent.start, sent.end)
            if _is_figure(q, group):
                out.append(q)
            group = []
        if tok is not None and _is_number(tok):
            group = [tok]
    return _ranges(sent, out) if len(out) > 1 else out


TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})


def _compound_hyphen(prev: Any, tok: Any) -> bool:
    """The hyphen of a compound number word ("thirty-seven") between a tens word and a unit."""
    doc = tok.doc
    if tok.text != "-" or prev.lower_ not in TENS or tok.i + 1 >= len(doc):
        return False
    value = WORD_VALUES.get(doc[tok.i + 1].lower_)
    return value is not None and 1 <= value <= 9 and doc[tok.i + 1].lower_ not in {"a", "an"}


def _is_figure(q: Quantity, group: list[Any]) -> bool:
    """Not a bare scale word ("billions"), nor a year written as a plain number ("in 2022")."""
    if all(t.lower_ in SCALES for t in group):
        return False
    is_year = q.value.is_integer() and 1800 <= q.value <= 2100 and not q.unit and not q.noun
    return not is_year


def _make(group: list[Any], sent_start: int, sent_end: int) -> Quantity:
    value = 0.0
    current = 0.0
    for tok in group:
        v = token_value(tok) or 0.0
        if tok.lower_ in SCALES:
            current = (current or 1.0) * v
            value += current
            current = 0.0
        else:
            current += v
    value += current
    doc = group[0].doc
    unit = ""
    before = doc[group[0].i - 1] if group[0].i > 0 else None
    if before is not None and before.text in UNIT_WORDS:
        unit = UNIT_WORDS[before.text]
    noun = _counted_noun(group)
    after = doc[group[-1].i + 1] if group[-1].i + 1 < len(doc) else None
    nxt = doc[after.i + 1] if after is not None and after.i + 1 < len(doc) else None
    per_cent = bool(after is not None and after.lower_ == "per" and nxt and nxt.lower_ == "cent")
    if after is not None and after.lower_ == "per" and not per_cent:
        after = None  # "$96 per year" is a rate, not "per cent"
    units = _unit_words()
    if after is not None and after.lemma_.lower() in units:
        unit = units[after.lemma_.lower()]
    noun_lemma = ""
    if noun is not None and noun.pos_ in {"NOUN", "PROPN", "SYM"}:
        noun_lemma = noun.lemma_.lower()
        if noun_lemma in units:
            unit = unit or units[noun_lemma]
    start = group[0].idx
    end = group[-1].idx + len(group[-1].text)
    first = group[0].i - 1 if before is not None and before.text in UNIT_WORDS else group[0].i
    last = group[-1].i + 1 if after is not None and after.lemma_.lower() in units else None
    last = group[-1].i if last is None else last + int(per_cent)
    prep = doc[first - 1] if first > 0 and doc[first - 1].lower_ in {"by", "to"} else None
    return Quantity(
        value=value,
        text=doc[group[0].i : group[-1].i + 1].text,
        span=(start, end),
        noun=noun_lemma,
        unit=unit,
        qualifier=_qualifier(group[0], sent_start),
        predicate=_governing_predicate(group[-1]),
        period=_period(group[-1], noun, sent_end),
        whole=(doc[first].idx, doc[last].idx + len(doc[last].text)),
        whole_text=doc[first : last + 1].text,
        noun_text=noun.text if noun_lemma else "",
        predicate_text=getattr(_governing_verb(group[-1]), "text", ""),
        step=prep.lower_ if prep is not None else "",
        step_start=prep.idx if prep is not None else 0,
    )


DASHES = frozenset({"-", "\u2013"})


def _ranging(opener: Any) -> bool:
    """A "from" that opens a range: a verb of ranging is its head or just before it ("range
    from", "vary widely from"); never "by" ("rose by 5 to 7")."""
    if opener.lower_ != "from":
        return opener.lower_ == "between"
    doc = opener.doc
    near = [opener.head, *doc[max(opener.i - 2, 0) : opener.i]]
    return any(t.lemma_.lower() in words("range_verbs") for t in near)


def _ranges(sent: Any, figures: list[Quantity]) -> list[Quantity]:
    """Mark the figures that are the two ends of a range ("between 5 and 7", "5-7", "800 to
    1,000 people", "range from $1 million to $3 million"); the ends share the unit and the
    rate's period that only one of them carries ("5 to 7 percent a year").

    Phenomenon: a range states that the figure is uncertain or varies; either end alone is a
    claim the source does not make. "From X to Y" on a verb of change ("cut from 112 to 38")
    is a change, not a range.
    """
    doc = sent.doc
    starts = {t.idx: t for t in sent}
    # The sentence's own text, not doc.text: spaCy joins the whole document's tokens anew on
    # every doc.text, which made this loop quadratic in the story's length.
    text, base = sent.text, sent.start_char
    out = list(figures)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        join = text[a.marked[1] - base : b.marked[0] - base].strip().lower()
        first = starts.get(a.marked[0])
        if first is None or join not in {"to", "and"} | DASHES:
            continue
        before = [t for t in doc[max(first.i - 2, sent.start) : first.i]]
        opener = next((t for t in reversed(before) if t.lower_ in {"from", "between", "by"}), None)
        if join == "and" and (opener is None or opener.lower_ != "between"):
            continue
        if join == "to" and opener is not None and not _ranging(opener):
            continue
        if a.unit and b.unit and a.unit != b.unit:
            continue  # ends in two units are a change and its result ("fell 5% to $2 million")
        out[k] = replace(a, range_end="low", unit=a.unit or b.unit, period=a.period or b.period)
        out[k + 1] = replace(
            b, range_end="high", unit=b.unit or a.unit, period=b.period or a.period
        )
    return out


PERIODS = frozenset({"hour", "day", "week", "month", "year", "quarter", "annum"})


def _period(last: Any, noun: Any, sent_end: int) -> str:
    """The period of a rate right after the figure or its noun: "a year", "per month"."""
    doc = last.doc
    start = (noun.i if noun is not None and noun.i > last.i else last.i) + 1
    window = doc[start : min(start + 3, sent_end)]
    ws = [t.lemma_.lower() for t in window]
    if len(ws) >= 2 and ws[0] in {"a", "an", "per", "each", "every"} and ws[1] in PERIODS:
        # "72 percent a year ago": a time back from now, not a rate.
        return "" if ws[2:3] and ws[2] in {"ago", "earlier", "before", "later"} else ws[1]
    if ws and ws[0] in {"annually", "yearly"}:
        return "year"
    if ws and ws[0] in {"monthly", "weekly", "daily"}:
        return {"monthly": "month", "weekly": "week", "daily": "day"}[ws[0]]
    return ""


def _round(v: float) -> bool:
    """At most two significant figures: a figure someone rounded ("1,300", "2.5 million")."""
    digits = f"{abs(v):.6g}".replace(".", "").replace("-", "").strip("0")
    return len(digits) <= 2


def same_value(a: float, b: float, tolerance: float) -> bool:
    """Equal, or one a rounded form of the other (within the tolerance)."""
    if a == b:
        return True
    if not (_round(a) or _round(b)):
        return False  # 18,402 is not 18,204 rounded
    big = max(abs(a), abs(b))
    return big > 0 and abs(a - b) / big <= tolerance
