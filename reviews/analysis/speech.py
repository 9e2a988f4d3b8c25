# ruff: noqa: RUF001 -- typographic quotes are data here
"""Reported speech in a sentence: direct quotations, and who the sentence says is speaking."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    ATTRIBUTION_VERBS,
    AUXILIARIES,
    CLAIM_VERBS_NEED_THAT,
    PRONOUN_SPEAKERS,
    VAGUE_ATTRIBUTION_RE,
)
from .segment import Sentence, Token
from .stems import content_stems

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
