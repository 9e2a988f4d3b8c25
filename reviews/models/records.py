"""The review's append-only records: sign-offs and the audit log (reviews/audit.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from newsdesk.models import Story, StoryVersion
from reviews.choices import SignOffRole
from reviews.models.review import ImmutableRecordError, Review
from reviews.querysets import AppendOnlyQuerySet


class SignOff(models.Model):
    """A reviewer's or editor's sign-off on one exact rewrite version. Never edited or deleted."""

    Role = SignOffRole

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="signoffs")
    version = models.ForeignKey(StoryVersion, on_delete=models.PROTECT, related_name="signoffs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    sha256 = models.CharField(max_length=64)
    statement = models.TextField(blank=True)
    override = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "user", "role"], name="unique_signoff_per_version_user_role"
            ),
            models.CheckConstraint(
                condition=models.Q(override=False) | ~models.Q(override_reason=""),
                name="override_signoff_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} sign-off by {self.user} on {self.version}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError("sign-offs are never edited")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("sign-offs are never deleted")


class Event(models.Model):
    """Append-only audit log: who changed what, from what, to what, and when."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=40)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField(null=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    message = models.TextField(blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["story", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.object_type}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableRecordError("events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("events are append-only")
