"""Text segmentation, the workspace's hot path: a body as paragraphs of marked segments.

Marks are computed here, in Python: each body is split at every span boundary (highlights,
claims, counterparts) into segments that list what covers them, so overlapping spans need no
nesting and the markup escapes every piece of text as it renders it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, NamedTuple

from reviews.analysis.paragraphs import paragraph_starts
from reviews.models import Side
from reviews.presenters.items import ClaimView, FindingView
from reviews.presenters.labels import SEVERITY_RANK, TIMES, VERDICT_RANK

__all__ = ["paragraph_starts"]  # re-exported: where a paragraph starts is the segments' unit


class Segment(NamedTuple):
    """A run of body text covered by the same set of spans; plain text when `el` is empty.

    A NamedTuple rather than a frozen dataclass: as immutable, and built in a fifth of the time
    (a frozen dataclass sets each of its 13 fields through object.__setattr__), which on the
    5,000-word bench review's 860 segments is about 1 ms a page."""

    text: str
    el: str = ""
    cls: str = ""
    hids: str = ""
    dids: str = ""
    cids: str = ""
    cp: str = ""
    tag: str = ""
    dtag: str = ""
    ctag: str = ""
    title: str = ""
    anchor: str = ""
    labelled: bool = False  # has an aria-label: what covers the text, then the text

    @property
    def label(self) -> str:
        return f"{self.title}: {self.text}" if self.labelled else ""


@dataclass
class Paragraph:
    """A run of body text up to and including its newlines: the unit a write re-renders."""

    index: int
    segments: list[Segment]
    # The paragraph of the other column it aligns with (align_paragraphs), if any.
    align: int | None = None


@dataclass(frozen=True, eq=False)  # compared by identity: two spans may cover the same text
class Span:
    start: int
    end: int
    kind: str  # h: highlight, d: dismissed highlight, c: claim, ph / pc: counterpart
    item: FindingView | ClaimView


def build_segments(
    text: str, spans: list[Span], breaks: Iterable[int] = (), window: tuple[int, int] | None = None
) -> list[Segment]:
    """Split text at every span boundary (and at `breaks`); each segment lists the spans that
    cover it. With `window` (lo, hi), only the segments of text[lo:hi], marked as in the whole.

    O(n log n) in the number of spans (plus the text length); overlapping and nested spans
    become runs of flat elements, one per segment.
    """
    length = len(text)
    lo, hi = window or (0, length)
    starts: dict[int, list[Span]] = defaultdict(list)
    ends: dict[int, list[Span]] = defaultdict(list)
    active: dict[tuple[str, int], Span] = {}
    bounds = {lo, hi}
    bounds.update(b for b in breaks if lo <= b <= hi)
    for span in spans:
        s, e = max(0, min(span.start, length)), max(0, min(span.end, length))
        if s >= e or e <= lo or s >= hi:
            continue
        if s < lo:
            # Open before the window: it covers the window's start but is not labelled there.
            active[(span.kind, id(span))] = span
        else:
            starts[s].append(span)
            bounds.add(s)
        if e <= hi:
            ends[e].append(span)
            bounds.add(e)
    points = sorted(bounds)
    paragraph_breaks = {lo, *breaks}
    segments: list[Segment] = []
    no_spans: tuple[Span, ...] = ()
    # The findings a tag has named as the one whose colour a mark takes, in this paragraph (so a
    # paragraph reads the same on the page and re-rendered alone).
    named: set[int] = set()
    for a, b in pairwise(points):
        if a in paragraph_breaks:
            named.clear()
        for span in ends.get(a, no_spans):
            active.pop((span.kind, id(span)), None)
        opened = starts.get(a, no_spans)
        for span in opened:
            active[(span.kind, id(span))] = span
        piece = text[a:b]
        if not active:
            segments.append(Segment(piece))
            continue
        closing = ends.get(b, no_spans)
        segments.append(_segment(piece, list(active.values()), opened, closing, named))
    return segments


def build_paragraphs(
    text: str,
    spans: list[Span],
    only: Sequence[int] | None = None,
    starts: list[int] | None = None,
) -> list[Paragraph]:
    """The body as paragraphs of segments (all of them, or the paragraphs numbered in `only`).

    `starts`: paragraph_starts(text), if the caller has it.
    """
    if starts is None:
        starts = paragraph_starts(text)
    wanted = sorted({i for i in only if 0 <= i < len(starts)}) if only is not None else None
    if wanted == []:
        return []
    first = wanted[0] if wanted else 0
    last = wanted[-1] if wanted else len(starts) - 1
    lo = starts[first]
    hi = starts[last + 1] if last + 1 < len(starts) else len(text)
    paragraphs = [Paragraph(i, []) for i in range(first, last + 1)]
    offset, index = lo, first
    for segment in build_segments(text, spans, starts[first : last + 1], (lo, hi)):
        while index + 1 <= last and offset >= starts[index + 1]:
            index += 1
        paragraphs[index - first].segments.append(segment)
        offset += len(segment.text)
    if wanted is None:
        return paragraphs
    return [paragraphs[i - first] for i in wanted]


def paragraphs_covering(starts: list[int], ranges: Iterable[tuple[int, int]]) -> list[int]:
    """The indices of the paragraphs (starting at `starts`) that the (start, end) ranges touch."""
    found: set[int] = set()
    for start, end in ranges:
        first = max(0, bisect_right(starts, start) - 1)
        last = max(first, bisect_left(starts, max(end, start + 1)) - 1)
        found.update(range(first, last + 1))
    return sorted(found)


def _single(piece: str, span: Span, opened: bool, closing: bool, named: set[int]) -> Segment:
    """A segment under one span (most of them): _segment's result, without its sorting."""
    # The kind says which view the item is (a FindingView for h and d, a ClaimView for c).
    item: Any = span.item
    kind = span.kind
    if kind == "h":
        h = item.h
        # Tagged where it starts, and where its colour comes back after another finding's.
        tagged = opened or id(item) not in named
        if tagged:
            named.add(id(item))
        return Segment(
            text=piece,
            el="mark",
            cls=f"hl cat-{h.category} sev-{h.severity} st-{h.status}",
            hids=str(h.pk),
            tag=item.tag if tagged else "",
            title=item.title,
            anchor=f"mark-h{h.pk}" if opened else "",
            labelled=True,
        )
    if kind == "c":
        return Segment(
            text=piece,
            el="span",
            cls=f"claim v-{item.c.verdict}",
            cids=str(item.c.pk),
            ctag=item.tag if closing else "",
            title=item.title,
            labelled=True,
        )
    if kind == "d":
        h = item.h
        return Segment(
            text=piece,
            el="mark",
            cls=f"hl is-dismissed cat-{h.category}",
            dids=str(h.pk),
            dtag=item.tag + " dismissed" if opened else "",
            title=item.title,
            anchor=f"mark-h{h.pk}" if opened else "",
            labelled=True,
        )
    return Segment(
        text=piece,
        el="span",
        cls="cp",
        cp=("h" if kind == "ph" else "c") + str(_pk(item)),
        title="counterpart",
    )


def _segment(piece: str, covering: list[Span], opened, closing, named: set[int]) -> Segment:
    """A segment under several spans. Its colour and style come from the most pressing finding
    (severity, then number) and claim (verdict, then number); its tag names that finding first,
    then TIMES and how many findings cover it, then "+#n" for others starting here, so that
    colour and tag agree; its title and aria-label list every finding and claim."""
    if len(covering) == 1:
        span = covering[0]
        return _single(piece, span, span in opened, span in closing, named)
    # By kind, as in _single: findings, dismissed findings, claims, counterpart spans.
    hs: list[Any] = []
    ds: list[Any] = []
    cs: list[Any] = []
    cps: list[Span] = []
    for s in covering:
        kind = s.kind
        if kind == "h":
            hs.append(s.item)
        elif kind == "c":
            cs.append(s.item)
        elif kind == "d":
            ds.append(s.item)
        else:
            cps.append(s)
    if len(hs) > 1:
        hs.sort(key=lambda f: (SEVERITY_RANK.get(f.h.severity, 3), f.number))
    if len(cs) > 1:
        cs.sort(key=lambda c: (VERDICT_RANK.get(c.c.verdict, 3), c.number))
    # The same order whatever order the spans came in (the page and a write's paragraphs).
    if len(ds) > 1:
        ds.sort(key=lambda f: f.number)
    if len(cps) > 1:
        cps.sort(key=lambda s: (s.kind, _pk(s.item)))
    opened_ids = {id(s.item) for s in opened} if opened else set()
    closing_ids = {id(s.item) for s in closing} if closing else set()
    classes = []
    tag = ""
    if hs:
        top = hs[0]
        classes += ["hl", f"cat-{top.h.category}", f"sev-{top.h.severity}", f"st-{top.h.status}"]
        starting = [f for f in hs if id(f) in opened_ids]
        if starting or id(top) not in named:
            named.add(id(top))
            tag = top.tag
            if len(hs) > 1:
                tag += f" {TIMES}{len(hs)}"
            tag += "".join([f" +#{f.number}" for f in starting if f is not top])
        if len(hs) > 1:
            classes.append("multi")
    elif ds:
        classes += ["hl", "is-dismissed", f"cat-{ds[0].h.category}"]
    if cs:
        classes += ["claim", f"v-{cs[0].c.verdict}"]
    if cps:
        classes.append("cp")
    titles = [f.title for f in hs] + [c.title for c in cs]
    title = "; ".join(titles or [f.title for f in ds]) or "counterpart"
    first = [f for f in hs + ds if id(f) in opened_ids]
    return Segment(
        text=piece,
        el="mark" if hs or ds else "span",
        cls=" ".join(classes),
        hids=" ".join([str(f.h.pk) for f in hs]),
        dids=" ".join([str(f.h.pk) for f in ds]),
        cids=" ".join([str(c.c.pk) for c in cs]),
        cp=" ".join([("h" if s.kind == "ph" else "c") + str(_pk(s.item)) for s in cps]),
        tag=tag,
        dtag=" ".join([f.tag + " dismissed" for f in ds if id(f) in opened_ids]),
        ctag=" ".join([c.tag for c in cs if id(c) in closing_ids]),
        title=title,
        anchor=f"mark-h{first[0].h.pk}" if first else "",
        labelled=bool(hs or ds or cs),
    )


def _pk(item: FindingView | ClaimView) -> int:
    return item.h.pk if isinstance(item, FindingView) else item.c.pk


def spans_for(side: str, findings, dismissed, claims) -> list[Span]:
    spans: list[Span] = []
    for f in findings:
        h = f.h
        if h.side == side:
            spans.append(Span(h.start, h.end, "h", f))
        elif h.other_start is not None and h.other_end is not None:
            spans.append(Span(h.other_start, h.other_end, "ph", f))
    for f in dismissed:
        if f.h.side == side:
            spans.append(Span(f.h.start, f.h.end, "d", f))
    for cv in claims:
        c = cv.c
        if side == Side.REWRITE:
            spans.append(Span(c.start, c.end, "c", cv))
        else:
            if c.evidence_start is not None and c.evidence_end is not None:
                spans.append(Span(c.evidence_start, c.evidence_end, "pc", cv))
            elif c.support_start is not None and c.support_end is not None:
                spans.append(Span(c.support_start, c.support_end, "pc", cv))
    return spans
