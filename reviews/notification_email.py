"""Notification emails: one per event for those who want that, or a daily digest.

Both go through Django's email backend (the console in development, SMTP from the environment
in production: see settings). A notification is emailed at most once: the send first claims it
by setting `emailed_at` where it is still empty, so a task that runs twice, or a digest racing
a single email, sends nothing the second time.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from newsdesk.records import site_url
from reviews.models import EmailChoice, Notification, NotificationPreference

logger = logging.getLogger(__name__)

_RELATED = ("recipient", "actor", "review__story")


def _claim(ids: list[int]) -> list[Notification]:
    """Mark these notifications emailed, and return those this call claimed (the others were
    claimed earlier, or meanwhile by another sender)."""
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(of=("self",))
            .select_related(*_RELATED)
            .filter(pk__in=ids, emailed_at__isnull=True)
        )
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
    return rows


def _release(rows: list[Notification]) -> None:
    """A send failed: let a retry (or the next digest) try these again."""
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=None)


def _subject(text: str) -> str:
    """One line (a header may not hold a newline), prefixed, of a sensible length."""
    return " ".join(f"[Newsdesk] {text}".split())[:200]


def _line(n: Notification) -> dict:
    return {
        "n": n,
        "who": n.actor.get_username() if n.actor is not None else "Newsdesk",
        "url": site_url(n.target_url()),
        "story": n.review.story.title,
    }


@task()
def email_notification(notification_id: int) -> bool:
    """Email one notification to its recipient; False if it was already emailed (or has no
    address)."""
    rows = _claim([notification_id])
    if not rows:
        return False
    n = rows[0]
    if not n.recipient.email:
        return False
    item = _line(n)
    try:
        send_mail(
            subject=_subject(f"{n.get_kind_display()}: {item['story']}"),
            message=render_to_string("reviews/notifications/email.txt", {"items": [item]}),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[n.recipient.email],
        )
    except Exception:
        _release(rows)
        raise
    return True


def send_digests() -> int:
    """Send each digest reader one email of everything not yet emailed; returns emails sent."""
    readers = NotificationPreference.objects.filter(email=EmailChoice.DIGEST).values_list(
        "user_id", flat=True
    )
    ids = list(
        Notification.objects.filter(recipient_id__in=readers, emailed_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in sorted(_claim(ids), key=lambda n: (n.created_at, n.pk)):
        by_user[n.recipient_id].append(n)
    sent = 0
    for rows in by_user.values():
        recipient = rows[0].recipient
        if not recipient.email:
            continue
        try:
            send_mail(
                subject=_subject(f"{len(rows)} notification{'s' if len(rows) != 1 else ''}"),
                message=render_to_string(
                    "reviews/notifications/email.txt", {"items": [_line(n) for n in rows]}
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient.email],
            )
        except Exception:
            logger.exception("digest to user %s failed; kept for the next run", recipient.pk)
            _release(rows)
            continue
        sent += 1
    return sent
