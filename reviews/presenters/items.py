"""One finding or claim as the workspace shows it, with its loading and its threads.

Hundreds of items and comments load as Rows (from .values()): a model instance for each costs
more than the query.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import User
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.safestring import SafeString

from reviews import workflow
from reviews.models import (
    AnchorState,
    Claim,
    Comment,
    Highlight,
    Review,
    Side,
    comment_version,
)
from reviews.presenters.labels import (
    CATEGORY_LABELS,
    CATEGORY_OPTIONS,
    CATEGORY_TAGS,
    SETTLED_HIGHLIGHT_STATUSES,
    SEVERITY_LABELS,
    SEVERITY_OPTIONS,
    SEVERITY_SYMBOLS,
    STATUS_LABELS,
    VERDICT_LABELS,
    VERDICT_SYMBOLS,
    Row,
    label,
    url,
)
from reviews.querysets import (
    BLOCKING_SEVERITIES,
    IN_TEXT,
    UNSETTLED_HIGHLIGHT_STATUSES,
    risk_order,
)


@dataclass
class FindingView:
    """One highlight as the panel and the marks show it."""

    h: Highlight | Row  # a Row from the page's loading, a Highlight for one item alone
    number: int
    threads: list[Row] = field(default_factory=list)
    full: bool = False
    comments: int = 0
    author_name: str = ""

    @property
    def key(self) -> str:
        return f"h{self.h.pk}"

    @property
    def status_url(self) -> str:
        return url("highlight_status", self.h.pk)

    @property
    def edit_url(self) -> str:
        return url("highlight_edit", self.h.pk)

    @property
    def detail_url(self) -> str:
        return url("highlight_detail", self.h.pk)

    @property
    def category_options(self) -> SafeString:
        return CATEGORY_OPTIONS.get(self.h.category, SafeString(""))

    @property
    def severity_options(self) -> SafeString:
        return SEVERITY_OPTIONS.get(self.h.severity, SafeString(""))

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

    c: Claim | Row  # as FindingView.h
    number: int
    threads: list[Row] = field(default_factory=list)
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

    @property
    def verdict_url(self) -> str:
        return url("claim_verdict", self.c.pk)

    @property
    def detail_url(self) -> str:
        return url("claim_detail", self.c.pk)

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


@dataclass
class ItemPage:
    """What one finding or claim needs when it is rendered on its own (expanded in place)."""

    review: Review
    read_only: bool
    comment_url: str


# The columns each panel item and mark shows, loaded as Rows: the rest (context quotes, engine
# keys, audit fields) stays in the database, and nothing else may be read from these rows.
HIGHLIGHT_FIELDS = (
    "id", "review_id", "side", "start", "end", "quote", "category", "severity", "status",
    "origin", "author_id", "note", "other_start", "other_end", "other_quote", "message",
    "confidence", "dismiss_reason", "resolution_note", "anchor_state", "previous_quote",
)  # fmt: skip

CLAIM_FIELDS = (
    "id", "review_id", "start", "end", "quote", "kinds", "verdict", "verdict_by_id",
    "verdict_note", "evidence_start", "evidence_end", "evidence_quote", "evidence_url",
    "support_start", "support_end", "anchor_state", "previous_quote",
)  # fmt: skip

COMMENT_FIELDS = (
    "id", "review_id", "highlight_id", "claim_id", "parent_id", "author_id", "body",
    "created_at", "edited_at", "resolved", "resolved_by_id", "carried_from_id",
)  # fmt: skip


def comment_rows(**filters) -> list[Row]:
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


def group_threads(
    comments: list[Row],
) -> tuple[dict[int, list[Row]], dict[int, list[Row]], list[Row]]:
    """Group comments into threads by target; replies hang off their top-level comment."""
    replies: dict[int, list[Row]] = defaultdict(list)
    tops: list[Row] = []
    for c in comments:
        c.reply_list = []
        c.edit_url = url("comment_edit", c.pk)
        c.resolve_url = url("comment_resolve", c.pk)
        if c.parent_id is None:
            tops.append(c)
        else:
            replies[c.parent_id].append(c)
    by_highlight: dict[int, list[Row]] = defaultdict(list)
    by_claim: dict[int, list[Row]] = defaultdict(list)
    on_review: list[Row] = []
    for c in tops:
        c.reply_list = replies.get(c.pk, [])
        if c.highlight_id is not None:
            by_highlight[c.highlight_id].append(c)
        elif c.claim_id is not None:
            by_claim[c.claim_id].append(c)
        else:
            on_review.append(c)
    return by_highlight, by_claim, on_review


def comment_counts(review: Review, *, on: str = "") -> tuple[dict[int, int], dict[int, int]]:
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


def highlight_rows(review: Review, *, in_text: bool = True) -> list[Row]:
    """The review's highlights riskiest first (by_risk's order), with their author's username:
    one query; `in_text=False` includes those an edit took out of the text."""
    qs = Highlight.objects.filter(review=review)
    if in_text:
        qs = qs.in_text()
    # Sorted here by by_risk's key (querysets.risk_order): cheaper than building its CASEs.
    return sorted(
        (
            Row(values)
            for values in qs.order_by().values(*HIGHLIGHT_FIELDS, author_name=F("author__username"))
        ),
        key=lambda h: risk_order(h.severity, h.category, h.side, h.start, h.id),
    )


def claim_rows(review: Review, *, in_text: bool = True) -> list[Row]:
    """The review's claims in text order, with the username of who gave the verdict: one query;
    `in_text` as for highlight_rows."""
    qs = Claim.objects.filter(review=review)
    if in_text:
        qs = qs.in_text()
    return [
        Row(values)
        for values in qs.order_by("start", "pk").values(
            *CLAIM_FIELDS, verdict_by_name=F("verdict_by__username")
        )
    ]


def content_rows(
    highlights: list[Row], claims: list[Row]
) -> tuple[list[workflow.ClaimRow], list[workflow.HighlightRow]]:
    """workflow.content_rows(review) from every highlight and claim of the review, as
    highlight_rows and claim_rows load them with in_text=False (same items, same order)."""
    return (
        [(c.id, c.quote, c.verdict, c.anchor_state) for c in claims],
        [
            (h.id, h.quote, h.severity, h.category, h.status, h.side, h.anchor_state)
            for h in highlights
        ],
    )


def load_findings(
    review: Review, counts: dict[int, int] | None = None, rows: list[Row] | None = None
) -> tuple[list[FindingView], list[FindingView]]:
    """The review's findings in risk order, and the dismissed ones: two queries (one with
    `counts`, none with `rows`: highlight_rows(review), of which those in the text are shown)."""
    if counts is None:
        counts = comment_counts(review, on="highlight")[0]
    if rows is None:
        highlights = highlight_rows(review)
    else:
        highlights = [h for h in rows if h.anchor_state != AnchorState.ORPHANED]
    numbers = {pk: n for n, pk in enumerate(sorted(h.pk for h in highlights), start=1)}
    findings: list[FindingView] = []
    dismissed: list[FindingView] = []
    for h in highlights:
        view = FindingView(
            h,
            numbers[h.pk],
            comments=counts.get(h.pk, 0),
            author_name=h.author_name or "",
        )
        (dismissed if h.status == Highlight.Status.DISMISSED else findings).append(view)
    return findings, dismissed


def load_claims(
    review: Review, counts: dict[int, int] | None = None, rows: list[Row] | None = None
) -> list[ClaimView]:
    """The review's claims in text order: two queries (fewer as for load_findings)."""
    if counts is None:
        counts = comment_counts(review, on="claim")[1]
    if rows is None:
        claims = claim_rows(review)
    else:
        claims = [c for c in rows if c.anchor_state != AnchorState.ORPHANED]
    source = review.source.body
    return [
        ClaimView(
            c,
            n,
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
            (f.h.start, f.h.end, rank, f"{finding_words(f.h.severity, f.h.category)} {f.tag}")
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


def finding_words(severity: str, category: str) -> str:
    """How a claim's item names the finding that contests it ("the major number finding")."""
    severity, category = label(SEVERITY_LABELS, severity), label(CATEGORY_LABELS, category)
    return f"the {severity.lower()} {category.lower()} finding"


def _contested_by(claim: Claim) -> str:
    """How a single claim's page names the finding that keeps it from being verified."""
    row = (
        workflow.contesting_findings(claim.review, claim.start, claim.end)
        .values_list("severity", "category")
        .first()
    )
    return finding_words(*row) if row else ""


def _support_quote(claim, source: str) -> str:
    if claim.support_start is None or claim.support_end is None:
        return ""
    return source[claim.support_start : claim.support_end]


def load_review_threads(review: Review) -> list[Row]:
    """The review's own discussion, threaded: one query."""
    comments = comment_rows(review=review, highlight__isnull=True, claim__isnull=True)
    return group_threads(comments)[2]


def _item_page(review: Review, *, can_work: bool) -> ItemPage:
    read_only = review.is_closed or not can_work
    return ItemPage(review, read_only, reverse("review_comment_create", args=[review.pk]))


def _username(obj: Highlight | Claim, field: str, user: User) -> str:
    """The username in obj.<field>, without a query when it is the requesting user."""
    pk = getattr(obj, f"{field}_id")
    if pk is None:
        return ""
    return user.get_username() if pk == user.pk else getattr(obj, field).get_username()


def build_finding(
    highlight: Highlight,
    user: User,
    *,
    can_work: bool,
    threads: bool = True,
    number: int | None = None,
) -> tuple[ItemPage, FindingView]:
    """One finding in full, with its threads (a handful of queries, whatever the review holds).

    `can_work`: whether the user may work on the review (permissions.can_work_on, as the view
    checked it); `number`, if the caller counted it already; `threads=False` for a finding
    known to have no comments yet (just created).
    """
    review = highlight.review
    comments = comment_rows(highlight=highlight) if threads else []
    by_highlight, _, _ = group_threads(comments)
    if number is None:
        number = (
            Highlight.objects.filter(review_id=review.pk, pk__lte=highlight.pk).in_text().count()
        )
    author = _username(highlight, "author", user)
    view = FindingView(
        highlight,
        number,
        by_highlight.get(highlight.pk, []),
        full=True,
        author_name=author,
    )
    return _item_page(review, can_work=can_work), view


def build_claim(
    claim: Claim,
    user: User,
    *,
    can_work: bool,
    number: int | None = None,
    contested_by: str | None = None,
) -> tuple[ItemPage, ClaimView]:
    """One claim in full, with its threads (`can_work` and `number` as for build_finding;
    `contested_by`, if the caller found it already, as build_paragraph_changes does)."""
    review = claim.review
    comments = comment_rows(claim=claim)
    _, by_claim, _ = group_threads(comments)
    if number is None:
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
        full=True,
        verdict_by_name=verdict_by,
        support_quote=_support_quote(claim, review.source.body),
        contested_by=(
            ""
            if claim.verdict == Claim.Verdict.VERIFIED
            else _contested_by(claim)
            if contested_by is None
            else contested_by
        ),
    )
    return _item_page(review, can_work=can_work), view


def build_comment(comment: Comment) -> Row:
    """One comment as its thread shows it (author's name, edit and resolve links)."""
    rows = comment_rows(pk=comment.pk)
    group_threads(rows)
    rows[0].version = comment_version(rows[0].created_at, rows[0].edited_at)
    return rows[0]
