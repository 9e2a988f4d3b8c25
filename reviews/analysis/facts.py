# ruff: noqa: RUF001 -- typographic quotes are data here
"""Checkable facts of a sentence: times, names, quotations, attributions, hedges, negations."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .lexicon import (
    ALIAS_PHRASES,
    ALIASES,
    ATTRIBUTION_VERBS,
    AUXILIARIES,
    CASUALTY_STEMS,
    CLAIM_VERBS_NEED_THAT,
    HEDGES,
    IRREGULAR,
    MONTHS,
    NEGATIONS,
    NEGATIVE_VERBS,
    PRONOUN_SPEAKERS,
    STOPWORDS,
    STRONG_INTENSITY,
    SYNONYMS,
    TITLES,
    VAGUE_ATTRIBUTION_RE,
    WEAK_INTENSITY,
    WEEKDAYS,
)
from .numbers import NumberMention, find_numbers, parse_number_words
from .segment import Sentence, Token, tokens

# ---------------------------------------------------------------- stems


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Reduce a word to a crude stem and its synonym group (a tiny suffix stripper, not Porter)."""
    w = word.lower().replace("’", "'").replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if w in ALIASES:
        return ALIASES[w]
    w = IRREGULAR.get(w, w)
    if w in SYNONYMS:
        return SYNONYMS[w]
    base = w
    if len(w) > 4 and w.endswith("ies"):
        base = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        base = w[:-3]
    elif len(w) > 4 and w.endswith("ied"):
        base = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("ed", "ches", "shes", "sses", "xes")):
        base = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        base = w[:-1]
    elif len(w) > 5 and w.endswith("ly"):
        base = w[:-2]
    if len(base) > 7 and base.endswith("ation"):
        base = base[:-3]  # "frustration" -> "frustrat", as "frustrated"
    elif len(base) > 7 and base.endswith("ment"):
        base = base[:-4]  # "announcement" -> "announce"
    elif len(base) > 6 and base.endswith(("ction", "ption", "stion")):
        base = base[:-3]  # "detection" -> "detect"
    if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
        base = base[:-1]  # "stopped" -> "stopp" -> "stop"
    if base.endswith("e") and len(base) > 4:
        base = base[:-1]
    if base in SYNONYMS:
        return SYNONYMS[base]
    if base + "e" in SYNONYMS:
        return SYNONYMS[base + "e"]
    return base


def content_stems(toks: list[Token]) -> list[str]:
    """Stems of the content words among tokens; hyphenated words count by their parts too."""
    out: list[str] = []
    for t in toks:
        low = t.text.lower()
        if low in STOPWORDS:
            continue
        if "-" in low:
            for part in low.split("-"):
                if part and part not in STOPWORDS and not part.isdigit():
                    out.append(stem(part))
            continue
        out.append(stem(low))
    return out


# ---------------------------------------------------------------- times

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


# ---------------------------------------------------------------- entities


@dataclass(frozen=True, slots=True)
class Entity:
    """A run of capitalised words (a name) with the normalised keys of its words."""

    start: int
    end: int
    text: str
    keys: tuple[str, ...]
    title: str  # a title word right before a person's name ("president"), or ""


_NAME_SUFFIXES = frozenset(
    [
        "sized",
        "backed",
        "based",
        "led",
        "born",
        "style",
        "like",
        "made",
        "owned",
        "run",
        "linked",
        "affiliated",
        "aligned",
        "allied",
        "controlled",
        "funded",
        "supported",
        "born",
        "speaking",
        "american",
    ]
)
_CONNECTORS = frozenset({"of", "for", "the", "de", "al", "von", "van", "la", "le", "del", "bin"})
_SKIP_NAMES = frozenset(MONTHS) | WEEKDAYS | {"i", "ap"}


def entity_key(word: str) -> str:
    """Normalise one word of a name: "U.S." -> "us"; demonyms are prefix-matched later."""
    w = word.lower().replace("’", "'").replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    return ALIASES.get(w, w)


def apply_alias_phrases(text: str) -> str:
    """Lowercase text with multiword aliases replaced ("United States" -> "us")."""
    low = text.lower().replace(".", "")
    for phrase, alias in ALIAS_PHRASES.items():
        if phrase in low:
            low = low.replace(phrase, alias)
    return low


def find_entities(
    text: str, sent: Sentence, toks: list[Token], lower_vocab: set[str]
) -> list[Entity]:
    """Capitalised name runs in a sentence; sentence-initial common words are not names."""
    out: list[Entity] = []
    run: list[Token] = []

    def flush() -> None:
        while run and run[-1].text.lower() in _CONNECTORS:
            run.pop()
        if run:
            s, e = run[0].start, run[-1].end
            phrase = apply_alias_phrases(text[s:e])
            keys = []
            for w in re.findall(r"[\w']+", phrase):
                if w in _CONNECTORS or w in _SKIP_NAMES or w in STOPWORDS:
                    continue
                for part in w.split("-"):
                    if part in _NAME_SUFFIXES:
                        continue  # "Iran-backed", "Earth-sized": the name is the first part
                    if part and part not in _CONNECTORS and not part.isdigit():
                        keys.append(entity_key(part))
            prev = text[max(sent.start, s - 40) : s].lower().split()
            title = ""
            if keys and keys[0] in TITLES:
                title = keys[0]
            elif prev and prev[-1].strip(",") in TITLES:
                title = prev[-1].strip(",")
            if keys:
                out.append(Entity(s, e, text[s:e], tuple(keys), title))
        run.clear()

    for i, t in enumerate(toks):
        word = t.text
        first = word[0]
        is_cap = first.isupper() or ("-" in word and any(p[:1].isupper() for p in word.split("-")))
        if is_cap and i == 0 and "#midcaps" in lower_vocab:
            # Engine mode: a sentence's first word is a name only if seen capitalised mid-sentence.
            low = word.lower()
            is_cap = f"^{low}" in lower_vocab and parse_number_words(low) is None
        elif is_cap and i == 0:
            base = word.lower().split("-")[0]
            if (
                base in STOPWORDS
                or base in lower_vocab
                or base in _SKIP_NAMES
                or parse_number_words(base) is not None
            ):
                is_cap = False
        if is_cap and word.lower() in _SKIP_NAMES:
            is_cap = False
        if is_cap:
            if run and text[run[-1].end : t.start].strip() not in ("", "-"):
                flush()  # punctuation between two capitalised words ends the name
            run.append(t)
        elif run and word.lower() in _CONNECTORS and text[run[-1].end : t.start].strip() == "":
            run.append(t)
        else:
            flush()
    flush()
    return out


# ---------------------------------------------------------------- quotations

QUOTE_RE = re.compile(r"“([^”\n]{2,}?)”|\"([^\"\n]{2,}?)\"|(?<![\w])‘([^’\n]{2,}?)’(?![\w])")


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: the inner span (without quotation marks)."""

    start: int
    end: int
    text: str


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Direct quotations in text[start:end], as inner spans."""
    end = len(text) if end is None else end
    out = []
    for m in QUOTE_RE.finditer(text, start, end):
        g = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
        out.append(Quote(m.start(g), m.end(g), m.group(g)))
    return out


# ---------------------------------------------------------------- attributions

_VAGUE_ATTR_RE = re.compile(VAGUE_ATTRIBUTION_RE, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a sentence says made its claim, and the verb; speaker keys are content stems."""

    start: int  # span of the speaker + verb phrase
    end: int
    speaker: str
    keys: frozenset[str]
    verb: str
    vague: bool
    pronoun: bool


def find_attribution(text: str, sent: Sentence, toks: list[Token]) -> Attribution | None:
    """The sentence's attribution: "X said ...", "..., X said.", "according to X", or vague."""
    lows = [t.text.lower() for t in toks]
    for i, low in enumerate(lows):
        if low == "according" and i + 1 < len(lows) and lows[i + 1] == "to":
            j = i + 2
            k = j
            while k < len(toks) and k - j < 10:
                gap = text[toks[k - 1].end : toks[k].start] if k > j else ""
                if any(c in gap for c in ",;—–()") or lows[k] in ("who", "which", "that"):
                    break
                k += 1
            if k > j:
                return _make_attr(text, toks[i].start, toks[k - 1].end, toks[j:k], "according to")
    vm = _VAGUE_ATTR_RE.search(text, sent.start, sent.end)
    for i, low in enumerate(lows):
        if low not in ATTRIBUTION_VERBS or not toks[i].text.islower():
            continue
        if vm and vm.start() <= toks[i].start < vm.end():
            break
        if i and lows[i - 1] in _PASSIVE_BE:
            continue  # "heaters are being recalled", "he was told": passive, no speaker
        after = lows[i + 1] if i + 1 < len(lows) else ""
        remaining = len(toks) - i - 1
        gap_before = text[toks[i - 1].end : toks[i].start] if i else ""
        # Postposed: "..., two members of militia groups told The AP."; inserted: "...,
        # emergency officials said, after two days of rain" (a comma right after the verb).
        gap_after = text[toks[i].end : toks[i + 1].start] if remaining else ""
        inserted = remaining > 6 and gap_after.startswith(",")
        if (remaining <= 6 or inserted) and i > 0:
            j = i - 1
            cut = False
            while j >= 0 and i - j <= 10:
                gap = text[toks[j].end : toks[j + 1].start]
                if any(c in gap for c in ",;—–") and j + 1 <= i - 1:
                    cut = True
                    break
                j -= 1
            spk = toks[j + 1 : i]
            if spk and (cut if inserted else (j >= 0 or i <= 8)):
                return _make_attr(text, spk[0].start, toks[i].end, spk, low)
        if low in CLAIM_VERBS_NEED_THAT and after != "that":
            continue
        if "," in gap_before and i > 0 and remaining > 6:
            # "X, a spokesman, said ..." keeps its comma-separated appositive
            pass
        j = i - 1
        while j >= 0 and i - j <= 16:
            gap = text[toks[j].end : toks[j + 1].start] if j + 1 < len(toks) else ""
            if any(c in gap for c in ";:") or lows[j] in _SPEAKER_STOPS:
                break
            j -= 1
        spk = [t for t in toks[j + 1 : i] if t.text.lower() not in AUXILIARIES]
        # Drop a leading sentence adverb: "Meanwhile, X said ..."
        if len(spk) > 1 and text[spk[0].end : spk[1].start].strip() == ",":
            spk = spk[1:]
        if spk:
            return _make_attr(text, spk[0].start, toks[i].end, spk, low)
    if vm:
        return Attribution(vm.start(), vm.end(), vm.group(), frozenset(), "vague", True, False)
    return None


_PASSIVE_BE = frozenset(["be", "being", "been", "is", "are", "was", "were"])
_SPEAKER_STOPS = frozenset(
    [
        "and",
        "but",
        "while",
        "as",
        "because",
        "although",
        "though",
        "whereas",
        "after",
        "before",
        "since",
        "if",
        "when",
        "unless",
        "so",
        "yet",
        "that",
    ]
)


def _make_attr(text: str, s: int, e: int, spk: list[Token], verb: str) -> Attribution:
    speaker = text[spk[0].start : spk[-1].end]
    keys = frozenset(st for st in content_stems(spk) if st not in ("tell", "associat", "press"))
    pronoun = len(spk) == 1 and spk[0].text.lower() in PRONOUN_SPEAKERS
    vague = speaker.lower() in ("it", "reports", "sources") and verb != "according to"
    return Attribution(s, e, speaker, keys, verb, vague and not pronoun, pronoun)


# ---------------------------------------------------------------- cues


@dataclass(slots=True)
class Cues:
    """Hedge, negation and intensity words of a sentence, with their positions."""

    hedges: list[Token] = field(default_factory=list)
    negations: list[Token] = field(default_factory=list)
    strong: list[Token] = field(default_factory=list)
    weak: list[Token] = field(default_factory=list)


def find_cues(toks: list[Token]) -> Cues:
    """Collect hedges ("may"), negations ("not", "n't") and intensity words ("soared")."""
    c = Cues()
    for i, t in enumerate(toks):
        low = t.text.lower().replace("’", "'")
        nxt = toks[i + 1].text.lower() if i + 1 < len(toks) else ""
        if low in HEDGES and not (low.startswith("appear") and nxt not in ("to", "that")):
            c.hedges.append(t)  # "appears to be" hedges; "appears on alerts" does not
        if low == "no" and nxt[:1].isdigit():
            pass  # "No. 14": a rank, not a negation
        elif (
            low in NEGATIONS
            or low.endswith("n't")
            or (low in NEGATIVE_VERBS and nxt == "to")
            or (low == "against" and nxt.endswith("ing"))  # "decided against assigning"
        ):
            c.negations.append(t)
        if low in STRONG_INTENSITY:
            c.strong.append(t)
        if low in WEAK_INTENSITY:
            c.weak.append(t)
    return c


# ---------------------------------------------------------------- sentence facts


@dataclass(slots=True)
class SentenceFacts:
    """Everything the engine checks about one sentence."""

    sent: Sentence
    toks: list[Token]
    stems: list[str]
    stem_set: frozenset[str]
    numbers: list[NumberMention]
    times: list[TimeMention]
    entities: list[Entity]
    quotes: list[Quote]
    attribution: Attribution | None
    cues: Cues
    speaker_keys: frozenset[str] = frozenset()
    speaker_name: str = ""
    num_ctx: dict[int, tuple[str, str]] = field(default_factory=dict)
    clause_list: list[Any] | None = None


def number_context(sf: SentenceFacts, n: NumberMention) -> tuple[str, str]:
    """(casualty word, counted noun) of a number, computed once per mention."""
    got = sf.num_ctx.get(n.start)
    if got is None:
        got = (_casualty_context(sf, n), _head_noun(sf, n))
        sf.num_ctx[n.start] = got
    return got


def casualty_context(sf: SentenceFacts, n: NumberMention) -> str:
    """The casualty word attached to a number ("killed", "injured"), if any, within its clause."""
    return number_context(sf, n)[0]


def head_noun(sf: SentenceFacts, n: NumberMention) -> str:
    """The counted noun after a number ("six Iran-backed militants" -> "militants")."""
    return number_context(sf, n)[1]


_AGE_AFTER_RE = re.compile(r"[\s-]+(?:years?|months?)[\s-]+old\b", re.IGNORECASE)
_BARRIERS = frozenset({"and", "or", "while", "but", "whereas", "after", "before", "as"})


def is_age(text: str, n: NumberMention) -> bool:
    """Whether a number is an age ("a 22-year-old man", "51 years old")."""
    return _AGE_AFTER_RE.match(text, n.end) is not None


def _casualty_context(sf: SentenceFacts, n: NumberMention) -> str:
    text = sf.sent.text
    if _AGE_AFTER_RE.match(text, n.end - sf.sent.start):
        return ""  # an age is not a casualty count
    starts = [t.start for t in sf.toks]
    first_after = bisect_left(starts, n.end)
    last_before = bisect_left(starts, n.start)
    # Nearest casualty word first; words after the number bind more tightly on ties, and a
    # conjunction before the number ("one dead and two wounded") ends the look-back.
    before = []
    for i in range(last_before - 1, max(-1, last_before - 3), -1):
        if sf.toks[i].text.lower() in _BARRIERS:
            break
        before.append(i)
    after = list(range(first_after, min(len(sf.toks), first_after + 4)))
    window = []
    for d in range(4):
        if d < len(after):
            window.append(after[d])
        if d < len(before):
            window.append(before[d])
    for i in window:
        t = sf.toks[i]
        lo, hi = sorted((t.end, n.start)) if t.end <= n.start else (n.end, t.start)
        if any(c in text[lo - sf.sent.start : hi - sf.sent.start] for c in ",;:"):
            continue
        st = stem(t.text)
        if any(st.startswith(c) for c in CASUALTY_STEMS):
            return t.text.lower()
    return ""


def _head_noun(sf: SentenceFacts, n: NumberMention) -> str:
    first_after = bisect_left([t.start for t in sf.toks], n.end)
    after = sf.toks[first_after : first_after + 3]
    for t in after:
        gap = sf.sent.text[n.end - sf.sent.start : t.start - sf.sent.start]
        if any(c in gap for c in ",;:.") or t.text.lower() in ("of", "and", "were", "was"):
            break
        low = t.text.lower()
        if low in STOPWORDS:
            continue
        if "-" in low:
            continue  # "Iran-backed", "two-year"
        if low.endswith(("ed", "ing")) and low not in ("killed", "wounded", "injured"):
            break
        if low.endswith("s") or low in ("people", "children", "men", "women"):
            return low
    for t in after[:1]:
        if t.text.lower() not in STOPWORDS and t.text.lower() not in ("of", "and"):
            return t.text.lower()
    return ""


_ROUND_THE_CLOCK_RE = re.compile(r"\s+(?:hours\s+a\s+day|days\s+a\s+week)\b", re.IGNORECASE)
_SCORE_RE = re.compile(r"\d{1,3}-\d{1,3}\b")
_NAME_BEFORE_RE = re.compile(r"\b[A-Z][\w’'-]*[a-z][\w’'-]* $")


def extract(text: str, sent: Sentence, lower_vocab: set[str]) -> SentenceFacts:
    """Extract every checkable fact of one sentence."""
    toks = tokens(text, sent.start, sent.end)
    stems = content_stems(toks)
    times = find_times(text, sent.start, sent.end)
    entities = find_entities(text, sent, toks, lower_vocab)
    ent_spans = [(e.start, e.end) for e in entities]
    numbers = []
    for n in find_numbers(text, sent.start, sent.end):
        if any(t.start <= n.start < t.end or n.start <= t.start < n.end for t in times):
            continue
        if n.kind == "count" and any(s <= n.start and n.end <= e for s, e in ent_spans):
            continue
        if (
            n.kind == "count"
            and not n.is_word
            and (nb := _NAME_BEFORE_RE.search(text, sent.start, n.start))
            and nb.group().strip().lower() not in STOPWORDS
            and not _SCORE_RE.match(text, n.start)
        ):
            continue  # part of a name: "Deir Ezzor 24", "Boeing 737"
        if _ROUND_THE_CLOCK_RE.match(text, n.end):
            continue  # "24 hours a day" means continuously
        numbers.append(n)
    return SentenceFacts(
        sent=sent,
        toks=toks,
        stems=stems,
        stem_set=frozenset(stems),
        numbers=numbers,
        times=times,
        entities=entities,
        quotes=find_quotes(text, sent.start, sent.end),
        attribution=find_attribution(text, sent, toks),
        cues=find_cues(toks),
    )


def resolve_speakers(facts: list[SentenceFacts]) -> None:
    """Give pronoun speakers ("they added") the most recent named speaker."""
    last_keys: frozenset[str] = frozenset()
    last_name = ""
    for sf in facts:
        a = sf.attribution
        if a is None:
            continue
        if a.pronoun:
            if last_keys:
                sf.speaker_keys, sf.speaker_name = last_keys, last_name
        elif not a.vague:
            names = [e.text for e in sf.entities if a.start <= e.start and e.end <= a.end]
            name = " ".join(a.speaker.split())
            longest = max(names, key=len) if names else ""
            # A long speaker phrase is shortened to the organisation it names.
            if longest and (len(longest.split()) >= 3 or len(longest) >= 0.5 * len(name)):
                the = f"the {longest}".lower() in name.lower()
                name = f"the {longest}" if the else longest
            sf.speaker_keys, sf.speaker_name = a.keys, name
            last_keys, last_name = a.keys, name


def link_roles(facts: list[SentenceFacts], named: list[SentenceFacts]) -> None:
    """Let a role and the one person holding it name the same speaker.

    "Judge Amara Okafor" in `named` makes "the judge said" and "Okafor said" the same speaker:
    each speaker's keys gain the other form. A role held by two people links neither.
    """
    people: dict[str, set[frozenset[str]]] = {}
    for sf in named:
        for e in sf.entities:
            if not e.title:
                continue
            names = frozenset(stem(k) for k in e.keys if k not in TITLES)
            if names:
                people.setdefault(stem(e.title), set()).add(names)
    # The same person written in full and by surname only counts once.
    roles: dict[str, frozenset[str]] = {}
    for role, found in people.items():
        full = max(found, key=len)
        if all(p <= full for p in found):
            roles[role] = full
    if not roles:
        return
    for sf in facts:
        keys = set(sf.speaker_keys)
        if not keys:
            continue
        for role, names in roles.items():
            if role in keys:
                keys |= names
            elif keys & names:
                keys.add(role)
        sf.speaker_keys = frozenset(keys)
