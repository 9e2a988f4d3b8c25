"""Engine suggestions: asking for the comparison engine to run again.

The run itself (`run_analysis`, which stores the engine's findings as suggestions) is the
background task's entry point, in reviews/tasks.py; it is re-exported from this package.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from reviews import leases, tasks
from reviews.audit import record_change
from reviews.models import Review
from reviews.workflow.base import _lock_for_work
from reviews.workflow.errors import Conflict


def retry_analysis(*, review: Review, user: User) -> Review:
    """Queue the engine on a review again (after a failure, or on demand), and log who asked."""
    with transaction.atomic():
        review = leases.expire_if_overdue(_lock_for_work(user, review))
        if review.analysis_status in (Review.Analysis.PENDING, Review.Analysis.RUNNING):
            raise Conflict("The analysis is already queued or running.")
        record_change(
            review,
            "analysis.requested",
            review,
            user=user,
            before={"analysis_status": review.analysis_status},
        )
        tasks.retry_analysis(review.pk)
    return review
