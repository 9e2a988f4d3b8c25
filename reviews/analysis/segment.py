# ruff: noqa: RUF001 -- typographic quotes are data here
"""Sentence and word segmentation that keeps character spans into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .lexicon import (
    ABBREV_MAY_END,
    ABBREV_NEVER_END,
    SENTENCE_STARTERS,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a dateline / credit line) with its span in the original text."""

    index: int
    start: int
    end: int
    text: str
    kind: str = "body"  # body | dateline | credit


@dataclass(frozen=True, slots=True)
class Token:
    """A word or number with its span in the original text."""

    start: int
    end: int
    text: str


# Blank lines always separate; a single newline separates when the line looks complete.
_LINE_RE = re.compile(r"[^\n]+")
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’)\]\u200b\u200c\u200d\ufeff]*(?=\s)")
_NEXT_START_RE = re.compile(r"\s+([\"'“‘(\[\u200b\ufeff]*)(\S)")
_WORD_BEFORE_RE = re.compile(r"([\w.’'-]+)$")
_TOKEN_RE = re.compile(r"\w+(?:[’'.\-]\w+)*")
_HAS_WORD_RE = re.compile(r"\w")
# "BAGHDAD (AP) —", "WASHINGTON, D.C. (Reuters) -", "(CNN)" at the start of a story.
_DATELINE_RE = re.compile(
    r"^\s*(?:[A-Z][A-Z.’' -]{1,40}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*)?"
    r"\((?:AP|Reuters|AFP|UPI|CNN|dpa|Xinhua|Bloomberg|AAP|PA)\)\s*(?:[—–-]{1,2}\s*)?"
)
# Any agency in brackets after an upper-case place and before a dash: "LONDON (Newswire) —".
_AGENCY_DATELINE_RE = re.compile(
    r"^\s*[A-Z][A-Z.’' -]{1,40}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*"
    r"\([A-Z][\w.&’' -]{0,30}\)\s*[—–-]{1,2}\s*"
)
_UPPER_DATELINE_RE = re.compile(r"^\s*[A-Z][A-Z.’' ]{2,30}(?:,\s*[A-Z][\w.]*)?\s*[—–]\s*")
# Credit lines: "Chehayeb reported from Beirut.", "Associated Press writer X contributed."
_CREDIT_RE = re.compile(
    r"^(?:By\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}\s*$"
    r"|(?:[A-Z][\w’'-]*\s+){1,6}(?:reported|contributed|wrote)\b[^.]{0,80}\.?\s*$"
    r"|.{0,60}\bcontributed(?: reporting)?(?: to this (?:report|story))?\b.{0,60}$)"
)


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the word/number tokens of text[start:end] with absolute spans."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, start, end)]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Split into line blocks; a single newline only splits lines that look finished."""
    blocks: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for m in _LINE_RE.finditer(text):
        a, b = m.start(), m.end()
        line = text[a:b].strip()
        if not line:
            if cur is not None:
                blocks.append(cur)
                cur = None
            continue
        if cur is None:
            cur = (a, b)
            continue
        prev = text[cur[0] : cur[1]].strip()
        finished = prev.endswith((".", "!", "?", "”", '"', ":", "’", "'"))
        # Hard-wrapped wire copy has long lines; short ones are headlines, bylines, datelines.
        if finished or len(prev) < 50 or len(line) < 40:
            blocks.append(cur)
            cur = (a, b)
        else:
            cur = (cur[0], b)
    if cur is not None:
        blocks.append(cur)
    return blocks


def _is_boundary(text: str, dot_start: int, after: int) -> bool:
    """Decide whether punctuation ending at `after` ends a sentence (abbreviations, initials)."""
    nxt = _NEXT_START_RE.match(text, after)
    if not nxt:
        return False
    ch = nxt.group(2)
    if ch.islower():
        return False
    if text[dot_start] != ".":
        return True
    wm = _WORD_BEFORE_RE.search(text, max(0, dot_start - 40), dot_start)
    word = wm.group(1) if wm else ""
    low = word.lower().strip("’'")
    if len(word) == 1 and word.isupper():
        return False  # an initial: "John F. Kennedy"
    if low in ABBREV_NEVER_END:
        # "et al." never ends a sentence; "El Al." (a name) may.
        before = text[max(0, dot_start - 45) : dot_start - len(word)].split()
        if not (low == "al" and (not before or before[-1].lower() != "et")):
            return False
    if low in ABBREV_MAY_END or ("." in word and len(word) <= 6):
        # "U.S." ends a sentence only when a typical sentence opener follows.
        following = re.match(r"[\w’']+", text[nxt.start(2) :])
        return bool(following and following.group().lower() in SENTENCE_STARTERS)
    return True


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences with spans into the exact input string."""
    out: list[Sentence] = []
    for bstart, bend in _blocks(text):
        cuts = [bstart]
        for m in _BOUNDARY_RE.finditer(text, bstart, bend):
            if m.end() < bend and _is_boundary(text, m.start(), m.end()):
                cuts.append(m.end())
        cuts.append(bend)
        for a, b in pairwise(cuts):
            seg = text[a:b]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            s, e = a + lead, b - trail
            if s >= e or not _HAS_WORD_RE.search(text, s, e):
                continue  # separator lines such as "—-"
            out.append(Sentence(0, s, e, text[s:e]))
    out = _split_dateline(text, out)
    result = []
    for i, sent in enumerate(out):
        kind = sent.kind
        # Only the story's first or last lines are credits; elsewhere it is a normal sentence.
        edge = i <= 1 or i >= len(out) - 2
        if kind == "body" and edge and _CREDIT_RE.match(sent.text) and len(sent.text) < 160:
            kind = "credit"
        result.append(Sentence(i, sent.start, sent.end, sent.text, kind))
    return result


def _split_dateline(text: str, sents: list[Sentence]) -> list[Sentence]:
    """Cut a leading dateline ("BAGHDAD (AP) —") off the first sentence into its own segment."""
    if not sents:
        return sents
    first = sents[0]
    m = (
        _DATELINE_RE.match(text, first.start, first.end)
        or _AGENCY_DATELINE_RE.match(text, first.start, first.end)
        or _UPPER_DATELINE_RE.match(text, first.start, first.end)
    )
    if not m or m.end() >= first.end:
        return sents
    d_end = m.end()
    while d_end > first.start and text[d_end - 1].isspace():
        d_end -= 1
    dateline = Sentence(0, first.start, d_end, text[first.start : d_end], "dateline")
    body_start = m.end()
    rest = Sentence(0, body_start, first.end, text[body_start : first.end])
    return [dateline, rest, *sents[1:]]
