"""Stage 3, align: each rewrite clause to the source clauses that support it.

Phenomenon: rewrites merge, split and reorder sentences, so one rewrite clause may draw on
several source clauses (many-to-one). Source clauses are indexed by lemma (synonym groups
folded, figures as ``#value``, names as ``@key``); each lemma weighs by its rarity in the
source. A rewrite clause is scored against only the clauses sharing a lemma with it, and a
lemma in too many clauses is skipped, so cost grows linearly with length.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .frames import DocFacts, Frame
from .thresholds import ALIGN_CANDIDATES, MAX_POSTINGS, MAX_SUPPORT, MIN_GAIN


@dataclass(frozen=True)
class Support:
    """The source clauses aligned to one rewrite clause and how much of it they cover."""

    rewrite: int  # rewrite frame index
    sources: tuple[int, ...]  # source frame indexes, best first
    coverage: float  # weighted share of the rewrite clause's lemmas found in the sources


@dataclass(frozen=True)
class SourceIndex:
    """Lemma postings and weights over the source's frames."""

    postings: dict[str, tuple[int, ...]]
    weights: dict[str, float]
    unseen_weight: float
    all_lemmas: frozenset[str]

    def weight(self, lemma: str) -> float:
        """A lemma's weight: rarer in the source weighs more; unseen weighs most."""
        return self.weights.get(lemma, self.unseen_weight)


def build_index(facts: DocFacts) -> SourceIndex:
    """Index the source's frames by lemma."""
    post: dict[str, list[int]] = defaultdict(list)
    for f in facts.frames:
        for lemma in f.lemmas:
            post[lemma].append(f.index)
    n = max(len(facts.frames), 1)
    weights = {k: math.log(1 + n / len(v)) for k, v in post.items()}
    return SourceIndex(
        postings={k: tuple(v) for k, v in post.items()},
        weights=weights,
        unseen_weight=math.log(1 + n),
        all_lemmas=frozenset(post),
    )


def coverage(lemmas: frozenset[str], support: frozenset[str], index: SourceIndex) -> float:
    """Weighted share of ``lemmas`` that ``support`` contains."""
    total = sum(index.weight(x) for x in lemmas)
    if total == 0:
        return 1.0
    return sum(index.weight(x) for x in lemmas if x in support) / total


def align_frame(frame: Frame, source: DocFacts, index: SourceIndex) -> Support:
    """The source clauses that best support one rewrite clause (greedy, many-to-one)."""
    scores: dict[int, float] = defaultdict(float)
    for lemma in frame.lemmas:
        post = index.postings.get(lemma, ())
        if len(post) > MAX_POSTINGS:
            continue
        w = index.weight(lemma)
        for j in post:
            scores[j] += w
    candidates = sorted(scores, key=lambda j: (-scores[j], j))[:ALIGN_CANDIDATES]
    picked: list[int] = []
    covered: set[str] = set()
    best = 0.0
    for _ in range(MAX_SUPPORT):
        gain_best, pick = 0.0, None
        for j in candidates:
            if j in picked:
                continue
            cov = coverage(frame.lemmas, frozenset(covered | source.frames[j].lemmas), index)
            if cov - best > gain_best:
                gain_best, pick = cov - best, j
        if pick is None or (picked and gain_best < MIN_GAIN):
            break
        picked.append(pick)
        covered |= source.frames[pick].lemmas
        best += gain_best
    return Support(frame.index, tuple(picked), round(best, 4) if picked else 0.0)


def align(source: DocFacts, rewrite: DocFacts, index: SourceIndex) -> tuple[Support, ...]:
    """One Support per rewrite frame, in rewrite order."""
    return tuple(align_frame(f, source, index) for f in rewrite.frames)
