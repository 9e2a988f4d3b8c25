"""Everything about checking a rewrite against its source.

Models own single-object state; rules that span several models live in reviews/workflow.py, which
is the only place that writes these records in the web app.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from newsdesk.models import Story, StoryVersion
from reviews.querysets import (
    AppendOnlyQuerySet,
    ClaimQuerySet,
    HighlightQuerySet,
    ReviewQuerySet,
)


def _optional_span(start: str, end: str, name: str) -> models.CheckConstraint:
    """A span that is either absent (both ends null) or non-empty (start < end).

    Both ends are named: a CHECK comparing with NULL passes, so `start < end` alone would let a
    half-null span through.
    """
    return models.CheckConstraint(
        condition=models.Q(**{f"{start}__isnull": True, f"{end}__isnull": True})
        | models.Q(
            **{f"{start}__isnull": False, f"{end}__isnull": False, f"{start}__lt": models.F(end)}
        ),
        name=name,
    )


class ImmutableRecordError(Exception):
    """Raised on an attempt to change or delete an append-only record."""


class Side(models.TextChoices):
    SOURCE = "source", "Source"
    REWRITE = "rewrite", "Rewrite"


class Category(models.TextChoices):
    NUMBER = "number", "Number"
    ENTITY = "entity", "Name or entity"
    ATTRIBUTION = "attribution", "Attribution"
    TIME = "time", "Time"
    UNSUPPORTED = "unsupported", "Unsupported"
    OMISSION = "omission", "Omission"
    MEANING = "meaning", "Meaning"
    QUOTE = "quote", "Quotation"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    MAJOR = "major", "Major"
    MINOR = "minor", "Minor"


class AnchorState(models.TextChoices):
    OK = "ok", "Anchored"
    MOVED = "moved", "Moved"
    ORPHANED = "orphaned", "Orphaned"


class Origin(models.TextChoices):
    REVIEWER = "reviewer", "Reviewer"
    ENGINE = "engine", "Engine"


class Review(models.Model):
    """One rewrite version checked against one source version."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SIGNED_OFF = "signed_off", "Signed off"
        SUPERSEDED = "superseded", "Superseded"

    class Analysis(models.TextChoices):
        NONE = "none", "Not run"
        PENDING = "pending", "Queued"
        RUNNING = "running", "Analysing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reviews")
    source = models.ForeignKey(StoryVersion, on_delete=models.PROTECT, related_name="+")
    rewrite = models.ForeignKey(
        StoryVersion, on_delete=models.PROTECT, related_name="reviews_as_rewrite"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_reviews"
    )
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Comparison-engine run state (the task in reviews/tasks.py writes these).
    analysis_status = models.CharField(
        max_length=10, choices=Analysis.choices, default=Analysis.NONE
    )
    analysis_error = models.TextField(blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    # The running analysis's lease (reviews/leases.py): a run past its deadline is lost.
    analysis_started_at = models.DateTimeField(null=True, blank=True)
    analysis_deadline = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        permissions = [
            ("sign_off_reviewer", "Can sign off a rewrite as reviewer"),
            ("sign_off_editor", "Can give the editor's final sign-off"),
            ("override_signoff", "Can sign off over blockers, giving a reason"),
            ("assign_reviewers", "Can assign reviewers to a review"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rewrite"],
                condition=~models.Q(status="superseded"),
                name="one_current_review_per_rewrite",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.rewrite}"

    def get_absolute_url(self) -> str:
        return reverse("review_workspace", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        """Signed-off and superseded reviews take no more changes."""
        return self.status in (self.Status.SIGNED_OFF, self.Status.SUPERSEDED)


class AnchoredSpan(models.Model):
    """A span of one version's body: TextPosition (start, end) plus TextQuote (quote and context).

    Offsets are Python string indices (code points) into the stored, normalised body.
    """

    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    anchor_state = models.CharField(
        max_length=10, choices=AnchorState.choices, default=AnchorState.OK
    )

    class Meta:
        abstract = True

    def check_span(self, text: str) -> None:
        """Raise ValidationError unless 0 <= start < end <= len(text) and the quote matches."""
        if not (0 <= self.start < self.end <= len(text)):
            raise ValidationError(
                f"Offsets {self.start}-{self.end} are outside the text (0-{len(text)})."
            )
        if text[self.start : self.end] != self.quote:
            raise ValidationError("The quoted text does not match the stored text at that place.")


class Highlight(AnchoredSpan):
    """A discrepancy marked on one side, optionally linked to the matching span on the other."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="highlights")
    side = models.CharField(max_length=10, choices=Side.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.REVIEWER)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="highlights",
    )
    note = models.TextField(blank=True)
    # The counterpart on the other side (a finding is anchored in both documents at once).
    other_start = models.PositiveIntegerField(null=True, blank=True)
    other_end = models.PositiveIntegerField(null=True, blank=True)
    other_quote = models.TextField(blank=True)
    # Engine suggestions: what the engine said, and a key so re-runs never duplicate.
    message = models.TextField(blank=True)
    confidence = models.FloatField(null=True, blank=True)
    engine_key = models.CharField(max_length=64, blank=True)
    dismiss_reason = models.TextField(blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HighlightQuerySet.as_manager()

    class Meta:
        ordering = ["side", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="highlight_span_nonempty"
            ),
            _optional_span("other_start", "other_end", "highlight_other_span_nonempty"),
            models.UniqueConstraint(
                fields=["review", "engine_key"],
                condition=~models.Q(engine_key=""),
                name="unique_engine_finding_per_review",
            ),
        ]
        indexes = [models.Index(fields=["review", "status"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.severity}) on {self.side}: {self.quote[:40]}"

    @property
    def other_side(self) -> str:
        return Side.REWRITE if self.side == Side.SOURCE else Side.SOURCE


class Claim(AnchoredSpan):
    """A checkable statement in the rewrite, with a verdict backed by evidence."""

    class Verdict(models.TextChoices):
        PENDING = "pending", "Pending"
        VERIFIED = "verified", "Verified"
        DISPUTED = "disputed", "Disputed"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="claims")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.REVIEWER)
    kinds = models.CharField(
        max_length=100, blank=True, help_text="What makes it checkable: number, entity, ..."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    verdict = models.CharField(max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verdict_at = models.DateTimeField(null=True, blank=True)
    verdict_note = models.TextField(blank=True)
    # Evidence: a span of the source version, or a URL.
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    evidence_quote = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=500, blank=True)
    # The source span the engine found supporting it (shown as evidence to check, not a verdict).
    support_start = models.PositiveIntegerField(null=True, blank=True)
    support_end = models.PositiveIntegerField(null=True, blank=True)
    engine_key = models.CharField(max_length=64, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="claim_span_nonempty"
            ),
            models.CheckConstraint(
                condition=~models.Q(verdict="verified")
                | ~models.Q(evidence_url="")
                | models.Q(evidence_start__isnull=False),
                name="verified_claim_has_evidence",
            ),
            models.CheckConstraint(
                condition=~models.Q(verdict="disputed") | ~models.Q(verdict_note=""),
                name="disputed_claim_has_reason",
            ),
            _optional_span("evidence_start", "evidence_end", "claim_evidence_span_nonempty"),
            _optional_span("support_start", "support_end", "claim_support_span_nonempty"),
            models.UniqueConstraint(
                fields=["review", "engine_key"],
                condition=~models.Q(engine_key=""),
                name="unique_engine_claim_per_review",
            ),
        ]
        indexes = [models.Index(fields=["review", "verdict"])]

    def __str__(self) -> str:
        return f"Claim ({self.verdict}): {self.quote[:50]}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_url) or self.evidence_start is not None


class Comment(models.Model):
    """A thread entry on a highlight, a claim, or the review itself."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    highlight = models.ForeignKey(
        Highlight, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_comments"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(highlight__isnull=True) | models.Q(claim__isnull=True),
                name="comment_on_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:50]}"

    @property
    def target(self) -> Highlight | Claim | Review:
        return self.highlight or self.claim or self.review


class SignOff(models.Model):
    """A reviewer's or editor's sign-off on one exact rewrite version. Never edited or deleted."""

    class Role(models.TextChoices):
        REVIEWER = "reviewer", "Reviewer"
        EDITOR = "editor", "Editor"

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
