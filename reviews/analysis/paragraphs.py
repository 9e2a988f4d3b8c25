"""Paragraph alignment: which paragraph of a source each rewrite paragraph comes from, and back.

Pure Python, no Django, so that the comparison engine and the workspace's linked columns can
align the same way. Two steps, each usable alone:

- `word_alignment` pairs paragraphs by the content words they share (an inverted index, so
  the cost stays linear in the texts' length);
- `link_alignment` overrides that, paragraph by paragraph, with links the engine made between
  offsets of the two texts (a finding and its counterpart, a claim and its support).

Example: a rewrite that moves the third source paragraph ("Police arrested two teenagers…") to
the front aligns its paragraph 0 with source paragraph 2, because "arrested" and "teenagers"
appear in no other source paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

STOPWORDS_FILE = Path(__file__).with_name("data") / "paragraph_stopwords.txt"


def _load_words(path: Path) -> frozenset[str]:
    """One word a line; blank lines and lines starting with # are skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#"))


# Words that say nothing about which passage a paragraph comes from.
STOPWORDS = _load_words(STOPWORDS_FILE)
_WORD = re.compile(r"\w{3,}|\d+")
# A word in more source paragraphs than this is too common to place a paragraph by: skipping
# it keeps the cost linear (such words would pair every paragraph with most others).
COMMON_WORD_PARAGRAPHS = 8

# For each paragraph of one text, the paragraph of the other it aligns with (None: none found).
Aligned = list[int | None]


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph of a body starts: after every run of newlines (kept in the paragraph
    before, so that the paragraphs joined are exactly the body)."""
    end = len(text)
    return [0] + [m.end() for m in re.finditer(r"\n+", text) if m.end() < end]


def paragraph_words(text: str, starts: list[int]) -> list[set[str]]:
    """Each paragraph's content words, lower-cased."""
    ends = [*starts[1:], len(text)]
    return [
        set(_WORD.findall(text[a:b].lower())) - STOPWORDS for a, b in zip(starts, ends, strict=True)
    ]


def word_alignment(
    source: str, rewrite: str, source_starts: list[int], rewrite_starts: list[int]
) -> tuple[Aligned, Aligned]:
    """Align paragraphs by the content words they share: each rewrite paragraph's best source
    paragraph, and each source paragraph's best rewrite paragraph (None where none shares one).

    An inverted index of the source paragraphs' words; words found in more than
    COMMON_WORD_PARAGRAPHS of them are skipped, so the cost stays linear in the texts' length.
    A shared word counts 1/(paragraphs it is in); the sum is divided by the geometric mean of the
    two paragraphs' word counts, so a long paragraph does not win by length alone. Ties go to
    the paragraph at the nearer relative position.
    """
    src_words = paragraph_words(source, source_starts)
    rw_words = paragraph_words(rewrite, rewrite_starts)
    n_src, n_rw = len(src_words), len(rw_words)
    index: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(src_words):
        for w in words:
            index[w].append(i)
    postings = {
        w: (found, 1 / len(found))
        for w, found in index.items()
        if len(found) <= COMMON_WORD_PARAGRAPHS
    }
    src_norm = [1 / len(words) ** 0.5 if words else 0.0 for words in src_words]
    src_at = [i / max(n_src, 1) for i in range(n_src)]
    forward: Aligned = [None] * n_rw
    reverse: Aligned = [None] * n_src
    reverse_score = [0.0] * n_src
    reverse_dist = [0.0] * n_src
    for r, words in enumerate(rw_words):
        scores: dict[int, float] = {}
        get = scores.get
        for w in words:
            found = postings.get(w)
            if found is not None:
                weight = found[1]
                for i in found[0]:
                    scores[i] = get(i, 0.0) + weight
        if not scores:
            continue
        at = r / max(n_rw, 1)
        norm = 1 / len(words) ** 0.5
        best, best_score, best_dist = -1, -1.0, 0.0
        for i, score in scores.items():
            score *= norm * src_norm[i]
            dist = abs(src_at[i] - at)
            if score > best_score or (score == best_score and dist < best_dist):
                best, best_score, best_dist = i, score, dist
            if (
                reverse[i] is None
                or score > reverse_score[i]
                or (score == reverse_score[i] and dist < reverse_dist[i])
            ):
                reverse[i], reverse_score[i], reverse_dist[i] = r, score, dist
        forward[r] = best
    return forward, reverse


def _nearest(n_from: int, n_to: int, i: int):
    """A tie-break key: how far paragraph j of n_to is from where paragraph i of n_from sits."""
    at = i / max(n_from, 1)
    return lambda j: abs(j / max(n_to, 1) - at)


def link_alignment(
    base: tuple[Aligned, Aligned],
    links: Iterable[tuple[int, int]],
    source_starts: list[int],
    rewrite_starts: list[int],
) -> tuple[Aligned, Aligned]:
    """`base` (forward, reverse, as word_alignment returns them) with each paragraph that holds
    an end of a (rewrite offset, source offset) link aligned instead with the paragraph its links
    point into most often; ties go to the nearer relative position, then the earlier paragraph.

    A paragraph's result depends only on the links with an end in it, so aligning some
    paragraphs from the links that touch them gives what aligning the whole text gives.
    """
    n_src, n_rw = len(source_starts), len(rewrite_starts)
    forward_votes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    reverse_votes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for rw_at, src_at in links:
        r = max(0, bisect_right(rewrite_starts, rw_at) - 1)
        s = max(0, bisect_right(source_starts, src_at) - 1)
        forward_votes[r][s] += 1
        reverse_votes[s][r] += 1
    forward, reverse = list(base[0]), list(base[1])
    for r, votes in forward_votes.items():
        near = _nearest(n_rw, n_src, r)
        forward[r] = max(votes, key=lambda s: (votes[s], -near(s), -s))
    for s, votes in reverse_votes.items():
        near = _nearest(n_src, n_rw, s)
        reverse[s] = max(votes, key=lambda r: (votes[r], -near(r), -r))
    return forward, reverse
