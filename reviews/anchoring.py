"""Anchoring spans to stored text (W3C Web Annotation TextPosition + TextQuote selectors).

Browsers count offsets in UTF-16 code units; the server stores Python string indices (code
points). A selection arrives as UTF-16 offsets plus the quoted text and a little context; we
convert, check the quote against the stored text, and fall back to finding the quote by its
context. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    """Carry a span from one version of a text onto the next.

    State is "ok" when the quote sits at the same offsets, "moved" when it was found elsewhere,
    and "orphaned" (offsets kept, clipped to the new text) when it is gone. A short quote found
    elsewhere without its context counts as gone: the "19" of "19 killed" is not the "19" of
    "19 injured".
    """
    if new_text[start:end] == quote and _context_score(new_text, start, end, prefix, suffix) >= min(
        len(prefix) + len(suffix), 8
    ):
        return make_anchor(new_text, start, end)
    found = find_quote(new_text, quote, prefix, suffix, hint=start)
    if found is not None and _trustworthy_move(new_text, found, quote, prefix, suffix):
        state = "ok" if found == (start, end) else "moved"
        return make_anchor(new_text, *found, state=state)
    new_end = min(end, len(new_text))
    new_start = min(start, max(new_end - 1, 0))
    prefix2, suffix2 = context(new_text, new_start, new_end)
    return Anchor(new_start, max(new_end, new_start + 1), quote, prefix2, suffix2, "orphaned")
