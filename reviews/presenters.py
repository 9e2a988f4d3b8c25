"""The review workspace's view-model: everything the page shows, in a constant number of queries.

Marks are computed here, in Python: each body is split at every span boundary (highlights,
claims, counterparts) into segments that list what covers them, so overlapping spans need no
nesting and the template escapes every piece of text as it renders it.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from reviews import workflow
from reviews.models import (
    AnchorState,
    Category,
    Claim,
    Comment,
    Highlight,
    Review,
    Severity,
    Side,
    SignOff,
    comment_version,
)
from reviews.querysets import BLOCKING_SEVERITIES, IN_TEXT, UNSETTLED_HIGHLIGHT_STATUSES

# A short text tag per category, drawn beside each mark so that colour is never the only cue.
CATEGORY_TAGS = {
    "number": "NUM",
    "entity": "NAME",
    "attribution": "ATTR",
    "time": "TIME",
    "unsupported": "UNSUP",
    "omission": "OMIT",
    "meaning": "MEAN",
    "quote": "QUOTE",
    "other": "OTHER",
}
SEVERITY_SYMBOLS = {"critical": "!!", "major": "!", "minor": ""}
SEVERITY_RANK = {"critical": 0, "major": 1, "minor": 2}
# In a tag, TIMES and a count: that many findings cover the marked text.
TIMES = "\N{MULTIPLICATION SIGN}"
VERDICT_SYMBOLS = {"pending": "?", "verified": "✓", "disputed": "✗"}
VERDICT_RANK = {"disputed": 0, "pending": 1, "verified": 2}
SETTLED_HIGHLIGHT_STATUSES = ("resolved", "dismissed")
# Choice labels by value: what get_FOO_display() returns, without its per-call cost in loops.
CATEGORY_LABELS = dict(Category.choices)
SEVERITY_LABELS = dict(Severity.choices)
STATUS_LABELS = dict(Highlight.Status.choices)
VERDICT_LABELS = dict(Claim.Verdict.choices)
ANCHOR_LABELS = dict(AnchorState.choices)
_PK = 987654321


def label(labels: dict[str, str], value: str) -> str:
    """A choice's label, or the value itself if it is not a choice (as get_FOO_display does)."""
    return labels.get(value, value)


def url_maker(name: str):
    """A fast pk -> URL function for one route (reverse once, then substitute the pk)."""
    pattern = reverse(name, args=[_PK])
    return lambda pk: pattern.replace(str(_PK), str(pk))


class Row:
    """One database row's columns as attributes, from .values(): the page reads hundreds of
    highlights, claims and comments, and a model instance for each costs more than the query."""

    def __init__(self, values: dict):
        self.__dict__.update(values)

    @property
    def pk(self) -> int:
        return self.id


def _options(choices, selected: str) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((v, " selected" if v == selected else "", label) for v, label in choices),
    )


# The <option> lists for every possible selection, built once: choice labels are ours, not users'.
CATEGORY_OPTIONS = {v: _options(Category.choices, v) for v in Category.values}
SEVERITY_OPTIONS = {v: _options(Severity.choices, v) for v in Severity.values}


@dataclass
class FindingView:
    """One highlight as the panel and the marks show it."""

    h: Highlight
    number: int
    threads: list[Comment] = field(default_factory=list)
    status_url: str = ""
    edit_url: str = ""
    detail_url: str = ""
    full: bool = False
    comments: int = 0
    author_name: str = ""

    @property
    def key(self) -> str:
        return f"h{self.h.pk}"

    @property
    def category_options(self) -> SafeString:
        return CATEGORY_OPTIONS.get(self.h.category, "")

    @property
    def severity_options(self) -> SafeString:
        return SEVERITY_OPTIONS.get(self.h.severity, "")

    @cached_property
    def tag(self) -> str:
        """The label drawn beside its mark, e.g. "#3 NUM!!"."""
        label = f"#{self.number} {CATEGORY_TAGS.get(self.h.category, 'OTHER')}"
        label += SEVERITY_SYMBOLS.get(self.h.severity, "")
        if self.h.status == Highlight.Status.SUGGESTED:
            label += " suggested"
        elif self.h.status == Highlight.Status.RESOLVED:
            label += " ✓"
        return label

    @cached_property
    def title(self) -> str:
        """Text for the mark's title and aria-label."""
        origin = "engine suggestion" if self.is_suggestion else "finding"
        return (
            f"#{self.number} {label(CATEGORY_LABELS, self.h.category)}, {self.h.severity} "
            f"{origin}, {label(STATUS_LABELS, self.h.status).lower()}"
        )

    @property
    def is_suggestion(self) -> bool:
        return self.h.status == Highlight.Status.SUGGESTED

    @property
    def settled(self) -> bool:
        return self.h.status in SETTLED_HIGHLIGHT_STATUSES

    @property
    def comment_count(self) -> int:
        if self.threads:
            return sum(1 + len(t.reply_list) for t in self.threads)
        return self.comments

    @property
    def confidence_pct(self) -> int | None:
        return None if self.h.confidence is None else round(self.h.confidence * 100)


@dataclass
class ClaimView:
    """One claim as the panel and the underlines show it."""

    c: Claim
    number: int
    threads: list[Comment] = field(default_factory=list)
    verdict_url: str = ""
    detail_url: str = ""
    full: bool = False
    comments: int = 0
    verdict_by_name: str = ""
    # The source passage the engine found supporting it (source text at support_start:end).
    support_quote: str = ""
    # The tag of the riskiest unsettled critical/major finding covering it ("" if none): such
    # a claim cannot be verified until that finding is settled (workflow.set_verdict).
    contested_by: str = ""

    @property
    def key(self) -> str:
        return f"c{self.c.pk}"

    @cached_property
    def tag(self) -> str:
        return f"C{self.number}{VERDICT_SYMBOLS.get(self.c.verdict, '')}"

    @cached_property
    def title(self) -> str:
        return f"Claim C{self.number}, {label(VERDICT_LABELS, self.c.verdict).lower()}"

    @property
    def settled(self) -> bool:
        return self.c.verdict == Claim.Verdict.VERIFIED

    @property
    def comment_count(self) -> int:
        if self.threads:
            return sum(1 + len(t.reply_list) for t in self.threads)
        return self.comments


@dataclass(frozen=True)
class Segment:
    """A run of body text covered by the same set of spans; plain text when `el` is empty."""

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


@dataclass
class Column:
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


@dataclass
class Progress:
    claims_total: int
    claims_settled: int
    findings_total: int
    findings_settled: int
    blocking: int

    @property
    def done(self) -> int:
        return self.claims_settled + self.findings_settled

    @property
    def total(self) -> int:
        return self.claims_total + self.findings_total


@dataclass
class RoleSignOff:
    role: str
    label: str
    blockers: list[workflow.Blocker]

    @property
    def hard_blockers(self) -> list[workflow.Blocker]:
        return [b for b in self.blockers if not b.overridable]


@dataclass
class Workspace:
    """What the page shows. A write's response fills only the parts it re-renders."""

    review: Review
    can_work: bool
    findings: list[FindingView] = field(default_factory=list)
    dismissed: list[FindingView] = field(default_factory=list)
    claims: list[ClaimView] = field(default_factory=list)
    review_threads: list[Comment] = field(default_factory=list)
    source: Column | None = None
    rewrite: Column | None = None
    progress: Progress | None = None
    signoffs: list[SignOff] = field(default_factory=list)
    roles: list[RoleSignOff] = field(default_factory=list)
    can_override: bool = False
    comment_url: str = ""
    categories: list[tuple[str, str]] = field(default_factory=lambda: list(Category.choices))
    severities: list[tuple[str, str]] = field(default_factory=lambda: list(Severity.choices))

    @property
    def read_only(self) -> bool:
        return self.review.is_closed or not self.can_work

    def column(self, side: str) -> Column:
        return self.source if side == Side.SOURCE else self.rewrite

    def expand(self, key: str) -> None:
        """Render this item in full (forms and threads) in the panels, e.g. after acting on it."""
        for item in (*self.findings, *self.dismissed, *self.claims):
            if item.key == key:
                item.full = True
                target = {"highlight_id" if key[0] == "h" else "claim_id": int(key[1:])}
                comments = _comment_rows(**target)
                by_highlight, by_claim, _ = _threads(comments)
                item.threads = (by_highlight if key[0] == "h" else by_claim).get(int(key[1:]), [])


@dataclass
class ItemPage:
    """What one finding or claim needs when it is rendered on its own (expanded in place)."""

    review: Review
    read_only: bool
    comment_url: str


# --- Segments ----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # compared by identity: two spans may cover the same text
class Span:
    start: int
    end: int
    kind: str  # h: highlight, d: dismissed highlight, c: claim, ph / pc: counterpart
    item: FindingView | ClaimView


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph of a body starts: after every run of newlines (kept in the paragraph
    before, so that the paragraphs joined are exactly the body)."""
    end = len(text)
    return [0] + [m.end() for m in re.finditer(r"\n+", text) if m.end() < end]


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
    item, kind = span.item, span.kind
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
    hs, ds, cs, cps = [], [], [], []
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


def _spans_for(side: str, findings, dismissed, claims) -> list[Span]:
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


# --- Aligning the columns ------------------------------------------------------------------

# Words that say nothing about which passage a paragraph comes from.
STOPWORDS = frozenset((
    "about", "above", "after", "again", "against", "all", "also", "and", "any", "are", "around",
    "because", "been", "before", "being", "below", "between", "both", "but", "can", "could",
    "did", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had",
    "has", "have", "having", "her", "here", "hers", "herself", "him", "himself", "his", "how",
    "into", "its", "itself", "just", "more", "most", "much", "not", "now", "off", "once", "only",
    "other", "our", "ours", "out", "over", "own", "said", "same", "says", "she", "should", "some",
    "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they",
    "this", "those", "through", "too", "under", "until", "very", "was", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours", "told", "according",
))  # fmt: skip
_WORD = re.compile(r"\w{3,}|\d+")
# A word in more source paragraphs than this is too common to place a paragraph by.
COMMON_WORD_PARAGRAPHS = 8
_WORD_ALIGNMENTS: dict[tuple[str, str], tuple[list[int | None], list[int | None]]] = {}
_WORD_ALIGNMENTS_KEPT = 64
_WORD_ALIGNMENTS_LOCK = threading.Lock()


@dataclass
class Alignment:
    """Which paragraph of the other column each paragraph aligns with (None: none found)."""

    rewrite: list[int | None]  # rewrite paragraph -> source paragraph
    source: list[int | None]  # source paragraph -> rewrite paragraph

    def for_side(self, side: str) -> list[int | None]:
        return self.source if side == Side.SOURCE else self.rewrite


def _words(text: str, starts: list[int]) -> list[set[str]]:
    """Each paragraph's content words, lower-cased."""
    ends = [*starts[1:], len(text)]
    return [
        set(_WORD.findall(text[a:b].lower())) - STOPWORDS for a, b in zip(starts, ends, strict=True)
    ]


def _nearest(n_from: int, n_to: int, i: int):
    """A tie-break key: how far paragraph j of n_to is from where paragraph i of n_from sits."""
    at = i / max(n_from, 1)
    return lambda j: abs(j / max(n_to, 1) - at)


def word_alignment(
    source: str, rewrite: str, source_starts: list[int], rewrite_starts: list[int]
) -> tuple[list[int | None], list[int | None]]:
    """Align paragraphs by the content words they share: each rewrite paragraph's best source
    paragraph, and each source paragraph's best rewrite paragraph (None where none shares one).

    An inverted index of the source paragraphs' words; words found in more than
    COMMON_WORD_PARAGRAPHS of them are skipped, so the cost stays linear in the texts' length.
    A shared word counts 1/(paragraphs it is in); the sum is divided by the geometric mean of the
    two paragraphs' word counts, so a long paragraph does not win by length alone. Ties go to
    the paragraph at the nearer relative position.
    """
    src_words, rw_words = _words(source, source_starts), _words(rewrite, rewrite_starts)
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
    forward: list[int | None] = [None] * n_rw
    reverse: list[int | None] = [None] * n_src
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


def _cached_word_alignment(review: Review, source_starts, rewrite_starts):
    """word_alignment for the review's pair, kept per process: versions never change, so their
    SHA-256s name the result (a write re-rendering one paragraph needs the whole pair's)."""
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
    (the paragraph they point into most often), else by shared words (word_alignment).

    A paragraph's alignment depends only on the links with an end in it and on the two texts, so
    a write re-rendering some paragraphs computes the same as the whole page, from the highlights
    and claims it loads for those paragraphs.
    """
    n_src, n_rw = len(source_starts), len(rewrite_starts)
    forward_votes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    reverse_votes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for rw_at, src_at in links:
        r = max(0, bisect_right(rewrite_starts, rw_at) - 1)
        s = max(0, bisect_right(source_starts, src_at) - 1)
        forward_votes[r][s] += 1
        reverse_votes[s][r] += 1
    forward, reverse = _cached_word_alignment(review, source_starts, rewrite_starts)
    forward, reverse = list(forward), list(reverse)
    for r, votes in forward_votes.items():
        near = _nearest(n_rw, n_src, r)
        forward[r] = max(votes, key=lambda s: (votes[s], -near(s), -s))
    for s, votes in reverse_votes.items():
        near = _nearest(n_src, n_rw, s)
        reverse[s] = max(votes, key=lambda r: (votes[r], -near(r), -r))
    return Alignment(rewrite=forward, source=reverse)


# --- Loading ------------------------------------------------------------------------------

# The columns each panel item and mark shows, loaded as Rows: the rest (context quotes, engine
# keys, audit fields) stays in the database, and nothing else may be read from these rows.
HIGHLIGHT_FIELDS = (
    "id", "review_id", "side", "start", "end", "quote", "category", "severity", "status",
    "origin", "author_id", "note", "other_start", "other_end", "other_quote", "message",
    "confidence", "dismiss_reason", "anchor_state", "previous_quote",
)  # fmt: skip
CLAIM_FIELDS = (
    "id", "review_id", "start", "end", "quote", "kinds", "verdict", "verdict_by_id",
    "verdict_note", "evidence_start", "evidence_end", "evidence_quote", "evidence_url",
    "support_start", "support_end", "anchor_state", "previous_quote",
)  # fmt: skip
MARK_HIGHLIGHT_FIELDS = (
    "id", "side", "start", "end", "other_start", "other_end", "category", "severity", "status",
)  # fmt: skip
MARK_CLAIM_FIELDS = (
    "id", "start", "end", "verdict", "evidence_start", "evidence_end", "support_start",
    "support_end",
)  # fmt: skip
COMMENT_FIELDS = (
    "id", "review_id", "highlight_id", "claim_id", "parent_id", "author_id", "body",
    "created_at", "edited_at", "resolved", "resolved_by_id", "carried_from_id",
)  # fmt: skip


def _comment_rows(**filters) -> list[Row]:
    """The comments matching `filters`, oldest first, as Rows with their author's names."""
    rows = []
    for values in (
        Comment.objects.filter(**filters)
        .order_by("created_at", "pk")
        .values(
            *COMMENT_FIELDS,
            author_username=F("author__username"),
            author_first_name=F("author__first_name"),
            author_last_name=F("author__last_name"),
            resolved_by_username=F("resolved_by__username"),
            written_on_version=F("carried_from__review__rewrite__number"),
        )
    ):
        row = Row(values)
        # What User.get_full_name() or get_username() gives.
        full = f"{row.author_first_name or ''} {row.author_last_name or ''}".strip()
        row.author_name = full or row.author_username or ""
        rows.append(row)
    return rows


def _threads(comments: list[Comment]) -> tuple[dict, dict, list[Comment]]:
    """Group comments into threads by target; replies hang off their top-level comment."""
    replies: dict[int, list[Comment]] = defaultdict(list)
    tops: list[Comment] = []
    edit_url, resolve_url = url_maker("comment_edit"), url_maker("comment_resolve")
    for c in comments:
        c.reply_list = []
        c.edit_url = edit_url(c.pk)
        c.resolve_url = resolve_url(c.pk)
        if c.parent_id is None:
            tops.append(c)
        else:
            replies[c.parent_id].append(c)
    by_highlight: dict[int, list[Comment]] = defaultdict(list)
    by_claim: dict[int, list[Comment]] = defaultdict(list)
    on_review: list[Comment] = []
    for c in tops:
        c.reply_list = replies.get(c.pk, [])
        if c.highlight_id is not None:
            by_highlight[c.highlight_id].append(c)
        elif c.claim_id is not None:
            by_claim[c.claim_id].append(c)
        else:
            on_review.append(c)
    return by_highlight, by_claim, on_review


def _comment_counts(review: Review, *, on: str = "") -> tuple[dict[int, int], dict[int, int]]:
    """How many comments each finding and claim has (`on`: only "highlight" or "claim")."""
    qs = Comment.objects.filter(review=review)
    if on:
        qs = qs.filter(**{f"{on}__isnull": False})
    else:
        qs = qs.exclude(highlight__isnull=True, claim__isnull=True)
    on_highlight: dict[int, int] = {}
    on_claim: dict[int, int] = {}
    for highlight_id, claim_id, n in (
        qs.values_list("highlight_id", "claim_id").annotate(n=Count("pk")).order_by()
    ):
        if highlight_id is not None:
            on_highlight[highlight_id] = n
        else:
            on_claim[claim_id] = n
    return on_highlight, on_claim


def load_findings(
    review: Review, counts: dict[int, int] | None = None
) -> tuple[list[FindingView], list[FindingView]]:
    """The review's findings in risk order, and the dismissed ones: two queries."""
    if counts is None:
        counts = _comment_counts(review, on="highlight")[0]
    highlights = [
        Row(values)
        for values in Highlight.objects.filter(review=review)
        .in_text()
        .by_risk()
        .values(*HIGHLIGHT_FIELDS, author_name=F("author__username"))
    ]
    numbers = {pk: n for n, pk in enumerate(sorted(h.pk for h in highlights), start=1)}
    findings: list[FindingView] = []
    dismissed: list[FindingView] = []
    status_url, edit_url = url_maker("highlight_status"), url_maker("highlight_edit")
    detail_url = url_maker("highlight_detail")
    for h in highlights:
        view = FindingView(
            h,
            numbers[h.pk],
            [],
            status_url(h.pk),
            edit_url(h.pk),
            detail_url(h.pk),
            comments=counts.get(h.pk, 0),
            author_name=h.author_name or "",
        )
        (dismissed if h.status == Highlight.Status.DISMISSED else findings).append(view)
    return findings, dismissed


def load_claims(review: Review, counts: dict[int, int] | None = None) -> list[ClaimView]:
    """The review's claims in text order: two queries."""
    if counts is None:
        counts = _comment_counts(review, on="claim")[1]
    claims = [
        Row(values)
        for values in Claim.objects.filter(review=review)
        .in_text()
        .order_by("start", "pk")
        .values(*CLAIM_FIELDS, verdict_by_name=F("verdict_by__username"))
    ]
    verdict_url, claim_url = url_maker("claim_verdict"), url_maker("claim_detail")
    source = review.source.body
    return [
        ClaimView(
            c,
            n,
            [],
            verdict_url(c.pk),
            claim_url(c.pk),
            comments=counts.get(c.pk, 0),
            verdict_by_name=c.verdict_by_name or "",
            support_quote=_support_quote(c, source),
        )
        for n, c in enumerate(claims, start=1)
    ]


def mark_contested(claims: list[ClaimView], findings: list[FindingView]) -> None:
    """Set each claim's `contested_by` from the findings (already in risk order) covering it.

    Sorts the blocking rewrite findings once and scans them per claim from the first one that
    could overlap, so the cost stays near linear in the numbers of claims and findings.
    """
    blocking = sorted(
        (
            (f.h.start, f.h.end, rank, f"{_finding_words(f.h.severity, f.h.category)} {f.tag}")
            for rank, f in enumerate(findings)
            if f.h.side == Side.REWRITE
            and f.h.status in UNSETTLED_HIGHLIGHT_STATUSES
            and f.h.severity in BLOCKING_SEVERITIES
        ),
    )
    if not blocking:
        return
    longest = max(end - start for start, end, _, _ in blocking)
    starts = [start for start, _, _, _ in blocking]
    for cv in claims:
        lo = bisect_left(starts, cv.c.start - longest)
        hi = bisect_left(starts, cv.c.end)
        covering = [b for b in blocking[lo:hi] if b[1] > cv.c.start]
        if covering:
            cv.contested_by = min(covering, key=lambda b: b[2])[3]


def _finding_words(severity: str, category: str) -> str:
    severity, category = label(SEVERITY_LABELS, severity), label(CATEGORY_LABELS, category)
    return f"the {severity.lower()} {category.lower()} finding"


def _contested_by(claim: Claim) -> str:
    """How a single claim's page names the finding that keeps it from being verified."""
    row = (
        workflow.contesting_findings(claim.review, claim.start, claim.end)
        .values_list("severity", "category")
        .first()
    )
    return _finding_words(*row) if row else ""


def _support_quote(claim, source: str) -> str:
    if claim.support_start is None or claim.support_end is None:
        return ""
    return source[claim.support_start : claim.support_end]


def load_review_threads(review: Review) -> list[Comment]:
    """The review's own discussion, threaded: one query."""
    comments = _comment_rows(review=review, highlight__isnull=True, claim__isnull=True)
    return _threads(comments)[2]


def _columns(review: Review, findings, dismissed, claims) -> tuple[Column, Column]:
    """The source and rewrite columns, as paragraphs with their marks, each paragraph aligned
    with one of the other column's (align_paragraphs)."""
    source_starts = paragraph_starts(review.source.body)
    rewrite_starts = paragraph_starts(review.rewrite.body)
    links = alignment_links([f.h for f in (*findings, *dismissed)], [cv.c for cv in claims])
    alignment = align_paragraphs(review, links, source_starts, rewrite_starts)
    columns = []
    for side, version, starts in (
        (Side.SOURCE, review.source, source_starts),
        (Side.REWRITE, review.rewrite, rewrite_starts),
    ):
        spans = _spans_for(side, findings, dismissed, claims)
        paragraphs = build_paragraphs(version.body, spans, starts=starts)
        for p, align in zip(paragraphs, alignment.for_side(side), strict=True):
            p.align = align
        label_ = "Source" if side == Side.SOURCE else "Rewrite"
        columns.append(Column(side, label_, version, paragraphs))
    return columns[0], columns[1]


def _progress(findings, dismissed, claims) -> Progress:
    highlights = [f.h for f in (*findings, *dismissed)]
    claims_settled = sum(1 for cv in claims if cv.c.verdict == Claim.Verdict.VERIFIED)
    return Progress(
        claims_total=len(claims),
        claims_settled=claims_settled,
        findings_total=len(highlights),
        findings_settled=sum(1 for h in highlights if h.status in SETTLED_HIGHLIGHT_STATUSES),
        blocking=sum(
            1
            for h in highlights
            if h.status in UNSETTLED_HIGHLIGHT_STATUSES and h.severity in BLOCKING_SEVERITIES
        )
        + len(claims)
        - claims_settled,
    )


def load_progress(review: Review) -> Progress:
    """The progress counts straight from the database (two queries), as _progress counts them."""
    h = Highlight.objects.filter(IN_TEXT, review=review).aggregate(
        total=Count("pk"),
        settled=Count("pk", filter=Q(status__in=SETTLED_HIGHLIGHT_STATUSES)),
        blocking=Count(
            "pk",
            filter=Q(status__in=UNSETTLED_HIGHLIGHT_STATUSES, severity__in=BLOCKING_SEVERITIES),
        ),
    )
    c = Claim.objects.filter(IN_TEXT, review=review).aggregate(
        total=Count("pk"), settled=Count("pk", filter=Q(verdict=Claim.Verdict.VERIFIED))
    )
    return Progress(
        claims_total=c["total"],
        claims_settled=c["settled"],
        findings_total=h["total"],
        findings_settled=h["settled"],
        blocking=h["blocking"] + c["total"] - c["settled"],
    )


def _sign_off_state(review: Review, user) -> dict:
    """The sign-off panel: each of the user's roles with workflow.sign_off_blockers, and the
    sign-offs given so far."""
    signoffs = list(review.signoffs.select_related("user", "version").order_by("created_at"))
    roles = []
    for role in workflow.required_signoffs():
        if user.has_perm(workflow.ROLE_PERMISSION[role]):
            roles.append(
                RoleSignOff(
                    role,
                    SignOff.Role(role).label,
                    workflow.sign_off_blockers(review, user, role, signoffs=signoffs),
                )
            )
    return {
        "roles": roles,
        "signoffs": signoffs,
        "can_override": user.has_perm("reviews.override_signoff"),
    }


# --- The whole workspace -----------------------------------------------------------------


def build_workspace(review: Review, user) -> Workspace:
    """Everything the workspace shows, for this user, in a constant number of queries.

    `review` must come with its story, source and rewrite (permissions.get_review_for_user).
    """
    from reviews import permissions

    # The page shows the review's own discussion in full, and for each finding and claim only
    # how many comments it has: their threads load when the item is expanded.
    on_highlight, on_claim = _comment_counts(review)
    findings, dismissed = load_findings(review, on_highlight)
    claims = load_claims(review, on_claim)
    mark_contested(claims, findings)
    source, rewrite = _columns(review, findings, dismissed, claims)
    return Workspace(
        review=review,
        can_work=permissions.can_work_on(user, review),
        findings=findings,
        dismissed=dismissed,
        claims=claims,
        review_threads=load_review_threads(review),
        source=source,
        rewrite=rewrite,
        progress=_progress(findings, dismissed, claims),
        comment_url=reverse("review_comment_create", args=[review.pk]),
        **_sign_off_state(review, user),
    )


# --- What a write changes ----------------------------------------------------------------


# What each swappable region reads from the Workspace.
_NEEDS = {
    "ws-header": set(),
    "analysis-status": set(),
    "ws-progress": {"progress"},
    "findings-count": {"progress"},
    "claims-count": {"progress"},
    "col-source": {"findings", "claims"},
    "col-rewrite": {"findings", "claims"},
    "findings-panel": {"findings", "progress"},
    "claims-panel": {"claims", "progress"},
    "review-thread": {"threads"},
    "signoff-panel": {"signoff"},
}


def build_regions(
    review: Review, user, regions: Iterable[str], *, can_work: bool | None = None
) -> Workspace:
    """A Workspace with just what the named regions show, loaded in as few queries as they need.

    A write re-renders the regions it changed: the progress counts and the sign-off panel take
    a few queries whatever the review holds; the panels and columns load their items.
    `can_work`: whether the user may work on the review, if the caller already checked.
    """
    from reviews import permissions

    needs: set[str] = set()
    for region in regions:
        needs |= _NEEDS.get(region, set())
    if can_work is None:
        can_work = permissions.can_work_on(user, review)
    ws = Workspace(
        review=review,
        can_work=can_work,
        comment_url=reverse("review_comment_create", args=[review.pk]),
    )
    if "findings" in needs or "claims" in needs:
        on_highlight, on_claim = _comment_counts(review)
        ws.findings, ws.dismissed = load_findings(review, on_highlight)
        ws.claims = load_claims(review, on_claim)
        ws.source, ws.rewrite = _columns(review, ws.findings, ws.dismissed, ws.claims)
        if "progress" in needs:
            ws.progress = _progress(ws.findings, ws.dismissed, ws.claims)
    elif "progress" in needs:
        ws.progress = load_progress(review)
    if "threads" in needs:
        ws.review_threads = load_review_threads(review)
    if "signoff" in needs:
        for name, value in _sign_off_state(review, user).items():
            setattr(ws, name, value)
    return ws


def _overlapping(field_start: str, field_end: str, lo: int, hi: int) -> Q:
    return Q(**{f"{field_start}__lt": hi, f"{field_end}__gt": lo})


def build_paragraph_changes(
    review: Review, ranges: dict[str, list[tuple[int, int]]]
) -> list[tuple[str, Paragraph]]:
    """The paragraphs holding the given (start, end) ranges on each side, re-rendered with every
    mark on them: two queries, however long the text or many its marks.

    Each highlight and claim comes with its number (its rank by pk, or by position for claims)
    counted in the database, so nothing else of the review is loaded.
    """
    wanted: dict[str, tuple[list[int], list[int]]] = {}
    hq, cq = Q(pk__in=[]), Q(pk__in=[])
    for side, spans in ranges.items():
        spans = [(s, e) for s, e in spans if s is not None and e is not None]
        if not spans:
            continue
        text = (review.source if side == Side.SOURCE else review.rewrite).body
        starts = paragraph_starts(text)
        indices = paragraphs_covering(starts, spans)
        lo = starts[indices[0]]
        hi = starts[indices[-1] + 1] if indices[-1] + 1 < len(starts) else len(text)
        wanted[side] = (indices, starts)
        other = Side.REWRITE if side == Side.SOURCE else Side.SOURCE
        hq |= Q(side=side) & _overlapping("start", "end", lo, hi)
        hq |= Q(side=other) & _overlapping("other_start", "other_end", lo, hi)
        if side == Side.REWRITE:
            cq |= _overlapping("start", "end", lo, hi)
        else:
            # Outlined evidence or support, and every supporting passage (alignment_links).
            cq |= _overlapping("evidence_start", "evidence_end", lo, hi)
            cq |= _overlapping("support_start", "support_end", lo, hi)
    if not wanted:
        return []
    rank = (
        Highlight.objects.filter(review_id=OuterRef("review_id"), pk__lte=OuterRef("pk"))
        .in_text()
        .order_by()
        .values("review_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    highlights = [
        Row(values)
        for values in Highlight.objects.filter(hq, review=review)
        .in_text()
        .order_by()
        .values(*MARK_HIGHLIGHT_FIELDS, number=Subquery(rank))
    ]
    position = (
        Claim.objects.filter(
            Q(start__lt=OuterRef("start")) | Q(start=OuterRef("start"), pk__lte=OuterRef("pk")),
            review_id=OuterRef("review_id"),
        )
        .in_text()
        .order_by()
        .values("review_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    claims = [
        ClaimView(Row(values), values["number"])
        for values in Claim.objects.filter(cq, review=review)
        .in_text()
        .order_by()
        .values(*MARK_CLAIM_FIELDS, number=Subquery(position))
    ]
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
        source_starts or paragraph_starts(review.source.body),
        rewrite_starts or paragraph_starts(review.rewrite.body),
    )
    out = []
    for side, (indices, starts) in wanted.items():
        text = (review.source if side == Side.SOURCE else review.rewrite).body
        spans = _spans_for(side, findings, dismissed, claims)
        aligned = alignment.for_side(side)
        for p in build_paragraphs(text, spans, indices, starts):
            p.align = aligned[p.index]
            out.append((side, p))
    return out


def finding_position(review: Review, highlight: Highlight) -> tuple[str, int]:
    """Where a finding goes in the list: the key of the one after it in risk order ("" if it
    comes last), and how many the list holds. One query."""
    pks = list(
        Highlight.objects.filter(review=review)
        .in_text()
        .exclude(status=Highlight.Status.DISMISSED)
        .by_risk()
        .values_list("pk", flat=True)
    )
    at = pks.index(highlight.pk) if highlight.pk in pks else len(pks)
    return (f"h{pks[at + 1]}" if at + 1 < len(pks) else ""), len(pks)


# --- One item ----------------------------------------------------------------------------


def _item_page(review: Review, user, can_work: bool | None = None) -> ItemPage:
    from reviews import permissions

    if can_work is None:
        can_work = permissions.can_work_on(user, review)
    read_only = review.is_closed or not can_work
    return ItemPage(review, read_only, reverse("review_comment_create", args=[review.pk]))


def _username(obj, field: str, user) -> str:
    """The username in obj.<field>, without a query when it is the requesting user."""
    pk = getattr(obj, f"{field}_id")
    if pk is None:
        return ""
    return user.get_username() if pk == user.pk else getattr(obj, field).get_username()


def build_finding(
    highlight: Highlight, user, *, can_work: bool | None = None, threads: bool = True
) -> tuple[ItemPage, FindingView]:
    """One finding in full, with its threads (a handful of queries, whatever the review holds).

    `can_work`: whether the user may work on the review, if the caller already knows;
    `threads=False` for a finding known to have no comments yet (just created).
    """
    review = highlight.review
    comments = _comment_rows(highlight=highlight) if threads else []
    by_highlight, _, _ = _threads(comments)
    number = Highlight.objects.filter(review_id=review.pk, pk__lte=highlight.pk).in_text().count()
    author = _username(highlight, "author", user)
    view = FindingView(
        highlight,
        number,
        by_highlight.get(highlight.pk, []),
        url_maker("highlight_status")(highlight.pk),
        url_maker("highlight_edit")(highlight.pk),
        url_maker("highlight_detail")(highlight.pk),
        full=True,
        author_name=author,
    )
    return _item_page(review, user, can_work), view


def build_claim(claim: Claim, user, *, can_work: bool | None = None) -> tuple[ItemPage, ClaimView]:
    """One claim in full, with its threads."""
    review = claim.review
    comments = _comment_rows(claim=claim)
    _, by_claim, _ = _threads(comments)
    number = Claim.objects.filter(
        Q(start__lt=claim.start) | Q(start=claim.start, pk__lte=claim.pk),
        IN_TEXT,
        review_id=review.pk,
    ).count()
    verdict_by = _username(claim, "verdict_by", user)
    view = ClaimView(
        claim,
        number,
        by_claim.get(claim.pk, []),
        url_maker("claim_verdict")(claim.pk),
        url_maker("claim_detail")(claim.pk),
        full=True,
        verdict_by_name=verdict_by,
        support_quote=_support_quote(claim, review.source.body),
        contested_by="" if claim.verdict == Claim.Verdict.VERIFIED else _contested_by(claim),
    )
    return _item_page(review, user, can_work), view


def build_comment(comment: Comment) -> Row:
    """One comment as its thread shows it (author's name, edit and resolve links)."""
    rows = _comment_rows(pk=comment.pk)
    _threads(rows)
    rows[0].version = comment_version(rows[0].created_at, rows[0].edited_at)
    return rows[0]
