"""Word-level diff of two story versions, as plain (op, text) pieces for a template to escape."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\S+\s*|\s+")
# Word matching is superlinear; past these many words in one changed block it switches to
# difflib's autojunk heuristic, and past the second limit the block is shown replaced whole.
_EXACT_LIMIT = 6000
_WORD_LIMIT = 16000


def _words(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) + len(b) > _WORD_LIMIT:
        return [("delete", old), ("insert", new)]
    # Compare words without their trailing space so a reflowed line is not a change.
    matcher = SequenceMatcher(
        None,
        [t.strip() for t in a],
        [t.strip() for t in b],
        autojunk=len(a) + len(b) > _EXACT_LIMIT,
    )
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("insert", "".join(b[j1:j2])))
    return pieces


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Pieces ("equal" | "delete" | "insert", text) turning old into new, word by word.

    Lines are matched first and words only within changed lines, so long stories stay fast.
    The text is returned as is: the template escapes it, so nothing here is ever marked safe.
    """
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(b[j1:j2])))
        else:
            pieces.extend(_words("".join(a[i1:i2]), "".join(b[j1:j2])))
    merged: list[tuple[str, str]] = []
    for kind, text in pieces:
        if not text:
            continue
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


def diff_stats(pieces: list[tuple[str, str]]) -> dict[str, int]:
    """Words added and removed, and the number of changed places (hunks)."""
    added = sum(len(text.split()) for op, text in pieces if op == "insert")
    removed = sum(len(text.split()) for op, text in pieces if op == "delete")
    hunks, in_change = 0, False
    for op, _ in pieces:
        if op != "equal" and not in_change:
            hunks += 1
        in_change = op != "equal"
    return {"added": added, "removed": removed, "hunks": hunks}
