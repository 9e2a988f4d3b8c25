"""Word-level diff of two story versions, as plain (op, text) pieces for a template to escape."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\S+\s*|\s+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Pieces ("equal" | "delete" | "insert", text) turning old into new, word by word.

    The text is returned as is: the template escapes it, so nothing here is ever marked safe.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    # Compare words without their trailing space so a reflowed line is not a change.
    matcher = SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
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
