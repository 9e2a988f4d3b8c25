"""Assignments: who reviews a rewrite, and by when."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction

from reviews.audit import record_change
from reviews.models import Review
from reviews.workflow.base import _check_open
from reviews.workflow.errors import NotAllowed
from reviews.workflow.versions import _set_reviewers


def assign(
    *,
    review: Review,
    user: User,
    reviewers: Iterable[User],
    due_at: datetime | None,
) -> Review:
    """Set the reviewers and the due time (None: no due time) of an open review. Editors only.

    Each part is logged only when it changes; newly assigned reviewers are notified (from the
    review.reviewers_set event).
    """
    if not user.has_perm("reviews.assign_reviewers"):
        raise NotAllowed("Only editors can assign reviewers.")
    reviewers = list(reviewers)
    with transaction.atomic():
        review = review.lock()
        _check_open(review)
        current = {u.pk for u in review.reviewers.all()}
        if current != {u.pk for u in reviewers}:
            _set_reviewers(review=review, user=user, reviewers=reviewers)
        if review.due_at != due_at:
            before = review.due_at
            review.due_at = due_at
            review.save(update_fields=["due_at", "updated_at"])
            record_change(
                review,
                "review.due_set",
                review,
                user=user,
                before={"due_at": before.isoformat() if before else None},
                after={"due_at": due_at.isoformat() if due_at else None},
            )
    return review
