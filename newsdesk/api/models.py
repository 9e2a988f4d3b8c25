"""What programs need to work with Newsdesk: API tokens, idempotent creations, webhooks.

Tokens are stored as a SHA-256 digest of a random secret (the secret is shown once and never
kept), with a short visible prefix so a person can tell their tokens apart. Webhook deliveries
are written in the same transaction as the audit Event that causes them (an outbox), so a
committed sign-off always has its delivery row, and a rolled-back one never does.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        """Tokens not revoked, of users still active."""
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A user's key to the API: it can do what the user can do, never more."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What uses it, e.g. 'CMS import'.")
    prefix = models.CharField(max_length=16, help_text="The token's first characters, shown.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Rate limit: a fixed window per token, counted on the token row itself (one UPDATE a call).
    window_start = models.DateTimeField(null=True, blank=True, editable=False)
    window_count = models.PositiveIntegerField(default=0, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name}, {self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """The answer to one creation request, replayed when the same key comes again.

    Unique per (user, key): a second request with the key waits on the first one's row (its
    INSERT blocks until the first transaction ends), then replays the stored answer, or gets a
    409 when its body differs.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of endpoint and body.")
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.user})"


class WebhookKind(models.TextChoices):
    SIGNED_OFF = "review.signed_off", "Review signed off"
    CHANGES_REQUESTED = "review.changes_requested", "Changes requested"
    RECORD_VOIDED = "record.voided", "Fidelity record voided by a new version"


def _all_kinds() -> list[str]:
    return list(WebhookKind.values)


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A URL told about one desk's reviews (or every desk's, with desk left blank)."""

    desk = models.CharField(
        max_length=60, blank=True, help_text="Stories of this desk (any case); blank for all."
    )
    url = models.URLField(max_length=500)
    secret = models.CharField(
        max_length=100,
        default=_new_secret,
        help_text="Signs each delivery (HMAC-SHA256); give it to the receiver.",
    )
    kinds = models.JSONField(default=_all_kinds, help_text="Which events to send.")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["desk", "url"]

    def __str__(self) -> str:
        return f"{self.desk or 'All desks'} → {self.url}"


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one endpoint, with every attempt's outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        "reviews.Event", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=WebhookKind.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.endpoint.url} ({self.status})"
