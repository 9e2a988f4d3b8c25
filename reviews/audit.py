"""The audit log's two writers: every state change is recorded through one of these.

Kept apart from the workflow package so the background task that stores the engine's report
(reviews/tasks.py) can record its events without importing the workflow, which queues it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from reviews.models import Event, Review

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from newsdesk.models import Story


def record_event(
    *,
    actor: User | AnonymousUser | None,
    verb: str,
    obj: models.Model,
    story: Story | None = None,
    review: Review | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
) -> Event:
    """Append one entry to the audit log. Call inside the transaction that made the change."""
    return Event.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        story=story,
        review=review,
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        before=before,
        after=after,
        message=message,
    )


def record_change(
    review: Review,
    verb: str,
    obj: models.Model,
    *,
    user: User | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
) -> Event:
    """Log a change to the review or something in it (a highlight, claim, comment, sign-off).

    The entry is filed under the review and its story, so both timelines show it.
    """
    return record_event(
        actor=user,
        verb=verb,
        obj=obj,
        story=review.story,
        review=review,
        before=before,
        after=after,
        message=message,
    )
