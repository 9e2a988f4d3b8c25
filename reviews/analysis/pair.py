"""The detectors' shared input: both texts' frames, the source index and the alignment.

Frozen: a detector reads it and returns findings; none writes to it or sees another's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .align import SourceIndex, Support, coverage
from .frames import DocFacts, Frame, Quote
from .report import Finding
from .thresholds import ALIGN_CANDIDATES, MAX_POSTINGS

# A wire dateline and credit: "PLACE, Region (Agency) —" at the start of the story.
DATELINE = re.compile(r"\A\s*([A-Z][A-Z .'-]+(?:, [A-Z][\w. ]+)?\s*\(([^)]{2,40})\))")


def _by_sentence(frames: tuple[Frame, ...]) -> dict[int, tuple[Frame, ...]]:
    out: dict[int, list[Frame]] = {}
    for f in frames:
        out.setdefault(f.sent, []).append(f)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class AlignedPair:
    """Source and rewrite frames, the source index and one Support per rewrite frame; and the
    reverse alignment (each source frame to the rewrite frames that keep it) for omissions."""

    source: DocFacts
    rewrite: DocFacts
    index: SourceIndex
    supports: tuple[Support, ...]
    rewrite_index: SourceIndex
    kept_by: tuple[Support, ...]  # one per source frame; ``sources`` are rewrite frames

    def kept_coverage(self, sent: int) -> float:
        """Weighted share of a source sentence's lemmas found in the rewrite sentences that
        its clauses align to (the rewrite's rarity weights: a word the rewrite uses
        everywhere says little about whether this sentence was kept)."""
        frames = self.source_by_sentence.get(sent, ())
        lemmas = frozenset().union(*(f.lemmas for f in frames)) if frames else frozenset()
        sents = {self.rewrite.frames[j].sent for f in frames for j in self.kept_by[f.index].sources}
        support: set[str] = set()
        for s in sents:
            for f in self.rewrite_by_sentence.get(s, ()):
                support |= f.lemmas
        return coverage(lemmas, frozenset(support), self.rewrite_index)

    def support_frames(self, rw: Frame) -> list[Frame]:
        """The source frames aligned to rewrite frame ``rw``, best first."""
        return [self.source.frames[j] for j in self.supports[rw.index].sources]

    def support_sentences(self, rw: Frame) -> list[Frame]:
        """Every source frame in the sentences the aligned frames belong to."""
        sents = sorted({f.sent for f in self.support_frames(rw)})
        return [f for s in sents for f in self.source_by_sentence.get(s, ())]

    @cached_property
    def source_by_sentence(self) -> dict[int, tuple[Frame, ...]]:
        """Source frames grouped by sentence number."""
        return _by_sentence(self.source.frames)

    @cached_property
    def rewrite_by_sentence(self) -> dict[int, tuple[Frame, ...]]:
        """Rewrite frames grouped by sentence number."""
        return _by_sentence(self.rewrite.frames)

    @cached_property
    def quote_postings(self) -> dict[str, tuple[int, ...]]:
        """Source quotation numbers by the words they contain."""
        post: dict[str, list[int]] = {}
        for i, q in enumerate(self.source.quotes):
            for w in q.words:
                post.setdefault(w, []).append(i)
        return {k: tuple(v) for k, v in post.items()}

    @cached_property
    def rewrite_lemmas(self) -> frozenset[str]:
        """Every lemma of the rewrite."""
        return frozenset().union(*(f.lemmas for f in self.rewrite.frames))

    @cached_property
    def source_names(self) -> frozenset[str]:
        """Every name key of the source, with each word of multi-word keys."""
        out: set[str] = set()
        for f in self.source.frames:
            for n in f.names:
                out.add(n.key)
                out.update(n.key.split())
        return frozenset(out)

    @cached_property
    def source_titles(self) -> dict[str, dict[str, tuple[int, int]]]:
        """Titles the source gives each person, by surname."""
        out: dict[str, dict[str, tuple[int, int]]] = {}
        for f in self.source.frames:
            for s in f.names:
                if s.label == "PERSON" and s.title and s.key:
                    out.setdefault(s.key.split()[-1], {})[s.title] = s.span
        return out

    @cached_property
    def source_names_by_initial(self) -> dict[str, tuple[str, ...]]:
        """Source name keys by first letter (spelling variants share it)."""
        out: dict[str, list[str]] = {}
        for k in sorted(self.source_names):
            out.setdefault(k[:1], []).append(k)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def source_words(self) -> frozenset[str]:
        """Every lower-case word of the source text."""
        import re

        low = self.source.text.lower()
        # With and without dots, so "U.S." also gives "us".
        return frozenset(re.findall(r"[\w]+", low)) | frozenset(
            re.findall(r"[\w]+", low.replace(".", ""))
        )

    @cached_property
    def source_dateline(self) -> tuple[int, int] | None:
        """Where the source's dateline and credit are, if it opens with one."""
        m = DATELINE.match(self.source.text)
        return m.span(1) if m else None

    def in_dateline(self, span: tuple[int, int]) -> bool:
        """The source span lies in the dateline (a place of filing, not a participant)."""
        d = self.source_dateline
        return d is not None and d[0] <= span[0] and span[1] <= d[1]

    @cached_property
    def source_flat(self) -> str:
        """The source text in lower case with every run of white space one space."""
        return " ".join(self.source.text.lower().split())

    @cached_property
    def source_initialisms(self) -> frozenset[str]:
        """Initials of every run of two to five consecutive source words ("us", "cfo")."""
        import re

        ws = re.findall(r"[A-Za-z]+", self.source.text.replace(".", ""))
        out = set()
        for i in range(len(ws)):
            for n in range(2, 6):
                out.add("".join(w[0] for w in ws[i : i + n]).lower())
        return frozenset(out)

    def sentence_coverage(self, sent: int) -> float:
        """Weighted share of a rewrite sentence's lemmas found in its clauses' support."""
        frames = self.rewrite_by_sentence.get(sent, ())
        lemmas = frozenset().union(*(f.lemmas for f in frames)) if frames else frozenset()
        support: set[str] = set()
        for f in frames:
            for s in self.support_sentences(f):
                support |= s.lemmas
        return coverage(lemmas, frozenset(support), self.index)

    def source_quote_for(self, q: Quote) -> tuple[Quote | None, float]:
        """The source quotation sharing most words with rewrite quotation ``q``."""
        best, score = None, 0.0
        if not q.words:
            return best, score
        shared: dict[int, int] = {}
        for w in q.words:
            post = self.quote_postings.get(w, ())
            if len(post) > MAX_POSTINGS:
                continue  # a word in most quotations says nothing about which one
            for i in post:
                shared[i] = shared.get(i, 0) + 1
        for i in sorted(shared, key=lambda i: (-shared[i], i))[:ALIGN_CANDIDATES]:
            sq = self.source.quotes[i]
            overlap = len(q.words & sq.words) / len(q.words)
            if overlap > score:
                best, score = sq, overlap
        return best, score


def finding(
    category: str,
    severity: str,
    rewrite_span: tuple[int, int] | None,
    source_span: tuple[int, int] | None,
    message: str,
    confidence: float,
) -> Finding:
    """A Finding with its confidence clipped to [0, 1] and rounded."""
    return Finding(
        category, severity, rewrite_span, source_span, message, round(min(max(confidence, 0), 1), 2)
    )


def quote_text(text: str, span: tuple[int, int], limit: int = 80) -> str:
    """The text at ``span``, shortened for a message."""
    s = " ".join(text[span[0] : span[1]].split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
