# ruff: noqa: RUF001 -- typographic quotes are data here
"""Crude word stems, with synonyms and aliases folded in: what the rules compare words by."""

from __future__ import annotations

from functools import lru_cache

from .lexicon import ALIASES, IRREGULAR, STOPWORDS, SYNONYMS
from .segment import Token


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
