"""The two text columns: paragraphs with their marks, aligned paragraph by paragraph.

The alignment itself is reviews/analysis/paragraphs.py, shared with the engine; here it gets
the engine's links from the review's findings and claims, and a per-process cache.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsdesk.models import StoryVersion
from reviews.analysis.paragraphs import (
    Aligned,
    link_alignment,
    paragraph_starts,
    word_alignment,
)
from reviews.models import Highlight, Review, Side
from reviews.presenters.items import ClaimView, FindingView, finding_words
from reviews.presenters.labels import Row
from reviews.presenters.rows import ReviewRows, load_rows
from reviews.presenters.segments import (
    Paragraph,
    Segment,
    build_paragraphs,
    paragraphs_covering,
    spans_for,
)
from reviews.querysets import BLOCKING_SEVERITIES, UNSETTLED_HIGHLIGHT_STATUSES, risk_order


@dataclass
class Column:
    """One side's text as paragraphs of marked segments."""

    side: str
    label: str
    version: object
    paragraphs: list[Paragraph]

    @property
    def dom_id(self) -> str:
        return f"col-{self.side}"

    @property
    def segments(self) -> list[Segment]:
        return [s for p in self.paragraphs for s in p.segments]


# word_alignment's results by (source SHA-256, rewrite SHA-256): versions never change, so their
# hashes name the result, and a write re-rendering one paragraph needs the whole pair's.
_WORD_ALIGNMENTS: dict[tuple[str, str], tuple[Aligned, Aligned]] = {}
_WORD_ALIGNMENTS_KEPT = 64
_WORD_ALIGNMENTS_LOCK = threading.Lock()


# paragraph_starts by version SHA-256, for the same reason: shared, so callers never change them.
_STARTS: dict[str, list[int]] = {}
_STARTS_KEPT = 128


def version_starts(version: StoryVersion) -> list[int]:
    """paragraph_starts(version.body), kept per process by the version's hash (_STARTS)."""
    found = _STARTS.get(version.sha256)
    if found is None:
        found = paragraph_starts(version.body)
        with _WORD_ALIGNMENTS_LOCK:
            while len(_STARTS) >= _STARTS_KEPT:
                _STARTS.pop(next(iter(_STARTS)))
            _STARTS[version.sha256] = found
    return found


@dataclass
class Alignment:
    """Which paragraph of the other column each paragraph aligns with (None: none found)."""

    rewrite: Aligned  # rewrite paragraph -> source paragraph
    source: Aligned  # source paragraph -> rewrite paragraph

    def for_side(self, side: str) -> Aligned:
        return self.source if side == Side.SOURCE else self.rewrite


def _cached_word_alignment(
    review: Review, source_starts: list[int], rewrite_starts: list[int]
) -> tuple[Aligned, Aligned]:
    """word_alignment for the review's pair, kept per process (_WORD_ALIGNMENTS)."""
    key = (review.source.sha256, review.rewrite.sha256)
    found = _WORD_ALIGNMENTS.get(key)
    if found is None:
        found = word_alignment(
            review.source.body, review.rewrite.body, source_starts, rewrite_starts
        )
        with _WORD_ALIGNMENTS_LOCK:
            while len(_WORD_ALIGNMENTS) >= _WORD_ALIGNMENTS_KEPT:
                _WORD_ALIGNMENTS.pop(next(iter(_WORD_ALIGNMENTS)))
            _WORD_ALIGNMENTS[key] = found
    return found


def alignment_links(highlights: Iterable, claims: Iterable) -> list[tuple[int, int]]:
    """(rewrite offset, source offset) pairs the engine linked: a highlight and its counterpart,
    a claim and its supporting passage. Neither changes after the engine ran (a reviewer's
    highlight has no counterpart; evidence is not used), so neither does the alignment."""
    links = []
    for h in highlights:
        if h.other_start is not None and h.other_end is not None and h.other_end > h.other_start:
            links.append(
                (h.start, h.other_start) if h.side == Side.REWRITE else (h.other_start, h.start)
            )
    for c in claims:
        if c.support_start is not None and c.support_end is not None:
            links.append((c.start, c.support_start))
    return links


def align_paragraphs(
    review: Review,
    links: list[tuple[int, int]],
    source_starts: list[int],
    rewrite_starts: list[int],
) -> Alignment:
    """Align the columns paragraph by paragraph: by the engine's links where a paragraph has any
    (link_alignment), else by shared words (word_alignment).

    A paragraph's alignment depends only on the links with an end in it and on the two texts, so
    a write re-rendering some paragraphs computes the same as the whole page, from the highlights
    and claims it loads for those paragraphs.
    """
    base = _cached_word_alignment(review, source_starts, rewrite_starts)
    forward, reverse = link_alignment(base, links, source_starts, rewrite_starts)
    return Alignment(rewrite=forward, source=reverse)


def build_columns(review: Review, findings, dismissed, claims) -> tuple[Column, Column]:
    """The source and rewrite columns, as paragraphs with their marks, each paragraph aligned
    with one of the other column's (align_paragraphs)."""
    source_starts = version_starts(review.source)
    rewrite_starts = version_starts(review.rewrite)
    links = alignment_links([f.h for f in (*findings, *dismissed)], [cv.c for cv in claims])
    alignment = align_paragraphs(review, links, source_starts, rewrite_starts)
    columns = []
    for side, version, starts in (
        (Side.SOURCE, review.source, source_starts),
        (Side.REWRITE, review.rewrite, rewrite_starts),
    ):
        spans = spans_for(side, findings, dismissed, claims)
        paragraphs = build_paragraphs(version.body, spans, starts=starts)
        for p, align in zip(paragraphs, alignment.for_side(side), strict=True):
            p.align = align
        label_ = "Source" if side == Side.SOURCE else "Rewrite"
        columns.append(Column(side, label_, version, paragraphs))
    return columns[0], columns[1]


@dataclass
class ParagraphChanges:
    """Re-rendered paragraphs, by side, and the numbers of the items marked in them by key
    ("h12": 3), which the answer's items can reuse instead of counting again; and, by key, what
    contests each claim lying wholly in them (ClaimView.contested_by, as build_claim words it),
    from the rewrite findings loaded for the marks: every one that overlaps such a claim."""

    paragraphs: list[tuple[str, Paragraph]]
    numbers: dict[str, int]
    contested: dict[str, str] = field(default_factory=dict)


def _contested(claims: list[ClaimView], highlights: list[Row], lo: int, hi: int) -> dict[str, str]:
    """ParagraphChanges.contested for the claims inside rewrite[lo:hi], whose marks loaded every
    highlight overlapping them (those an edit took out of the text are settled: none blocks)."""
    blocking = sorted(
        (
            h
            for h in highlights
            if h.side == Side.REWRITE
            and h.status in UNSETTLED_HIGHLIGHT_STATUSES
            and h.severity in BLOCKING_SEVERITIES
        ),
        key=lambda h: risk_order(h.severity, h.category, h.side, h.start, h.pk),
    )
    contested = {}
    for cv in claims:
        c = cv.c
        if c.start < lo or c.end > hi:
            continue
        top = next((h for h in blocking if h.start < c.end and h.end > c.start), None)
        contested[cv.key] = finding_words(top.severity, top.category) if top else ""
    return contested


def _overlaps(start: int | None, end: int | None, lo: int, hi: int) -> bool:
    return start is not None and end is not None and start < hi and end > lo


def build_paragraph_changes(
    review: Review,
    ranges: dict[str, list[tuple[int | None, int | None]]],
    rows: ReviewRows | None = None,
) -> ParagraphChanges:
    """The paragraphs holding the given (start, end) ranges on each side, re-rendered with every
    mark on them, from the review's rows (`rows`: load_rows(review), if the caller loaded them;
    else two queries, however long the text or many its marks).

    Each highlight and claim comes with its number (its rank by pk, or by position for claims)
    as ReviewRows counts it.
    """
    wanted: dict[str, tuple[list[int], list[int]]] = {}
    windows: dict[str, tuple[int, int]] = {}
    for side, spans in ranges.items():
        known = [(s, e) for s, e in spans if s is not None and e is not None]
        if not known:
            continue
        version = review.source if side == Side.SOURCE else review.rewrite
        text = version.body
        starts = version_starts(version)
        indices = paragraphs_covering(starts, known)
        lo = starts[indices[0]]
        hi = starts[indices[-1] + 1] if indices[-1] + 1 < len(starts) else len(text)
        wanted[side] = (indices, starts)
        windows[side] = (lo, hi)
    if not wanted:
        return ParagraphChanges([], {})
    if rows is None:
        rows = load_rows(review)
    in_text_highlights, in_text_claims = rows.in_text()
    highlights = []
    for h in sorted(in_text_highlights, key=lambda h: h.id):
        for side, (lo, hi) in windows.items():
            if (h.side == side and _overlaps(h.start, h.end, lo, hi)) or (
                h.side != side and _overlaps(h.other_start, h.other_end, lo, hi)
            ):
                highlights.append(h)
                break
    claims = []
    for c in in_text_claims:
        for side, (lo, hi) in windows.items():
            if side == Side.REWRITE:
                hit = _overlaps(c.start, c.end, lo, hi)
            else:
                # Outlined evidence or support, and every supporting passage (alignment_links).
                hit = _overlaps(c.evidence_start, c.evidence_end, lo, hi) or _overlaps(
                    c.support_start, c.support_end, lo, hi
                )
            if hit:
                claims.append(ClaimView(c, c.number))
                break
    findings: list[FindingView] = []
    dismissed: list[FindingView] = []
    for h in highlights:
        view = FindingView(h, h.number)
        (dismissed if h.status == Highlight.Status.DISMISSED else findings).append(view)
    source_starts = wanted.get(Side.SOURCE, ((), None))[1]
    rewrite_starts = wanted.get(Side.REWRITE, ((), None))[1]
    alignment = align_paragraphs(
        review,
        alignment_links(highlights, [cv.c for cv in claims]),
        source_starts or version_starts(review.source),
        rewrite_starts or version_starts(review.rewrite),
    )
    out = []
    for side, (indices, starts) in wanted.items():
        text = (review.source if side == Side.SOURCE else review.rewrite).body
        marks = spans_for(side, findings, dismissed, claims)
        aligned = alignment.for_side(side)
        for p in build_paragraphs(text, marks, indices, starts):
            p.align = aligned[p.index]
            out.append((side, p))
    numbers = {f"h{h.pk}": h.number for h in highlights}
    numbers |= {f"c{cv.c.pk}": cv.number for cv in claims}
    contested = {}
    if Side.REWRITE in wanted:
        contested = _contested(claims, highlights, *windows[Side.REWRITE])
    return ParagraphChanges(out, numbers, contested)
