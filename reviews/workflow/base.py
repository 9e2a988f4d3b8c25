"""What every verb shares: the audit-log helpers, input checks, locking and anchoring."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models

from newsdesk.text import is_blank, normalise_text
from reviews import anchoring, permissions
from reviews.models import Review, Side
from reviews.workflow.errors import Conflict, InvalidInput, NotAllowed

MAX_NOTE_CHARS = 5000
MAX_COMMENT_CHARS = 10000


# --- Helpers -----------------------------------------------------------------------------


def _clean_text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    """The text stripped; "" if it shows nothing (a zero-width space alone), which a required
    field refuses."""
    value = (value or "").strip()
    if value and is_blank(value):
        if required:
            raise InvalidInput(
                f"The {field} has no visible text, only spaces or invisible characters "
                "(such as zero-width spaces). Write something to post."
            )
        value = ""
    if required and not value:
        raise InvalidInput(f"The {field} is empty.")
    if len(value) > limit:
        raise InvalidInput(f"The {field} is {len(value):,} characters; the limit is {limit:,}.")
    return value


def _check_body(body: str, *, field: str) -> str:
    body = normalise_text(body or "")
    if is_blank(body):
        raise InvalidInput(f"The {field} is empty (nothing visible in it).")
    limit = settings.NEWSDESK_MAX_BODY_CHARS
    if len(body) > limit:
        raise InvalidInput(
            f"The {field} is {len(body):,} characters; the limit is {limit:,} "
            "(split the story, or ask an admin to raise NEWSDESK_MAX_BODY_CHARS)."
        )
    return body


def _lock_for_work(user: User, review: Review) -> Review:
    """Lock the review, and check that it is open and that the user may work on it.

    Caller must be inside transaction.atomic.
    """
    review = review.lock()
    _check_can_work(user, review)
    _check_open(review)
    return review


def _check_open(review: Review) -> None:
    if review.is_closed:
        raise Conflict(
            f"This review is {review.get_status_display().lower()}; it takes no more changes."
        )


def _check_in_text(item) -> None:
    """Refuse to act on an item whose text an edit deleted: it is settled for good."""
    if not item.in_text:
        raise Conflict(
            f"Its text is no longer in the rewrite (removed in v{item.removed_in}); "
            "it is settled and takes no more changes."
        )


def _check_can_work(user: User, review: Review) -> None:
    if not permissions.can_work_on(user, review):
        raise NotAllowed("You are not assigned to this review.")


def _side_text(review: Review, side: str) -> str:
    if side == Side.SOURCE:
        return review.source.body
    if side == Side.REWRITE:
        return review.rewrite.body
    raise InvalidInput(f"Unknown side {side!r}.")


def _choice(value: str, choices: type[models.TextChoices], field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(f"Unknown {field} {value!r}.")
    return value


def _anchor(review: Review, side: str, selection: Selection) -> anchoring.Anchor:
    text = _side_text(review, side)
    try:
        return anchoring.anchor_selection(
            text,
            selection.start,
            selection.end,
            selection.quote,
            selection.prefix,
            selection.suffix,
        )
    except anchoring.AnchorError as exc:
        raise InvalidInput(str(exc)) from exc


@dataclass(frozen=True)
class Selection:
    """A browser selection: UTF-16 offsets plus the quoted text and its context."""

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


def _check_as_seen(current: str, expected: str | None, now: str) -> None:
    """Raise Conflict if someone changed the row since the user saw it (`expected`: the state
    the page showed; `now`: how to say what it is now, e.g. "marked this claim disputed")."""
    if expected is not None and current != expected:
        raise Conflict(f"Someone else {now} meanwhile; the page now shows its current state.")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
