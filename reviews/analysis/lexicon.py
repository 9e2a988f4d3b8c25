"""Word lists from ``data/*.txt``: one entry a line, ``#`` comments, loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[str]:
    path = DATA_DIR / f"{name}.txt"
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if line:
            out.append(line)
    return out


@cache
def words(name: str) -> frozenset[str]:
    """The entries of list ``name`` (lower case)."""
    return frozenset(_lines(name))


@cache
def mapping(name: str) -> dict[str, str]:
    """A ``key = value`` list as a dict."""
    out: dict[str, str] = {}
    for line in _lines(name):
        key, _, value = line.partition("=")
        out[key.strip()] = value.strip()
    return out


@cache
def synonym_names() -> dict[str, str]:
    """Each lemma in a synonym group mapped to the group's first word (first group wins)."""
    out: dict[str, str] = {}
    for line in _lines("synonyms"):
        group = line.split()
        for w in group:
            out.setdefault(w, group[0])
    return out


@cache
def antonyms() -> dict[str, frozenset[str]]:
    """Each lemma of ``antonyms.txt`` mapped to its opposites."""
    out: dict[str, set[str]] = {}
    for line in _lines("antonyms"):  # a word may have several opposites, one pair a line
        a, _, b = (x.strip() for x in line.partition("="))
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


def canonical(lemma: str) -> str:
    """The lemma's synonym-group name, or the lemma itself."""
    return synonym_names().get(lemma, lemma)
