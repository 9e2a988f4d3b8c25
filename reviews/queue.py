"""The reviewer's queue across stories: what is assigned to me, what is due, and what to open next.

The next item is the riskiest unsettled item of the next review due: reviews by due time
(earliest first, those without one last, then oldest first), and in that review findings and
claims in one risk order. Severe findings (critical, then major) come first, then unsettled
claims (each blocks the sign-off like a major finding), then minor findings; within each, the
categories a reader is most misled by (reviews.querysets.RISKY_CATEGORIES: numbers, quotations,
attributions, named people and places) before the rest, then position in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from reviews.choices import Severity
from reviews.models import Claim, Highlight, Review
from reviews.querysets import RISKY_CATEGORIES

# A claim's place between the severities: after major findings, before minor ones.
CLAIM_TIER = 2
SEVERITY_TIER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 3}


def _unsettled_count(model, ref: str = "pk"):
    rows = (
        model.objects.unsettled()
        .filter(review_id=OuterRef(ref))
        .order_by()
        .values("review_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def assigned_reviews(user) -> QuerySet[Review]:
    """Open reviews assigned to the user, next due first (no due time last), with what is left."""
    return (
        Review.objects.filter(reviewers=user, status=Review.Status.OPEN)
        .select_related("story", "rewrite")
        .annotate(
            unsettled_highlights=_unsettled_count(Highlight),
            unsettled_claims=_unsettled_count(Claim),
        )
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    )


@dataclass(frozen=True)
class Assignment:
    """One review on the dashboard's "assigned to me" list."""

    review: Review
    state: str  # overdue, due_soon, later, undated
    label: str

    @property
    def left(self) -> int:
        """Unsettled findings and claims, as assigned_reviews annotated them."""
        counts = vars(self.review)
        return counts["unsettled_highlights"] + counts["unsettled_claims"]


def due_state(due_at: datetime | None, now: datetime) -> tuple[str, str]:
    """Whether a due time has passed, is near (NEWSDESK_DUE_SOON_HOURS) or is later."""
    if due_at is None:
        return "undated", "No due time"
    if due_at < now:
        return "overdue", "Overdue"
    if due_at - now <= timedelta(hours=settings.NEWSDESK_DUE_SOON_HOURS):
        return "due_soon", "Due soon"
    return "later", "Due later"


class Assignments(list):
    """The "assigned to me" list (maybe cut short), with how many of all the user's
    assignments are overdue and due soon."""

    overdue: int = 0
    due_soon: int = 0
    total: int = 0


def my_assignments(user, *, limit: int = 50, now: datetime | None = None) -> Assignments:
    """The user's open assignments for the dashboard, next due first: two queries."""
    now = now or timezone.now()
    result = Assignments(
        Assignment(r, *due_state(r.due_at, now)) for r in assigned_reviews(user)[:limit]
    )
    soon = now + timedelta(hours=settings.NEWSDESK_DUE_SOON_HOURS)
    counts = Review.objects.filter(reviewers=user, status=Review.Status.OPEN).aggregate(
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        due_soon=Count("pk", filter=Q(due_at__gte=now, due_at__lte=soon)),
        total=Count("pk"),
    )
    result.overdue, result.due_soon, result.total = (
        counts["overdue"],
        counts["due_soon"],
        counts["total"],
    )
    return result


def _category_rank(field: str, *, contains: bool = False) -> Case:
    lookup = f"{field}__contains" if contains else field
    return Case(
        *(When(**{lookup: c}, then=i) for i, c in enumerate(RISKY_CATEGORIES)),
        default=len(RISKY_CATEGORIES),
        output_field=IntegerField(),
    )


def riskiest_item(review_pk: int) -> Highlight | Claim | None:
    """The riskiest unsettled finding or claim of a review (see the module doc): two queries."""
    highlight = (
        Highlight.objects.unsettled()
        .filter(review_id=review_pk)
        .annotate(
            tier=Case(
                *(When(severity=s, then=t) for s, t in SEVERITY_TIER.items()),
                default=CLAIM_TIER + 1,
                output_field=IntegerField(),
            ),
            rank=_category_rank("category"),
        )
        .order_by("tier", "rank", "side", "start", "pk")
        .first()
    )
    claim = (
        Claim.objects.unsettled()
        .filter(review_id=review_pk)
        .annotate(rank=_category_rank("kinds", contains=True))
        .order_by("rank", "start", "pk")
        .first()
    )
    if highlight is None or claim is None:
        return highlight or claim
    h_key = (highlight.tier, highlight.rank)
    return highlight if h_key <= (CLAIM_TIER, claim.rank) else claim


def next_review(user) -> Review | None:
    """The next review due among the user's assignments that still has something unsettled."""
    return (
        Review.objects.filter(reviewers=user, status=Review.Status.OPEN)
        .filter(
            Exists(Highlight.objects.unsettled().filter(review_id=OuterRef("pk")))
            | Exists(Claim.objects.unsettled().filter(review_id=OuterRef("pk")))
        )
        .order_by(F("due_at").asc(nulls_last=True), "pk")
        .first()
    )


def item_url(item: Highlight | Claim) -> str:
    """The item's own page (the finding or claim in full, with its threads)."""
    if isinstance(item, Highlight):
        return reverse("highlight_detail", args=[item.pk])
    return reverse("claim_detail", args=[item.pk])


def next_item(user) -> tuple[Review, Highlight | Claim] | None:
    """The next review due and its riskiest unsettled item, or None when nothing is waiting."""
    review = next_review(user)
    if review is None:
        return None
    item = riskiest_item(review.pk)
    return (review, item) if item is not None else None
