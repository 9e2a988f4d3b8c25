"""Analysis runs hold a lease, so that no review shows "Analysing…" forever.

A run is marked running with a deadline: a base time plus time per character of the pair
(settings NEWSDESK_ANALYSIS_LEASE_SECONDS, NEWSDESK_ANALYSIS_LEASE_SECONDS_PER_10K_CHARS). A
worker that dies mid-run, or loses the database before it can store the result or the failure,
leaves the review running past its deadline; the next status poll, retry or worker run then
marks it failed with the reason, which the workspace shows with its Retry button.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from reviews.models import Event, Review

CLOSED_STATUSES = (Review.Status.SIGNED_OFF, Review.Status.SUPERSEDED)


def lease_for(chars: int) -> timedelta:
    """How long a run on a pair of this many characters may take before it counts as lost."""
    per_10k = settings.NEWSDESK_ANALYSIS_LEASE_SECONDS_PER_10K_CHARS
    return timedelta(seconds=settings.NEWSDESK_ANALYSIS_LEASE_SECONDS + per_10k * chars / 10_000)


def start_run(review_pk: int) -> bool:
    """Mark the review's analysis running, with its deadline; False if the review is closed."""
    lengths = (
        Review.objects.filter(pk=review_pk)
        .exclude(status__in=CLOSED_STATUSES)
        .values_list(Length("source__body"), Length("rewrite__body"))
        .first()
    )
    if lengths is None:
        return False
    now = timezone.now()
    return bool(
        Review.objects.filter(pk=review_pk)
        .exclude(status__in=CLOSED_STATUSES)
        .update(
            analysis_status=Review.Analysis.RUNNING,
            analysis_error="",
            analysis_started_at=now,
            analysis_deadline=now + lease_for(sum(lengths)),
        )
    )


def _overdue(now):
    return Review.objects.filter(analysis_status=Review.Analysis.RUNNING, analysis_deadline__lt=now)


def _fail(review: Review, now) -> bool:
    """Mark one overdue run failed, once (a racing poll finds it no longer running)."""
    started = review.analysis_started_at
    assert review.analysis_deadline is not None  # overdue: it has a deadline
    took = int((review.analysis_deadline - started).total_seconds()) if started else 0
    error = (
        f"the run did not finish within its {took} s lease (started "
        f"{started:%Y-%m-%d %H:%M:%S} UTC): its worker stopped or lost the database. "
        "Retry the analysis."
    )
    with transaction.atomic():
        if (
            not _overdue(now)
            .filter(pk=review.pk)
            .update(analysis_status=Review.Analysis.FAILED, analysis_error=error)
        ):
            return False
        Event.objects.create(
            actor=None,
            verb="analysis.failed",
            story_id=review.story_id,
            review=review,
            object_type="review",
            object_id=review.pk,
            before={"analysis_status": Review.Analysis.RUNNING},
            after={"analysis_status": Review.Analysis.FAILED, "reason": "lease expired"},
            message=error,
        )
    review.analysis_status, review.analysis_error = Review.Analysis.FAILED, error
    return True


def expire_if_overdue(review: Review) -> Review:
    """Fail this review's run if its lease has expired; returns the review, updated."""
    now = timezone.now()
    if (
        review.analysis_status == Review.Analysis.RUNNING
        and review.analysis_deadline is not None
        and review.analysis_deadline < now
    ):
        _fail(review, now)
    return review


def expire_overdue() -> int:
    """Fail every run whose lease has expired (a worker does this before each run)."""
    now = timezone.now()
    fields = ("pk", "story_id", "analysis_started_at", "analysis_deadline")
    return sum(_fail(review, now) for review in _overdue(now).only(*fields))
