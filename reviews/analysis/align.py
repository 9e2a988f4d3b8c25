"""Align sentences through an inverted index of content stems, so cost grows linearly."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .facts import SentenceFacts

# Stems found in more sentences than this do not generate candidates (they still score),
# which keeps candidate generation linear in text length.
MAX_POSTINGS = 48
MAX_CANDIDATES = 8


@dataclass(frozen=True, slots=True)
class Alignment:
    """The sentences (indices into the indexed list) that best support a query sentence."""

    picked: tuple[int, ...]
    scores: tuple[float, ...]  # each picked sentence's own coverage of the query
    coverage: float  # weighted share of the query's stems found in the picked sentences
    missing: frozenset[str]  # query stems found in none of the picked sentences

    @property
    def best(self) -> int | None:
        """The single best supporting sentence, if any."""
        return self.picked[0] if self.picked else None


class SentenceIndex:
    """Inverted index from content stem to the sentences containing it."""

    def __init__(self, facts: list[SentenceFacts]) -> None:
        """Index the given sentences' stems."""
        self.facts = facts
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, sf in enumerate(facts):
            for st in sf.stem_set:
                self.postings[st].append(i)
        n = max(len(facts), 1)
        self._unknown = math.log(1 + n) + 1.0
        self._n = n

    def weight(self, st: str) -> float:
        """Inverse document frequency of a stem; unknown stems weigh most."""
        p = self.postings.get(st)
        if not p:
            return self._unknown
        return math.log(1 + self._n / len(p)) + 0.5

    def contains(self, st: str) -> bool:
        """Whether any indexed sentence has the stem."""
        return st in self.postings

    def align(self, stems: frozenset[str], max_picked: int = 3) -> Alignment:
        """Pick up to max_picked sentences that together cover the most of the query's stems."""
        if not stems:
            return Alignment((), (), 0.0, frozenset())
        weights = {st: self.weight(st) for st in stems}
        total = sum(weights.values())
        acc: dict[int, float] = defaultdict(float)
        for st in stems:
            p = self.postings.get(st)
            if not p or len(p) > MAX_POSTINGS:
                continue
            w = weights[st]
            for i in p:
                acc[i] += w
        if not acc:
            # Only very common stems are shared: fall back to the first sentences holding them.
            for st in stems:
                for i in (self.postings.get(st) or [])[:MAX_CANDIDATES]:
                    acc[i] += weights[st]
        cands = sorted(acc, key=lambda i: (-acc[i], i))[:MAX_CANDIDATES]
        picked: list[int] = []
        scores: list[float] = []
        covered: set[str] = set()
        for _ in range(max_picked):
            best, gain = -1, 0.0
            for i in cands:
                if i in picked:
                    continue
                g = sum(weights[s] for s in stems & self.facts[i].stem_set if s not in covered)
                if g > gain + 1e-9:
                    best, gain = i, g
            # A second or third sentence must add real support, not one shared common word.
            if best < 0 or (picked and gain / total < 0.12):
                break
            picked.append(best)
            own = sum(weights[s] for s in stems & self.facts[best].stem_set)
            scores.append(own / total)
            covered |= stems & self.facts[best].stem_set
        cov = sum(weights[s] for s in covered) / total
        return Alignment(tuple(picked), tuple(scores), cov, frozenset(stems - covered))
