"""Who hears about what: notifications written from the audit log.

The workflow is not touched. Every state change writes an Event (reviews/audit.py); a receiver
on it picks the events people should hear about and writes their Notifications in the same
transaction (a rolled-back action notifies nobody). Emails for people who want one per event
are queued with transaction.on_commit, so they go out once the change is real, and never for
a rollback.

Only people who can see the review are ever notified: the people on it (the story's and the
review's creators, the assigned reviewers, those who signed it off), or, for a mention, anyone
with a newsroom role. The person who acted is never notified of their own action.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from newsdesk.models import StoryVersion
from reviews import mentions
from reviews.audit import record_event
from reviews.models import (
    Claim,
    Comment,
    EmailChoice,
    Event,
    Highlight,
    Notification,
    NotificationKind,
    NotificationPreference,
    Review,
    SignOff,
)
from reviews.querysets import BLOCKING_SEVERITIES, UNSETTLED_HIGHLIGHT_STATUSES
from reviews.workflow.errors import InvalidInput

User = get_user_model()

Kind = NotificationKind

# Verbs that may notify someone: anything else costs no query at all.
WATCHED_VERBS = frozenset(
    {
        "comment.created",
        "comment.replied",
        "comment.edited",
        "review.reviewers_set",
        "review.changes_requested",
        "signoff.created",
        "signoff.override",
        "claim.verified",
        "highlight.resolve",
        "highlight.dismiss",
        "highlight.edited",
        "review.signed_off",
        "version.created",
        "analysis.failed",
    }
)


# --- Audiences ----------------------------------------------------------------------------


def users_who_can_see_reviews() -> QuerySet:
    """Active users with a newsroom role (the view_story permission, directly, by group, or as
    superuser): everyone who may open a review (reviews/permissions.can_view)."""
    perm = Permission.objects.filter(content_type__app_label="newsdesk", codename="view_story")
    return User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(groups__permissions__in=perm) | Q(user_permissions__in=perm)
    )


def _visible(pks: Iterable[int | None], *, exclude: int | None) -> list[int]:
    """Of these user ids, those who can see reviews, minus the actor, in one query."""
    wanted = {pk for pk in pks if pk is not None and pk != exclude}
    if not wanted:
        return []
    return sorted(
        set(users_who_can_see_reviews().filter(pk__in=wanted).values_list("pk", flat=True))
    )


def review_people(review_pk: int) -> dict[str, set[int]]:
    """The people on a review by part: story creator, review creator, rewrite author,
    assigned reviewers and those who signed it off. Two queries."""
    found = (
        Review.objects.filter(pk=review_pk)
        .values_list("story__created_by", "created_by", "rewrite__author")
        .first()
    )
    story_owner, review_owner, author = found if found else (None, None, None)
    reviewers = set(
        Review.reviewers.through.objects.filter(review_id=review_pk).values_list(
            "user_id", flat=True
        )
    )
    signers = set(SignOff.objects.filter(review_id=review_pk).values_list("user_id", flat=True))
    return {
        "owners": {pk for pk in (story_owner, review_owner) if pk},
        "author": {author} if author else set(),
        "reviewers": reviewers,
        "signers": signers,
    }


# --- Writing notifications -------------------------------------------------------------------


def notify(
    event: Event,
    kind: str,
    recipients: Iterable[int],
    *,
    review_id: int,
    message: str = "",
    comment: Comment | None = None,
) -> list[Notification]:
    """Write one notification per recipient for the event, and queue their emails on commit.

    Caller has already narrowed `recipients` to people who may see the review.
    """
    rows = [
        Notification(
            recipient_id=pk,
            kind=kind,
            actor_id=event.actor_id,
            event=event,
            review_id=review_id,
            comment=comment,
            highlight_id=comment.highlight_id if comment else None,
            claim_id=comment.claim_id if comment else None,
            message=message[:300],
        )
        for pk in recipients
    ]
    if not rows:
        return []
    created = Notification.objects.bulk_create(rows)
    _queue_emails(created)
    return created


def _queue_emails(created: list[Notification]) -> None:
    """Queue one email per notification for those who want every event, after commit."""
    pks = [n.recipient_id for n in created]
    choices = dict(
        NotificationPreference.objects.filter(user_id__in=pks).values_list("user_id", "email")
    )
    ids = [
        n.pk for n in created if choices.get(n.recipient_id, EmailChoice.EVERY) == EmailChoice.EVERY
    ]
    if ids:
        transaction.on_commit(lambda: _enqueue_emails(ids))


def _enqueue_emails(ids: list[int]) -> None:
    from reviews.notification_email import email_notification

    for pk in ids:
        email_notification.enqueue(pk)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Which events notify whom --------------------------------------------------------------


def _review_id(event: Event) -> int:
    """The review of an event notify_from_event hands to a handler of a review's events."""
    assert event.review_id is not None, event.verb
    return event.review_id


def _on_comment(event: Event) -> None:
    body = (event.after or {}).get("body", "")
    names = mentions.usernames_in(body)
    if event.verb == "comment.edited":
        # Only the people the edit adds are told; the others heard when they were first named.
        names -= mentions.usernames_in((event.before or {}).get("body", ""))
    if not names:
        return
    targets = mentions.resolve(names)
    recipients = _visible((u.pk for u in targets.reachable), exclude=event.actor_id)
    if not recipients:
        return
    comment = Comment.objects.filter(pk=event.object_id).first() if event.object_id else None
    if comment is None:
        return
    notify(
        event,
        Kind.MENTION,
        recipients,
        review_id=_review_id(event),
        comment=comment,
        message=_short(body),
    )


def _on_reviewers_set(event: Event) -> None:
    before = set((event.before or {}).get("reviewers", []))
    added = set((event.after or {}).get("reviewers", [])) - before
    if not added:
        return
    pks = User.objects.filter(username__in=added).values_list("pk", flat=True)
    notify(
        event,
        Kind.ASSIGNED,
        _visible(pks, exclude=event.actor_id),
        review_id=_review_id(event),
        message="You were assigned to review this rewrite.",
    )


def _on_changes_requested(event: Event) -> None:
    people = review_people(_review_id(event))
    notify(
        event,
        Kind.CHANGES_REQUESTED,
        _visible(people["owners"] | people["author"], exclude=event.actor_id),
        review_id=_review_id(event),
        message=_short(event.message),
    )


def _on_signoff(event: Event) -> None:
    """A sign-off that leaves another required one open: tell who can give that one."""
    _notify_next_signer(event)


def _on_settled(event: Event) -> None:
    """A finding or claim settled: if nothing now blocks the sign-off, tell who gives it next.

    One query while something still blocks (the usual case); none when a finding that was not
    blocking (minor, or already settled) changes.
    """
    before = event.before or {}
    if event.object_type == "highlight" and not (
        before.get("severity") in BLOCKING_SEVERITIES
        and before.get("status") in UNSETTLED_HIGHLIGHT_STATUSES
    ):
        return
    blocked = (
        Review.objects.filter(pk=_review_id(event))
        .filter(
            Exists(Claim.objects.unsettled().filter(review_id=OuterRef("pk")))
            | Exists(Highlight.objects.blocking().filter(review_id=OuterRef("pk")))
        )
        .exists()
    )
    if not blocked:
        _notify_next_signer(event)


def _notify_next_signer(event: Event) -> None:
    """Notify the people on the review who hold the next missing sign-off's role, once while
    unread (a finding reopened and settled again does not notify twice)."""
    from reviews.workflow.signoff import ROLE_PERMISSION, required_signoffs

    review = (
        Review.objects.filter(pk=_review_id(event), status=Review.Status.OPEN)
        .values("rewrite_id")
        .first()
    )
    if review is None:
        return
    done = set(
        SignOff.objects.filter(
            review_id=_review_id(event), version_id=review["rewrite_id"]
        ).values_list("role", flat=True)
    )
    missing = [role for role in required_signoffs() if role not in done]
    if not missing:
        return  # complete: review.signed_off tells everyone
    role = missing[0]
    people = review_people(_review_id(event))
    candidates = (
        people["reviewers"]
        if role == SignOff.Role.REVIEWER
        else people["owners"] | people["reviewers"]
    )
    app_label, codename = ROLE_PERMISSION[role].split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    already = Notification.objects.filter(
        review_id=_review_id(event), kind=Kind.SIGNOFF_READY, read_at__isnull=True
    ).values("recipient_id")
    holders = (
        users_who_can_see_reviews()
        .filter(pk__in=candidates - people["signers"])
        .filter(
            Q(is_superuser=True) | Q(groups__permissions__in=perm) | Q(user_permissions__in=perm)
        )
        .exclude(pk=event.actor_id)
        .exclude(pk__in=already)
    )
    notify(
        event,
        Kind.SIGNOFF_READY,
        sorted(set(holders.values_list("pk", flat=True))),
        review_id=_review_id(event),
        message=f"Nothing blocks it: the {role} sign-off is next.",
    )


def _on_signed_off(event: Event) -> None:
    people = review_people(_review_id(event))
    everyone = people["owners"] | people["reviewers"] | people["signers"]
    notify(
        event,
        Kind.SIGNED_OFF,
        _visible(everyone, exclude=event.actor_id),
        review_id=_review_id(event),
        message="Every required sign-off is in.",
    )


def _on_version(event: Event) -> None:
    """A new rewrite based on a signed-off one voids that review's sign-off (and its record)."""
    if (event.after or {}).get("role") != StoryVersion.Role.REWRITE:
        return
    if event.story_id is None or event.object_id is None:
        return
    voided = (
        Review.objects.filter(
            story_id=event.story_id,
            status=Review.Status.SIGNED_OFF,
            rewrite__derived__pk=event.object_id,
        )
        .values_list("pk", flat=True)
        .first()
    )
    if voided is None:
        return
    people = review_people(voided)
    notify(
        event,
        Kind.VOIDED,
        _visible(
            people["owners"] | people["reviewers"] | people["signers"], exclude=event.actor_id
        ),
        review_id=voided,
        message=f"A new rewrite version (v{(event.after or {}).get('number', '?')}) voids it.",
    )


def _on_analysis_failed(event: Event) -> None:
    people = review_people(_review_id(event))
    notify(
        event,
        Kind.ANALYSIS_FAILED,
        _visible(people["owners"] | people["reviewers"], exclude=event.actor_id),
        review_id=_review_id(event),
        message=_short(event.message),
    )


HANDLERS = {
    "comment.created": _on_comment,
    "comment.replied": _on_comment,
    "comment.edited": _on_comment,
    "review.reviewers_set": _on_reviewers_set,
    "review.changes_requested": _on_changes_requested,
    "signoff.created": _on_signoff,
    "signoff.override": _on_signoff,
    "claim.verified": _on_settled,
    "highlight.resolve": _on_settled,
    "highlight.dismiss": _on_settled,
    "highlight.edited": _on_settled,
    "review.signed_off": _on_signed_off,
    "version.created": _on_version,
    "analysis.failed": _on_analysis_failed,
}
assert set(HANDLERS) == WATCHED_VERBS


@receiver(post_save, sender=Event, dispatch_uid="reviews.notifications.notify_from_event")
def notify_from_event(sender, instance: Event, created: bool, **kwargs) -> None:
    """Write the notifications an audit event calls for (inside its transaction)."""
    if not created or instance.verb not in WATCHED_VERBS:
        return
    if instance.verb != "version.created" and instance.review_id is None:
        return
    HANDLERS[instance.verb](instance)


# --- Reading and marking ----------------------------------------------------------------------


def unread_count(user) -> int:
    """How many unread notifications the user has: one query."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, pks: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (all, or those ids); returns how many changed.

    Only the user's own: another person's ids simply match nothing. Logged when anything changed.
    """
    with transaction.atomic():
        rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
        if pks is not None:
            rows = rows.filter(pk__in=list(pks))
        changed = rows.update(read_at=timezone.now())
        if changed:
            record_event(
                actor=user,
                verb="notifications.read",
                obj=user,
                after={"count": changed, "all": pks is None},
            )
    return changed


def set_email_choice(user, choice: str) -> str:
    """Choose how notifications arrive by email (every event, a daily digest, or none)."""
    if choice not in EmailChoice.values:
        raise InvalidInput(f"Unknown email choice {choice!r}.")
    with transaction.atomic():
        pref, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        before = pref.email
        if before != choice:
            pref.email = choice
            pref.save(update_fields=["email", "updated_at"])
            record_event(
                actor=user,
                verb="notifications.email_set",
                obj=pref,
                before={"email": before},
                after={"email": choice},
            )
    return choice


def email_choice(user) -> str:
    """The user's email preference (every event when they never chose)."""
    pref = NotificationPreference.objects.filter(user=user).values_list("email", flat=True)
    return pref.first() or EmailChoice.EVERY
