"""The newsroom around the review: notifications and how people want them by email
(reviews/notifications.py writes them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from reviews.models.records import Event
from reviews.models.review import Claim, Comment, Highlight, Review


def item_url(
    review_id: int,
    highlight_id: int | None = None,
    claim_id: int | None = None,
    comment_id: int | None = None,
) -> str:
    """Where an item lives: a finding's or claim's own page (with its threads) or the review's
    workspace, at the comment if one is given."""
    anchor = f"#comment-{comment_id}" if comment_id else ""
    if highlight_id:
        return reverse("highlight_detail", args=[highlight_id]) + anchor
    if claim_id:
        return reverse("claim_detail", args=[claim_id]) + anchor
    return reverse("review_workspace", args=[review_id]) + anchor


class NotificationKind(models.TextChoices):
    MENTION = "mention", "Mentioned you"
    ASSIGNED = "assigned", "Assigned you"
    SIGNOFF_READY = "signoff_ready", "Ready for your sign-off"
    CHANGES_REQUESTED = "changes_requested", "Changes requested on your story"
    SIGNED_OFF = "signed_off", "Sign-off completed"
    VOIDED = "voided", "Sign-off voided"
    ANALYSIS_FAILED = "analysis_failed", "Analysis failed"


class Notification(models.Model):
    """Something in a review that a person should look at, with a link to the exact item.

    Written from audit events inside the transaction that made the change, so a rolled-back
    action notifies nobody; (event, recipient, kind) is unique, so an event notifies once.
    """

    Kind = NotificationKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="notifications")
    highlight = models.ForeignKey(
        Highlight, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once when the email (single or digest) goes out: the guard that sends it only once.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient", "kind"], name="one_notification_per_event_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient} ({self.review_id})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def target_url(self) -> str:
        """The exact item: a comment in its finding's or claim's page, or the workspace."""
        return item_url(self.review_id, self.highlight_id, self.claim_id, self.comment_id)


class EmailChoice(models.TextChoices):
    EVERY = "every", "An email for every notification"
    DIGEST = "digest", "One daily digest"
    NONE = "none", "No email"


class NotificationPreference(models.Model):
    """How a person wants notifications by email. No row means the default (every event)."""

    Email = EmailChoice

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.EVERY)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.email}"
