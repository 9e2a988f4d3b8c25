"""Anchoring spans to stored text (W3C Web Annotation TextPosition + TextQuote selectors).

Browsers count offsets in UTF-16 code units; the server stores Python string indices (code
points). A selection arrives as UTF-16 offsets plus the quoted text and a little context; we
convert, check the quote against the stored text, and fall back to finding the quote by its
context. Nothing here touches the database.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz import fuzz

CONTEXT_CHARS = 32


class AnchorError(ValueError):
    """The selection cannot be anchored to the stored text."""


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    state: str = "ok"  # ok, moved, orphaned

    def span_fields(self) -> dict[str, int | str]:
        """The AnchoredSpan fields this anchor fills: position, quote and context."""
        return {
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }


def utf16_to_index(text: str, offset: int) -> int:
    """Convert a UTF-16 code-unit offset into text to a Python string index."""
    if offset < 0:
        raise AnchorError(f"Offset {offset} is negative.")
    if offset <= len(text):
        # Every character is at least one unit, so only text[:offset] decides; without an
        # astral character there (nearly always) each is one unit and the offset is the index.
        # The loop below costs about a millisecond on a 5,000-word body, twice a selection.
        head = text[:offset]
        if head.isascii() or len(head.encode("utf-16-le", "surrogatepass")) == 2 * offset:
            return offset
    units = 0
    for index, char in enumerate(text):
        if units == offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
        if units > offset:
            raise AnchorError(f"Offset {offset} falls inside a character.")
    if units == offset:
        return len(text)
    raise AnchorError(f"Offset {offset} is past the end of the text ({units} UTF-16 units).")


def index_to_utf16(text: str, index: int) -> int:
    """Convert a Python string index into text to a UTF-16 code-unit offset.

    Raises AnchorError for an index outside 0..len(text): slicing would silently clamp it (or
    count from the end), and the browser would then mark the wrong characters.
    """
    if not 0 <= index <= len(text):
        raise AnchorError(f"Index {index} is outside the text (0-{len(text)}).")
    return len(text[:index].encode("utf-16-le")) // 2


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix around text[start:end], CONTEXT_CHARS each at most."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def make_anchor(text: str, start: int, end: int, state: str = "ok") -> Anchor:
    """An Anchor for text[start:end] with its context."""
    prefix, suffix = context(text, start, end)
    return Anchor(start, end, text[start:end], prefix, suffix, state)


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the expected context match around a candidate (higher is better)."""
    score = 0
    before = text[:start]
    for a, b in zip(reversed(before), reversed(prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(text[end:], suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def find_quote(
    text: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> tuple[int, int] | None:
    """Find quote in text, choosing among repeats by context, then by nearness to hint."""
    if not quote:
        return None
    candidates = []
    at = text.find(quote)
    while at != -1:
        candidates.append(at)
        at = text.find(quote, at + 1)
    if not candidates:
        return None
    best = max(
        candidates,
        key=lambda s: (
            _context_score(text, s, s + len(quote), prefix, suffix),
            -abs(s - hint) if hint is not None else 0,
        ),
    )
    return best, best + len(quote)


def anchor_selection(
    text: str, start_utf16: int, end_utf16: int, quote: str, prefix: str = "", suffix: str = ""
) -> Anchor:
    """Anchor a browser selection: positions first, then the quote and its context.

    Raises AnchorError when the quote is empty or cannot be found in the text.
    """
    if not quote or not quote.strip():
        raise AnchorError("Nothing is selected.")
    if end_utf16 <= start_utf16:
        raise AnchorError("The selection is empty or reversed.")
    try:
        start = utf16_to_index(text, start_utf16)
        end = utf16_to_index(text, end_utf16)
    except AnchorError:
        start = end = -1
    if start >= 0 and text[start:end] == quote:
        return make_anchor(text, start, end)
    found = find_quote(text, quote, prefix, suffix, hint=start if start >= 0 else None)
    if found is None:
        raise AnchorError(
            "The selected text does not match this version at that place, and it was not "
            "found elsewhere in it. Reload the page: the text may have changed."
        )
    return make_anchor(text, *found)


# A quote at least this long is distinctive on its own; a shorter one ("19", "Tuesday") is only
# followed to a new place when enough of its old context came along with it.
DISTINCTIVE_QUOTE_CHARS = 16


def _trustworthy_move(
    text: str, found: tuple[int, int], quote: str, prefix: str, suffix: str
) -> bool:
    """Whether a match of the quote elsewhere is the same passage, not an unrelated repeat."""
    if len(quote) >= DISTINCTIVE_QUOTE_CHARS:
        return True
    needed = min(len(prefix) + len(suffix), 16) // 2
    return _context_score(text, *found, prefix, suffix) >= needed


def reanchor(
    old_text: str, new_text: str, start: int, end: int, quote: str, prefix: str, suffix: str
) -> Anchor:
    """Carry a span from one version of a text onto the next (TextEdit.carry, for one span).

    State is "ok" when the quote sits at the same offsets, "moved" when it was found elsewhere
    or reworded, and "orphaned" when it is gone. A short quote found elsewhere without its
    context counts as gone: the "19" of "19 killed" is not the "19" of "19 injured".
    """
    return TextEdit(old_text, new_text).carry(start, end, quote, prefix, suffix).anchor


# --- Carrying spans across an edit ------------------------------------------------------------

# Below this score (0-100, rapidfuzz's normalised Indel similarity) a reworded passage is taken
# for a different one: the span's text is gone. A short quote (a number, a name, a date) is never
# matched fuzzily at all: "2,100" and "1,200" share most characters, and changing one into the
# other is exactly the edit a finding asked for.
FUZZY_MIN_SCORE = 60.0
# With no position to go by (the passage moved and was reworded), a match anywhere in the text
# must be closer still.
FUZZY_SEARCH_MIN_SCORE = 80.0
# Characters of context either side of a changed passage in its diff.
DIFF_CONTEXT_CHARS = 40
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORDS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Carried:
    """Where a span of the old text is in the new one, and how the edit changed it.

    `anchor.state`: "ok" (same text at the same offsets), "moved" (found elsewhere, or reworded:
    then `previous_quote` is the old wording and `score` how close the new one is), "orphaned"
    (its text is gone; the anchor keeps the old quote and context, and its offsets only say
    where the text used to be). `diff`: the passage before and after the edit as (op, text)
    pieces, op "=", "-" or "+", for a reworded or orphaned span; None when nothing changed.
    """

    anchor: Anchor
    score: float | None = None
    previous_quote: str = ""
    diff: list[tuple[str, str]] | None = None

    @property
    def state(self) -> str:
        return self.anchor.state


def _tokens(text: str) -> tuple[list[str], list[int]]:
    tokens, starts = [], []
    for m in _TOKEN.finditer(text):
        tokens.append(m.group())
        starts.append(m.start())
    return tokens, starts


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """old -> new as (op, text) pieces by words: "=" kept, "-" removed, "+" added.

    Words here run from space to space ("2,100" is one word), as a reader counts them.
    """
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    pieces: list[tuple[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        else:
            pieces.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("=", "".join(a[i1:i2]))
        else:
            add("-", "".join(a[i1:i2]))
            add("+", "".join(b[j1:j2]))
    return pieces


def _around(text: str, start: int, end: int) -> tuple[int, int]:
    """start..end widened by DIFF_CONTEXT_CHARS either side, to whole words."""
    lo, hi = max(0, start - DIFF_CONTEXT_CHARS), min(len(text), end + DIFF_CONTEXT_CHARS)
    while 0 < lo < start and not text[lo - 1].isspace():
        lo += 1
    while end < hi < len(text) and not text[hi].isspace():
        hi -= 1
    return lo, hi


# Past this many tokens in one changed block, the word diff uses difflib's autojunk heuristic
# (common words only extend matches), which keeps a long rewritten passage fast.
_EXACT_TOKENS = 4000


def _char_blocks(old: str, new: str) -> list[tuple[bool, int, int, int, int]]:
    """old -> new as (same, old_start, old_end, new_start, new_end) character blocks.

    Lines first, then words within the changed lines: difflib matches the longest runs first,
    so a deleted sentence is one deletion, not a scatter of its words matched elsewhere.
    Adjacent changes are merged into one block.
    """
    blocks: list[tuple[bool, int, int, int, int]] = []

    def add(same: bool, i1: int, i2: int, j1: int, j2: int) -> None:
        if i1 == i2 and j1 == j2:
            return
        if blocks and not same and not blocks[-1][0]:
            _, a1, _, b1, _ = blocks[-1]
            blocks[-1] = (False, a1, i2, b1, j2)
        else:
            blocks.append((same, i1, i2, j1, j2))

    a_lines, b_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    a_at = [0, *accumulate(len(x) for x in a_lines)]
    b_at = [0, *accumulate(len(x) for x in b_lines)]
    lines = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            add(True, a_at[i1], a_at[i2], b_at[j1], b_at[j2])
            continue
        base_a, base_b = a_at[i1], b_at[j1]
        a_tok, a_off = _tokens(old[base_a : a_at[i2]])
        b_tok, b_off = _tokens(new[base_b : b_at[j2]])
        a_off.append(a_at[i2] - base_a)
        b_off.append(b_at[j2] - base_b)
        words = difflib.SequenceMatcher(
            None, a_tok, b_tok, autojunk=len(a_tok) + len(b_tok) > _EXACT_TOKENS
        )
        for wtag, k1, k2, m1, m2 in words.get_opcodes():
            add(
                wtag == "equal",
                base_a + a_off[k1],
                base_a + a_off[k2],
                base_b + b_off[m1],
                base_b + b_off[m2],
            )
    return blocks


def _substantial(replacement: str, quote: str) -> bool:
    """Whether what the diff left in a span's place replaces it, rather than being a scrap (a
    full stop, a space) a deletion's ambiguous edge left: a quarter of its letters and digits."""
    have = sum(ch.isalnum() for ch in replacement)
    return have >= max(1, sum(ch.isalnum() for ch in quote) / 4)


class TextEdit:
    """One edit of a text, old -> new, diffed once, to carry many spans across it.

    Each span is looked for, in order: at its own offsets; where the diff maps it; by its quote
    and context elsewhere (a moved passage); by a fuzzy match of its quote (rapidfuzz) where
    the diff maps it, then anywhere (a reworded passage). Cost: one diff of the two texts, then
    a bisection per span; the fuzzy search over the whole text runs only for spans nothing
    else found.
    """

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        self._blocks = _char_blocks(old, new)
        self._starts = [b[1] for b in self._blocks]

    def _block(self, position: int, *, end: bool) -> tuple[bool, int, int, int, int] | None:
        """The block holding old[position] (as a span start) or old[position - 1] (as an end)."""
        at = position - 1 if end else position
        k = bisect_right(self._starts, at) - 1
        while k >= 0 and self._blocks[k][1] == self._blocks[k][2]:
            k -= 1  # a pure insertion holds no old character
        if k < 0 or not self._blocks[k][1] <= at < self._blocks[k][2]:
            return None
        return self._blocks[k]

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Where old[start:end] went in the new text: the same characters where they were kept,
        and the whole replacement where its ends were changed (empty where it was deleted)."""
        first = self._block(start, end=False)
        last = self._block(max(end, start + 1), end=True)
        if first is None or last is None:
            return len(self.new), len(self.new)
        same, i1, _, j1, _ = first
        new_start = j1 + (start - i1) if same else j1
        same, i1, _, j1, j2 = last
        new_end = j1 + (end - i1) if same else j2
        new_end = max(new_start, new_end)
        # A replacement's own spaces are not part of the span.
        piece = self.new[new_start:new_end]
        new_start += len(piece) - len(piece.lstrip())
        new_end = max(new_start, new_end - (len(piece) - len(piece.rstrip())))
        return new_start, new_end

    def _diff(self, start: int, end: int, new_start: int, new_end: int) -> list[tuple[str, str]]:
        lo, hi = _around(self.old, start, end)
        nlo, nhi = _around(self.new, new_start, new_end)
        return word_diff(self.old[lo:hi], self.new[nlo:nhi])

    def carry(
        self,
        start: int,
        end: int,
        quote: str,
        prefix: str,
        suffix: str,
        *,
        fuzzy: bool = True,
        keep_replaced: bool = False,
    ) -> Carried:
        """Carry one span of the old text (start, end, its quote and context) onto the new.

        `keep_replaced`: a span whose text the edit replaced (however differently) follows the
        replacement, as reworded, instead of being orphaned; only a deleted one is orphaned.
        A claim does (its statement changed and needs a new verdict); a finding does not (the
        text it found wrong is gone).
        """
        new = self.new
        if new[start:end] == quote and _context_score(new, start, end, prefix, suffix) >= min(
            len(prefix) + len(suffix), 8
        ):
            return Carried(make_anchor(new, start, end))
        mapped = self.map_span(start, end)
        if new[mapped[0] : mapped[1]] == quote:
            state = "ok" if mapped == (start, end) else "moved"
            return Carried(make_anchor(new, *mapped, state=state))
        found = find_quote(new, quote, prefix, suffix, hint=mapped[0])
        if found is not None and _trustworthy_move(new, found, quote, prefix, suffix):
            state = "ok" if found == (start, end) else "moved"
            return Carried(make_anchor(new, *found, state=state))
        if fuzzy and len(quote) >= DISTINCTIVE_QUOTE_CHARS:
            reworded = self._fuzzy(quote, mapped)
            if reworded is not None:
                (s, e), score = reworded
                return Carried(
                    make_anchor(new, s, e, state="moved"),
                    score=round(score, 1),
                    previous_quote=quote,
                    diff=word_diff(quote, new[s:e]),
                )
        s, e = mapped
        if (
            keep_replaced
            and e <= s + 2 * len(quote) + DIFF_CONTEXT_CHARS
            and _substantial(new[s:e], quote)
        ):
            return Carried(
                make_anchor(new, s, e, state="moved"),
                score=round(fuzz.ratio(quote, new[s:e]), 1),
                previous_quote=quote,
                diff=word_diff(quote, new[s:e]),
            )
        return Carried(
            self._orphan(quote, prefix, suffix, mapped),
            diff=self._diff(start, end, *mapped),
        )

    def _fuzzy(self, quote: str, mapped: tuple[int, int]) -> tuple[tuple[int, int], float] | None:
        s, e = mapped
        if _substantial(self.new[s:e], quote):
            score = fuzz.ratio(quote, self.new[s:e])
            if score >= FUZZY_MIN_SCORE:
                return (s, e), score
        found = fuzz.partial_ratio_alignment(quote, self.new, score_cutoff=FUZZY_SEARCH_MIN_SCORE)
        if found is None or found.dest_end <= found.dest_start:
            return None
        # partial_ratio aligns a window as long as the quote: widen it to whole words.
        s, e = found.dest_start, found.dest_end
        while s > 0 and not self.new[s - 1].isspace() and not self.new[s].isspace():
            s -= 1
        while e < len(self.new) and not self.new[e].isspace() and not self.new[e - 1].isspace():
            e += 1
        return (s, e), found.score

    def _orphan(self, quote: str, prefix: str, suffix: str, mapped: tuple[int, int]) -> Anchor:
        """The anchor of a span whose text is gone: the old quote and context, and a non-empty
        position in the new text where it used to be (nothing is ever drawn there)."""
        size = len(self.new)
        start = min(mapped[0], max(size - 1, 0))
        end = min(max(mapped[1], start + 1), size)
        return Anchor(start, end, quote, prefix, suffix, "orphaned")
