"""Comments: threads on the review, a highlight or a claim; replies, edits, resolving."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from reviews.audit import record_change
from reviews.models import Claim, Comment, Highlight, Review
from reviews.workflow.base import (
    MAX_COMMENT_CHARS,
    _check_open,
    _clean_text,
    _lock_for_work,
)
from reviews.workflow.errors import Conflict, InvalidInput, NotAllowed, StaleEdit


def add_comment(
    *,
    review: Review,
    user: User,
    body: str,
    highlight: Highlight | None = None,
    claim: Claim | None = None,
    parent: Comment | None = None,
) -> Comment:
    """Post a comment on the review, a highlight or a claim, or a reply to a comment."""
    body = _clean_text(body, field="comment", limit=MAX_COMMENT_CHARS, required=True)
    with transaction.atomic():
        review = _lock_for_work(user, review)
        for target in (highlight, claim, parent):
            if target is not None and target.review_id != review.pk:
                raise InvalidInput("That thread belongs to another review.")
        if parent is not None:
            # Replies stay on the thread of the comment they answer, one level deep.
            while parent.parent is not None:
                parent = parent.parent
            highlight, claim = parent.highlight, parent.claim
        if highlight is not None and claim is not None:
            raise InvalidInput("A comment goes on one highlight or one claim, not both.")
        comment = Comment.objects.create(
            review=review, highlight=highlight, claim=claim, parent=parent, author=user, body=body
        )
        record_change(
            review,
            "comment.replied" if parent else "comment.created",
            comment,
            user=user,
            after={"body": body, "parent": parent.pk if parent else None},
        )
    return comment


def edit_comment(
    *, comment: Comment, user: User, body: str, expected_version: str | None = None
) -> Comment:
    """Change the text of one's own comment. Nobody edits another person's comment.

    `expected_version` is the comment's version (Comment.version) when the edit form was opened;
    if the comment has been edited since (in another tab), raise StaleEdit and change nothing.
    """
    body = _clean_text(body, field="comment", limit=MAX_COMMENT_CHARS, required=True)
    if comment.author_id != user.pk:
        raise NotAllowed("You can only edit your own comments.")
    with transaction.atomic():
        review = comment.review.lock()
        _check_open(review)
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.review = review  # locked: its status is current (FrozenOnceSigned)
        if comment.carried_from_id is not None:
            raise Conflict(
                "This comment was written on an earlier version's review; it is kept as written."
            )
        if expected_version is not None and expected_version != comment.version:
            raise StaleEdit(
                "This comment was changed in another tab or window after you opened it, so "
                "your edit was not saved. The current text is shown; yours is still in the "
                "form: save again to replace it.",
                comment,
            )
        before = {"body": comment.body}
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        record_change(
            review,
            "comment.edited",
            comment,
            user=user,
            before=before,
            after={"body": body},
        )
    return comment


def set_comment_resolved(*, comment: Comment, user: User, resolved: bool) -> Comment:
    """Resolve or reopen a comment thread (on its top-level comment)."""
    with transaction.atomic():
        review = _lock_for_work(user, comment.review)
        comment = Comment.objects.select_for_update().get(pk=comment.parent_id or comment.pk)
        comment.review = review
        if comment.resolved == resolved:
            return comment
        comment.resolved = resolved
        comment.resolved_by = user if resolved else None
        comment.resolved_at = timezone.now() if resolved else None
        comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
        record_change(
            review,
            "comment.resolved" if resolved else "comment.reopened",
            comment,
            user=user,
            before={"resolved": not resolved},
            after={"resolved": resolved},
        )
    return comment
