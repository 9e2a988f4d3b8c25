"""The review workspace's view-model: everything the page shows, in a constant number of queries.

Marks are computed here, in Python: each body is split at every span boundary (highlights,
claims, counterparts) into segments that list what covers them, so overlapping spans need no
nesting and the template escapes every piece of text as it renders it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from reviews import workflow
from reviews.models import Category, Claim, Comment, Highlight, Review, Severity, Side, SignOff

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
VERDICT_SYMBOLS = {"pending": "?", "verified": "✓", "disputed": "✗"}
VERDICT_RANK = {"disputed": 0, "pending": 1, "verified": 2}
SETTLED_HIGHLIGHT_STATUSES = ("resolved", "dismissed")
_PK = 987654321


def url_maker(name: str):
    """A fast pk -> URL function for one route (reverse once, then substitute the pk)."""
    pattern = reverse(name, args=[_PK])
    return lambda pk: pattern.replace(str(_PK), str(pk))


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

    @property
    def key(self) -> str:
        return f"h{self.h.pk}"

    @property
    def category_options(self) -> SafeString:
        return CATEGORY_OPTIONS.get(self.h.category, "")

    @property
    def severity_options(self) -> SafeString:
        return SEVERITY_OPTIONS.get(self.h.severity, "")

    @property
    def tag(self) -> str:
        """The label drawn beside its mark, e.g. "#3 NUM!!"."""
        label = f"#{self.number} {CATEGORY_TAGS.get(self.h.category, 'OTHER')}"
        label += SEVERITY_SYMBOLS.get(self.h.severity, "")
        if self.h.status == Highlight.Status.SUGGESTED:
            label += " suggested"
        elif self.h.status == Highlight.Status.RESOLVED:
            label += " ✓"
        return label

    @property
    def title(self) -> str:
        """Text for the mark's title and aria-label."""
        origin = "engine suggestion" if self.is_suggestion else "finding"
        return (
            f"#{self.number} {self.h.get_category_display()}, {self.h.severity} "
            f"{origin}, {self.h.get_status_display().lower()}"
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

    @property
    def key(self) -> str:
        return f"c{self.c.pk}"

    @property
    def tag(self) -> str:
        return f"C{self.number}{VERDICT_SYMBOLS.get(self.c.verdict, '')}"

    @property
    def title(self) -> str:
        return f"Claim C{self.number}, {self.c.get_verdict_display().lower()}"

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


@dataclass
class Column:
    side: str
    label: str
    version: object
    segments: list[Segment]

    @property
    def dom_id(self) -> str:
        return f"col-{self.side}"


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
    review: Review
    can_work: bool
    findings: list[FindingView]
    dismissed: list[FindingView]
    claims: list[ClaimView]
    review_threads: list[Comment]
    source: Column
    rewrite: Column
    progress: Progress
    signoffs: list[SignOff]
    roles: list[RoleSignOff]
    can_override: bool
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
                comments = list(
                    Comment.objects.filter(**target)
                    .select_related("author", "resolved_by")
                    .order_by("created_at", "pk")
                )
                by_highlight, by_claim, _ = _threads(comments)
                item.threads = (by_highlight if key[0] == "h" else by_claim).get(int(key[1:]), [])


@dataclass
class ItemPage:
    """What one finding or claim needs when it is rendered on its own (expanded in place)."""

    review: Review
    read_only: bool
    comment_url: str


# --- Segments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # h: highlight, d: dismissed highlight, c: claim, ph / pc: counterpart
    item: FindingView | ClaimView


def build_segments(text: str, spans: list[Span]) -> list[Segment]:
    """Split text at every span boundary; each segment lists the spans that cover it.

    O(n log n) in the number of spans (plus the text length); overlapping and nested spans
    become runs of flat elements, one per segment.
    """
    length = len(text)
    starts: dict[int, list[Span]] = defaultdict(list)
    ends: dict[int, list[Span]] = defaultdict(list)
    bounds = {0, length}
    for span in spans:
        s, e = max(0, min(span.start, length)), max(0, min(span.end, length))
        if s >= e:
            continue
        starts[s].append(span)
        ends[e].append(span)
        bounds.add(s)
        bounds.add(e)
    points = sorted(bounds)
    active: dict[tuple[str, int], Span] = {}
    segments: list[Segment] = []
    for a, b in pairwise(points):
        for span in ends.get(a, ()):
            active.pop((span.kind, id(span)), None)
        opened = starts.get(a, ())
        for span in opened:
            active[(span.kind, id(span))] = span
        piece = text[a:b]
        if not active:
            segments.append(Segment(piece))
            continue
        closing = ends.get(b, ())
        segments.append(_segment(piece, list(active.values()), opened, closing))
    return segments


def _segment(piece: str, covering: list[Span], opened, closing) -> Segment:
    hs = sorted(
        (s.item for s in covering if s.kind == "h"),
        key=lambda f: (SEVERITY_RANK.get(f.h.severity, 3), f.number),
    )
    ds = [s.item for s in covering if s.kind == "d"]
    cs = sorted(
        (s.item for s in covering if s.kind == "c"),
        key=lambda c: (VERDICT_RANK.get(c.c.verdict, 3), c.number),
    )
    cps = [s for s in covering if s.kind in ("ph", "pc")]
    classes = []
    if hs:
        top = hs[0].h
        classes += ["hl", f"cat-{top.category}", f"sev-{top.severity}", f"st-{top.status}"]
        if len(hs) > 1:
            classes.append("multi")
    elif ds:
        classes += ["hl", "is-dismissed", f"cat-{ds[0].h.category}"]
    if cs:
        classes += ["claim", f"v-{cs[0].c.verdict}"]
    if cps:
        classes.append("cp")
    opened_ids = {id(s.item) for s in opened}
    titles = [f.title for f in hs] + [c.title for c in cs]
    first = [f for f in hs + ds if id(f) in opened_ids]
    return Segment(
        text=piece,
        el="mark" if hs or ds else "span",
        cls=" ".join(classes),
        hids=" ".join(str(f.h.pk) for f in hs),
        dids=" ".join(str(f.h.pk) for f in ds),
        cids=" ".join(str(c.c.pk) for c in cs),
        cp=" ".join(("h" if s.kind == "ph" else "c") + str(_pk(s.item)) for s in cps),
        tag=" ".join(f.tag for f in hs if id(f) in opened_ids),
        dtag=" ".join(f.tag + " dismissed" for f in ds if id(f) in opened_ids),
        ctag=" ".join(c.tag for c in cs if id(c) in {id(s.item) for s in closing}),
        title="; ".join(titles) or ("dismissed" if ds else "counterpart"),
        anchor=f"mark-h{first[0].h.pk}" if first else "",
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


# --- The whole workspace -----------------------------------------------------------------


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


def build_workspace(review: Review, user) -> Workspace:
    """Everything the workspace shows, for this user, in a constant number of queries."""
    from reviews import permissions

    highlights = list(
        Highlight.objects.filter(review=review)
        .select_related("author", "status_changed_by")
        .by_risk()
    )
    claims = list(
        Claim.objects.filter(review=review)
        .select_related("created_by", "verdict_by")
        .order_by("start", "pk")
    )
    # The page shows the review's own discussion in full, and for each finding and claim only
    # how many comments it has: their threads load when the item is expanded.
    comments = list(
        Comment.objects.filter(review=review, highlight__isnull=True, claim__isnull=True)
        .select_related("author", "resolved_by")
        .order_by("created_at", "pk")
    )
    _, _, on_review = _threads(comments)
    on_highlight: dict[int, int] = {}
    on_claim: dict[int, int] = {}
    counts = (
        Comment.objects.filter(review=review)
        .exclude(highlight__isnull=True, claim__isnull=True)
        .values_list("highlight_id", "claim_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for highlight_id, claim_id, n in counts:
        if highlight_id is not None:
            on_highlight[highlight_id] = n
        else:
            on_claim[claim_id] = n

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
            comments=on_highlight.get(h.pk, 0),
        )
        (dismissed if h.status == Highlight.Status.DISMISSED else findings).append(view)
    verdict_url, claim_url = url_maker("claim_verdict"), url_maker("claim_detail")
    claim_views = [
        ClaimView(c, n, [], verdict_url(c.pk), claim_url(c.pk), comments=on_claim.get(c.pk, 0))
        for n, c in enumerate(claims, start=1)
    ]

    source = Column(
        Side.SOURCE,
        "Source",
        review.source,
        build_segments(
            review.source.body, _spans_for(Side.SOURCE, findings, dismissed, claim_views)
        ),
    )
    rewrite = Column(
        Side.REWRITE,
        "Rewrite",
        review.rewrite,
        build_segments(
            review.rewrite.body, _spans_for(Side.REWRITE, findings, dismissed, claim_views)
        ),
    )
    progress = Progress(
        claims_total=len(claims),
        claims_settled=sum(1 for c in claims if c.verdict == Claim.Verdict.VERIFIED),
        findings_total=len(highlights),
        findings_settled=sum(1 for h in highlights if h.status in SETTLED_HIGHLIGHT_STATUSES),
        blocking=sum(
            1
            for h in highlights
            if h.status in ("suggested", "open") and h.severity in ("critical", "major")
        )
        + sum(1 for c in claims if c.verdict != Claim.Verdict.VERIFIED),
    )
    roles = []
    for role in workflow.required_signoffs():
        if user.has_perm(workflow.ROLE_PERMISSION[role]):
            roles.append(
                RoleSignOff(
                    role,
                    SignOff.Role(role).label,
                    workflow.sign_off_blockers(review, user, role),
                )
            )
    signoffs = list(review.signoffs.select_related("user", "version").order_by("created_at"))
    return Workspace(
        review=review,
        can_work=permissions.can_work_on(user, review),
        findings=findings,
        dismissed=dismissed,
        claims=claim_views,
        review_threads=on_review,
        source=source,
        rewrite=rewrite,
        progress=progress,
        signoffs=signoffs,
        roles=roles,
        can_override=user.has_perm("reviews.override_signoff"),
        comment_url=reverse("review_comment_create", args=[review.pk]),
    )


def _item_page(review: Review, user) -> ItemPage:
    from reviews import permissions

    read_only = review.is_closed or not permissions.can_work_on(user, review)
    return ItemPage(review, read_only, reverse("review_comment_create", args=[review.pk]))


def build_finding(highlight: Highlight, user) -> tuple[ItemPage, FindingView]:
    """One finding in full, with its threads (a handful of queries, whatever the review holds)."""
    review = highlight.review
    comments = list(
        Comment.objects.filter(highlight=highlight)
        .select_related("author", "resolved_by")
        .order_by("created_at", "pk")
    )
    by_highlight, _, _ = _threads(comments)
    number = Highlight.objects.filter(review_id=review.pk, pk__lte=highlight.pk).count()
    view = FindingView(
        highlight,
        number,
        by_highlight.get(highlight.pk, []),
        url_maker("highlight_status")(highlight.pk),
        url_maker("highlight_edit")(highlight.pk),
        url_maker("highlight_detail")(highlight.pk),
        full=True,
    )
    return _item_page(review, user), view


def build_claim(claim: Claim, user) -> tuple[ItemPage, ClaimView]:
    """One claim in full, with its threads."""
    from django.db.models import Q

    review = claim.review
    comments = list(
        Comment.objects.filter(claim=claim)
        .select_related("author", "resolved_by")
        .order_by("created_at", "pk")
    )
    _, by_claim, _ = _threads(comments)
    number = Claim.objects.filter(
        Q(start__lt=claim.start) | Q(start=claim.start, pk__lte=claim.pk), review_id=review.pk
    ).count()
    view = ClaimView(
        claim,
        number,
        by_claim.get(claim.pk, []),
        url_maker("claim_verdict")(claim.pk),
        url_maker("claim_detail")(claim.pk),
        full=True,
    )
    return _item_page(review, user), view
