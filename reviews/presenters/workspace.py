"""The review workspace's view-model: everything the page shows, in a constant number of queries,
or just what the regions a write re-renders show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.urls import reverse

from reviews.models import Category, Claim, Highlight, Review, Severity, Side, SignOff
from reviews.presenters.columns import Column, build_columns
from reviews.presenters.items import (
    ClaimView,
    FindingView,
    claim_rows,
    comment_counts,
    comment_rows,
    content_rows,
    group_threads,
    highlight_rows,
    load_claims,
    load_findings,
    load_review_threads,
    mark_contested,
)
from reviews.presenters.labels import SETTLED_HIGHLIGHT_STATUSES, Row
from reviews.presenters.rows import ReviewRows, load_rows
from reviews.presenters.signoff import RoleSignOff, role_states, signoff_summary
from reviews.querysets import BLOCKING_SEVERITIES, IN_TEXT, UNSETTLED_HIGHLIGHT_STATUSES
from reviews.workflow import ClaimRow, HighlightRow


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
class Workspace:
    """What the page shows. A write's response fills only the parts it re-renders."""

    review: Review
    can_work: bool
    findings: list[FindingView] = field(default_factory=list)
    dismissed: list[FindingView] = field(default_factory=list)
    claims: list[ClaimView] = field(default_factory=list)
    review_threads: list[Row] = field(default_factory=list)
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
    def signoff_summary(self) -> tuple[str, str]:
        """The header's sign-off line and its state key (presenters/signoff.py)."""
        return signoff_summary(self.review, self.signoffs)

    @property
    def read_only(self) -> bool:
        return self.review.is_closed or not self.can_work

    def column(self, side: str) -> Column:
        """One side's column (loaded: build_regions loads both when a column is asked for)."""
        column = self.source if side == Side.SOURCE else self.rewrite
        assert column is not None
        return column

    def expand(self, key: str) -> None:
        """Render this item in full (forms and threads) in the panels, e.g. after acting on it."""
        items: list[FindingView | ClaimView] = [*self.findings, *self.dismissed, *self.claims]
        for item in items:
            if item.key == key:
                item.full = True
                target = {"highlight_id" if key[0] == "h" else "claim_id": int(key[1:])}
                comments = comment_rows(**target)
                by_highlight, by_claim, _ = group_threads(comments)
                item.threads = (by_highlight if key[0] == "h" else by_claim).get(int(key[1:]), [])


def _progress(findings, dismissed, claims) -> Progress:
    return _count_progress([f.h for f in (*findings, *dismissed)], [cv.c for cv in claims])


def _count_progress(highlights: Sequence[Any], claims: Sequence[Any]) -> Progress:
    """The progress counts of the highlights and claims still in the text (model instances
    or rows with their status, severity and verdict)."""
    claims_settled = sum(1 for c in claims if c.verdict == Claim.Verdict.VERIFIED)
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


def _progress_from_rows(rows: ReviewRows) -> Progress:
    """The progress counts from the review's rows, as load_progress counts them."""
    highlights, claims = rows.in_text()
    return _count_progress(highlights, claims)


def _sign_off_state(
    review: Review,
    user: User,
    *,
    can_work: bool,
    rows: ReviewRows | None = None,
    content: tuple[list[ClaimRow], list[HighlightRow]] | None = None,
) -> dict:
    """The sign-off panel and header line: the sign-offs given so far, and each of the user's
    roles with what stands in its way (presenters/signoff.py). One query, and those of
    workflow.sign_off_blockers for each role (none for the content blockers given `rows`, or
    `content`: workflow.content_rows(review) or its equivalent)."""
    signoffs = list(review.signoffs.select_related("user", "version").order_by("created_at"))
    if content is None and rows is not None:
        content = rows.content()
    return {
        "roles": role_states(review, user, signoffs, can_work=can_work, rows=content),
        "signoffs": signoffs,
        "can_override": user.has_perm("reviews.override_signoff"),
    }


def build_workspace(review: Review, user: User, *, can_work: bool) -> Workspace:
    """Everything the workspace shows, for this user, in a constant number of queries.

    `review` must come with its story, source and rewrite (permissions.get_review_for_user);
    `can_work`: whether the user may work on it (permissions.can_work_on, as the view checked).
    """
    # The page shows the review's own discussion in full, and for each finding and claim only
    # how many comments it has: their threads load when the item is expanded.
    on_highlight, on_claim = comment_counts(review)
    # Every highlight and claim, those an edit took out of the text too: the panels and columns
    # show the rest, and the sign-off blockers read them all (workflow.content_blockers), so
    # the page reads them once rather than again for the sign-off panel.
    all_highlights = highlight_rows(review, in_text=False)
    all_claims = claim_rows(review, in_text=False)
    findings, dismissed = load_findings(review, on_highlight, all_highlights)
    claims = load_claims(review, on_claim, all_claims)
    mark_contested(claims, findings)
    source, rewrite = build_columns(review, findings, dismissed, claims)
    return Workspace(
        review=review,
        can_work=can_work,
        findings=findings,
        dismissed=dismissed,
        claims=claims,
        review_threads=load_review_threads(review),
        source=source,
        rewrite=rewrite,
        progress=_progress(findings, dismissed, claims),
        comment_url=reverse("review_comment_create", args=[review.pk]),
        **_sign_off_state(
            review, user, can_work=can_work, content=content_rows(all_highlights, all_claims)
        ),
    )


# What each swappable region reads from the Workspace.
_NEEDS = {
    "ws-header": {"signoff"},
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


def needs_rows(regions: Iterable[str]) -> bool:
    """Whether build_regions would read the review's rows (presenters/rows.py) for these
    regions: for the progress counts or the sign-off panel, when no panel or column loads every
    item anyway."""
    needs: set[str] = set()
    for region in regions:
        needs |= _NEEDS.get(region, set())
    return bool(needs & {"progress", "signoff"}) and not needs & {"findings", "claims"}


def build_regions(
    review: Review,
    user: User,
    regions: Iterable[str],
    *,
    can_work: bool,
    rows: ReviewRows | None = None,
) -> Workspace:
    """A Workspace with just what the named regions show, loaded in as few queries as they need.

    A write re-renders the regions it changed: the progress counts and the sign-off panel take
    a few queries whatever the review holds; the panels and columns load their items.
    `can_work` as for build_workspace; `rows`: load_rows(review), if the caller has them.
    """
    needs: set[str] = set()
    for region in regions:
        needs |= _NEEDS.get(region, set())
    ws = Workspace(
        review=review,
        can_work=can_work,
        comment_url=reverse("review_comment_create", args=[review.pk]),
    )
    if "findings" in needs or "claims" in needs:
        on_highlight, on_claim = comment_counts(review)
        ws.findings, ws.dismissed = load_findings(review, on_highlight)
        ws.claims = load_claims(review, on_claim)
        ws.source, ws.rewrite = build_columns(review, ws.findings, ws.dismissed, ws.claims)
        if "progress" in needs:
            ws.progress = _progress(ws.findings, ws.dismissed, ws.claims)
    if "progress" in needs and ws.progress is None:
        if rows is None and "signoff" in needs:
            # The sign-off panel reads every claim and highlight anyway: count from those.
            rows = load_rows(review)
        ws.progress = _progress_from_rows(rows) if rows else load_progress(review)
    if "threads" in needs:
        ws.review_threads = load_review_threads(review)
    if "signoff" in needs:
        for name, value in _sign_off_state(review, user, can_work=can_work, rows=rows).items():
            setattr(ws, name, value)
    return ws
