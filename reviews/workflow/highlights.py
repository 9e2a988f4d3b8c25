"""Highlights: marking a discrepancy, and accepting, resolving, dismissing or editing one."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from reviews.audit import record_change
from reviews.models import Category, Highlight, Origin, Review, Severity, Side
from reviews.workflow.base import (
    MAX_NOTE_CHARS,
    Selection,
    _anchor,
    _check_as_seen,
    _check_in_text,
    _choice,
    _clean_text,
    _lock_for_work,
)
from reviews.workflow.errors import Conflict, InvalidInput


def create_highlight(
    *,
    review: Review,
    user: User,
    side: str,
    selection: Selection,
    category: str,
    severity: str,
    note: str = "",
) -> Highlight:
    """Mark a discrepancy on one side. The selection must match the stored text."""
    _choice(side, Side, "side")
    _choice(category, Category, "category")
    _choice(severity, Severity, "severity")
    note = _clean_text(note, field="note", limit=MAX_NOTE_CHARS)
    with transaction.atomic():
        review = _lock_for_work(user, review)
        a = _anchor(review, side, selection)
        highlight = Highlight.objects.create(
            review=review,
            side=side,
            **a.span_fields(),
            category=category,
            severity=severity,
            note=note,
            author=user,
            origin=Origin.REVIEWER,
            status=Highlight.Status.OPEN,
        )
        record_change(
            review,
            "highlight.created",
            highlight,
            user=user,
            after=highlight.state() | {"quote": a.quote},
        )
    return highlight


HIGHLIGHT_TRANSITIONS = Highlight.TRANSITIONS


def set_highlight_status(
    *, highlight: Highlight, user: User, action: str, reason: str = "", expected: str | None = None
) -> Highlight:
    """Accept, resolve, dismiss or reopen a highlight.

    `expected` is the status the user saw; if someone changed it meanwhile, raise Conflict.
    """
    if action not in Highlight.TRANSITIONS:
        raise InvalidInput(f"Unknown action {action!r}.")
    reason = _clean_text(reason, field="reason", limit=MAX_NOTE_CHARS)
    with transaction.atomic():
        review = _lock_for_work(user, highlight.review)
        highlight = Highlight.objects.select_for_update().get(pk=highlight.pk)
        highlight.review = review  # locked: its status is current (FrozenOnceSigned)
        _check_in_text(highlight)
        _check_as_seen(
            highlight.status,
            expected,
            f"changed this highlight to {highlight.get_status_display()}",
        )
        if not highlight.can(action):
            target = Highlight.TRANSITIONS[action][1]
            raise Conflict(f"A {highlight.status} highlight cannot be {target}.")
        before = highlight.state()
        highlight.apply(action, user=user, reason=reason)
        record_change(
            review,
            f"highlight.{action}",
            highlight,
            user=user,
            before=before,
            after=highlight.state(),
            message=reason,
        )
    highlight.review = review
    return highlight


def edit_highlight(
    *, highlight: Highlight, user: User, category: str | None = None, severity: str | None = None
) -> Highlight:
    """Change a highlight's category or severity (e.g. correct an engine suggestion)."""
    if category is not None:
        _choice(category, Category, "category")
    if severity is not None:
        _choice(severity, Severity, "severity")
    with transaction.atomic():
        review = _lock_for_work(user, highlight.review)
        highlight = Highlight.objects.select_for_update().get(pk=highlight.pk)
        highlight.review = review  # locked: its status is current (FrozenOnceSigned)
        _check_in_text(highlight)
        before = highlight.state()
        highlight.category = category or highlight.category
        highlight.severity = severity or highlight.severity
        if highlight.state() == before:
            return highlight
        highlight.save(update_fields=["category", "severity"])
        record_change(
            review, "highlight.edited", highlight, user=user, before=before, after=highlight.state()
        )
    highlight.review = review
    return highlight
