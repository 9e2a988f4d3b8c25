"""Webhooks: tell a desk's systems when a review is signed off, sent back, or its record voided.

The workflow is not touched: a receiver on the audit log (every state change writes an Event,
see reviews.workflow.record_event) picks the events that matter. It runs inside the
transaction that made the change and writes one WebhookDelivery per matching endpoint there (an
outbox: a rolled-back sign-off leaves none); the sending is queued with transaction.on_commit.

Each delivery is a POST of JSON, signed so the receiver can check it came from us and is fresh:

    Newsdesk-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>

Verify it as `verify_signature` does: recompute, compare in constant time, reject old times.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from newsdesk.api.models import WebhookDelivery, WebhookEndpoint, WebhookKind
from newsdesk.records import site_url
from reviews.models import Event, Review

SIGNATURE_HEADER = "Newsdesk-Signature"
DEFAULT_TOLERANCE = 300  # seconds a signature stays acceptable (replays older than this fail)


# --- Which events send what -----------------------------------------------------------------


def _kind_for(event: Event) -> tuple[str, Review | None] | None:
    """The webhook kind an audit event stands for, with the review it is about (or None)."""
    if event.verb == "review.signed_off":
        return WebhookKind.SIGNED_OFF, event.review
    if event.verb == "review.changes_requested":
        return WebhookKind.CHANGES_REQUESTED, event.review
    if event.story_id is None or event.object_id is None:
        return None
    if event.verb == "version.created" and (event.after or {}).get("role") == "rewrite":
        # A new rewrite voids the record of a signed-off review of the rewrite it is based on.
        voided = (
            Review.objects.filter(
                story_id=event.story_id,
                status=Review.Status.SIGNED_OFF,
                rewrite__derived__pk=event.object_id,
            )
            .select_related("story", "rewrite")
            .first()
        )
        if voided is not None:
            return WebhookKind.RECORD_VOIDED, voided
    return None


# Verbs that may send something: anything else costs no query at all.
WATCHED_VERBS = frozenset({"review.signed_off", "review.changes_requested", "version.created"})


def payload_for(event: Event, kind: str, review: Review) -> dict:
    story = review.story
    return {
        "type": kind,
        "event_id": event.pk,
        "occurred_at": event.created_at.isoformat(),
        "actor": event.actor.get_username() if event.actor is not None else None,
        "message": event.message,
        "story": {
            "slug": story.slug,
            "title": story.title,
            "desk": story.desk,
            "url": site_url(story.get_absolute_url()),
        },
        "review": {
            "id": review.pk,
            "status": review.status,
            "url": site_url(review.get_absolute_url()),
            "record_url": site_url(reverse("review_record", args=[story.slug, review.pk])),
            "rewrite_version": review.rewrite.number,
            "rewrite_sha256": review.rewrite.sha256,
        },
    }


@receiver(post_save, sender=Event, dispatch_uid="newsdesk.api.webhooks.queue_deliveries")
def queue_deliveries(sender, instance: Event, created: bool, **kwargs) -> None:
    """Write the deliveries an audit event calls for, and send them once it commits."""
    if not created or instance.verb not in WATCHED_VERBS or instance.story_id is None:
        return
    story = instance.story
    assert story is not None  # story_id is set
    desk = story.desk
    endpoints = list(
        WebhookEndpoint.objects.filter(active=True).filter(Q(desk="") | Q(desk__iexact=desk))
    )
    if not endpoints:
        return
    found = _kind_for(instance)
    if found is None:
        return
    kind, review = found
    if review is None:
        return
    payload = payload_for(instance, kind, review)
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=e, event=instance, kind=kind, payload=payload)
        for e in endpoints
        if kind in (e.kinds or [])
    )
    ids = [d.pk for d in deliveries]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))


def _enqueue(delivery_ids: list[int]) -> None:
    from newsdesk.api.tasks import deliver_webhook

    for pk in delivery_ids:
        deliver_webhook.enqueue(pk)


# --- Signing and sending --------------------------------------------------------------------


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The signature header value for body sent at timestamp."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify_signature(
    secret: str, header: str, body: bytes, *, tolerance: int = DEFAULT_TOLERANCE, now=None
) -> bool:
    """Whether header is a valid, fresh signature of body (what a receiver should check)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = int(time.time()) if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a delivery: never follow it (or re-send the body)."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """Send once; returns (HTTP status or None, error text)."""
    body = json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()
    request = urllib.request.Request(  # noqa: S310 (admins configure http(s) URLs only)
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Newsdesk-Webhooks/1",
            "Newsdesk-Event": delivery.kind,
            "Newsdesk-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: sign(delivery.endpoint.secret, body, int(time.time())),
        },
    )
    try:
        with _opener.open(request, timeout=settings.NEWSDESK_WEBHOOK_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:1000]


def attempt(delivery_id: int) -> WebhookDelivery | None:
    """Make one attempt; on failure schedule the next one, or give up after the last delay.

    Returns the delivery, or None when there was nothing to send (gone, delivered, given up).
    """
    delivery = (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(pk=delivery_id, status__in=[WebhookDelivery.Status.PENDING, "retrying"])
        .first()
    )
    if delivery is None:
        return None
    status, error = _post(delivery)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = status
    delivery.last_error = error
    if status is not None and 200 <= status < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at, delivery.next_attempt_at = now, None
    else:
        delays = settings.NEWSDESK_WEBHOOK_RETRY_DELAYS
        if delivery.attempts <= len(delays):
            delivery.status = WebhookDelivery.Status.RETRYING
            delivery.next_attempt_at = now + timedelta(seconds=delays[delivery.attempts - 1])
        else:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
            "updated_at",
        ]
    )
    return delivery


def due_deliveries():
    """Deliveries waiting for a (re)try whose time has come."""
    return WebhookDelivery.objects.filter(
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING]
    ).filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
