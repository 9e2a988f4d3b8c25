"""Background work: running the comparison engine on a review's pair of texts.

With the immediate backend (the default) the task runs in the request that enqueued it; with
NEWSDESK_TASKS=database it waits for `manage.py db_worker`. Tasks take ids, not instances.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from reviews.models import Review

logger = logging.getLogger(__name__)


def enqueue_analysis(review_pk: int) -> None:
    """Mark the review as queued for analysis and queue the engine task.

    Closed reviews (signed off, superseded) are left alone: they are never analysed, and
    marking them queued would leave them showing "Queued" forever.
    """
    queued = (
        Review.objects.filter(pk=review_pk)
        .exclude(status__in=(Review.Status.SIGNED_OFF, Review.Status.SUPERSEDED))
        .update(analysis_status=Review.Analysis.PENDING)
    )
    if queued:
        analyse_review.enqueue(review_pk)


@task()
def analyse_review(review_pk: int) -> int:
    """Run the comparison engine on a review and store its findings; returns how many."""
    from reviews import workflow

    return workflow.run_analysis(review_pk)


def retry_analysis(review_pk: int) -> None:
    """Queue the engine again (after a failure, or on demand)."""
    transaction.on_commit(lambda: enqueue_analysis(review_pk))
