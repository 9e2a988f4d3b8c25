"""Everything about checking a rewrite against its source.

Models own single-object state; rules that span several models live in reviews/workflow/, which
is the only place that writes these records in the web app.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from newsdesk.models import Story, StoryVersion
from reviews.choices import (
    AnalysisStatus,
    AnchorState,
    Category,
    HighlightStatus,
    Origin,
    ReviewStatus,
    Severity,
    Side,
    Verdict,
)
from reviews.querysets import (
    CLOSED_REVIEW_STATUSES,
    ClaimQuerySet,
    HighlightQuerySet,
    ReviewQuerySet,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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


class SignedReviewError(ImmutableRecordError):
    """Raised on an attempt to change anything of a signed-off review."""


class Review(models.Model):
    """One rewrite version checked against one source version."""

    Status = ReviewStatus
    Analysis = AnalysisStatus

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
    # When the editor wants the review done (set with the reviewers; carried to a new version).
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
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
    # Set on the instance lock() returns: its status is current for the rest of the transaction.
    held_locked = False

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
                condition=~models.Q(status=ReviewStatus.SUPERSEDED),
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
        return self.status in CLOSED_REVIEW_STATUSES

    def set_status(self, status: str, **fields: Any) -> str:
        """Move the review to `status` (setting `fields` too) and save; returns the old status.

        Caller holds the review's lock (lock()) and has checked that the move is allowed.
        """
        before = self.status
        self.status = status
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=["status", *fields, "updated_at"])
        return before

    def lock(self) -> Review:
        """Re-read this review under SELECT FOR UPDATE. Caller must be inside transaction.atomic.

        Only the review row is locked (`of=("self",)`), and as FOR NO KEY UPDATE: locking the
        joined story too, or blocking the FOR KEY SHARE that every insert referencing the review
        or story takes (events, highlights), would make actions wait on add_rewrite_version's
        story lock while it waits on theirs, and PostgreSQL would deadlock the two. Lockers
        still queue.
        """
        locking = Review.objects.select_for_update(of=("self",), no_key=True)
        related = ("story", "source", "rewrite")
        if not all(name in self._state.fields_cache for name in related):
            locked = locking.select_related(*related).get(pk=self.pk)
            locked.held_locked = True
            return locked
        # A review's story and versions never change (versions are immutable), so the ones
        # already loaded are as good as fresh ones; only the review row itself is re-read.
        locked = locking.get(pk=self.pk)
        for name in related:
            setattr(locked, name, getattr(self, name))
        locked.held_locked = True
        # The reviewers the caller's access check read: the same set the workflow checks again.
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "reviewers" in prefetched:
            locked.__dict__["_prefetched_objects_cache"] = {"reviewers": prefetched["reviewers"]}
        return locked


class FrozenOnceSigned(models.Model):
    """What belongs to a review (its findings, claims, comments) is frozen once it is signed off.

    The workflow already refuses every change to a closed review; this is the floor under it,
    for every other writer (the admin, a shell, a future view): a save or delete of an item of a
    signed-off review raises SignedReviewError.

    The review's status is read from the database (one primary-key read), unless the item
    comes with a review the caller holds locked (Review.lock()), whose status is current: the
    workflow hands over that one, and so pays nothing for the check.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.check_not_signed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.check_not_signed()
        return super().delete(*args, **kwargs)

    def check_not_signed(self) -> None:
        """Raise SignedReviewError if this item's review is signed off."""
        # Every concrete subclass has a `review` foreign key (the abstract base declares none).
        review_id = getattr(self, "review_id", None)
        if review_id is None:
            return
        cached = self._state.fields_cache.get("review")
        if cached is not None and cached.held_locked:
            signed = cached.status == ReviewStatus.SIGNED_OFF
        else:
            signed = Review.objects.filter(pk=review_id, status=ReviewStatus.SIGNED_OFF).exists()
        if signed:
            raise SignedReviewError(
                f"Review {review_id} is signed off: nothing of it can be changed."
            )


class AnchoredSpan(FrozenOnceSigned):
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
    # Carried over from the previous rewrite version's review (workflow/versions.py): the item
    # it continues, how the edit changed its text, and the version whose edit removed it.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    anchor_score = models.FloatField(
        null=True, blank=True, help_text="How close the reworded text is to the old (0-100)."
    )
    previous_quote = models.TextField(
        blank=True, help_text="The wording on the earlier version, when the edit changed it."
    )
    edit_diff = models.JSONField(
        null=True, blank=True, help_text="The passage before and after the edit: [op, text]."
    )
    removed_in = models.PositiveIntegerField(
        null=True, blank=True, help_text="The rewrite version whose edit deleted this text."
    )

    class Meta:
        abstract = True

    @property
    def in_text(self) -> bool:
        """Whether the item is on the text at all: an orphaned one is never drawn."""
        return self.anchor_state != AnchorState.ORPHANED

    # What a copy onto another review does not take: its identity, and the engine's key for the
    # finding in that review (the engine keys findings per review, so a copy has none).
    # A copy continues its original (carried_from), not the original's own original.
    NOT_COPIED = frozenset({"id", "review", "created_at", "engine_key", "carried_from"})

    def copy_to(self, review: Review, **changes: Any) -> Self:
        """An unsaved copy of this span's record on another review, with `changes` applied;
        the copy records that it continues this one."""
        values = {
            f.attname: getattr(self, f.attname)
            for f in self._meta.concrete_fields
            if f.name not in self.NOT_COPIED
        }
        return type(self)(review=review, carried_from_id=self.pk, **(values | changes))

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

    Status = HighlightStatus

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
    # What was fixed, said when resolving: a resolved finding says how it was settled.
    resolution_note = models.TextField(blank=True)
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
        indexes = [
            models.Index(fields=["review", "status"]),
            # Numbering counts a review's items still in the text (InTextMixin) per row shown:
            # this index answers those counts without reading the rows.
            models.Index(fields=["review", "anchor_state"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.severity}) on {self.side}: {self.quote[:40]}"

    @property
    def other_side(self) -> str:
        return Side.REWRITE if self.side == Side.SOURCE else Side.SOURCE

    # action: (the statuses it may start from, the status it leads to)
    TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
        "accept": ((HighlightStatus.SUGGESTED,), HighlightStatus.OPEN),
        "resolve": ((HighlightStatus.OPEN, HighlightStatus.SUGGESTED), HighlightStatus.RESOLVED),
        "dismiss": ((HighlightStatus.OPEN, HighlightStatus.SUGGESTED), HighlightStatus.DISMISSED),
        "reopen": ((HighlightStatus.RESOLVED, HighlightStatus.DISMISSED), HighlightStatus.OPEN),
    }

    def state(self) -> dict[str, str]:
        """What the audit log records before and after a change."""
        return {"status": self.status, "category": self.category, "severity": self.severity}

    def can(self, action: str) -> bool:
        """Whether the action (accept, resolve, dismiss, reopen) applies from this status."""
        return self.status in self.TRANSITIONS[action][0]

    def apply(self, action: str, *, user: User, reason: str = "") -> None:
        """Move to the action's status and save. Caller holds the row lock and checked can().

        A dismissal keeps its reason: a dismissed finding says why it was not a problem; a
        resolution keeps its note: a resolved finding says what was fixed. Reopening clears both,
        as they no longer describe the finding (the audit log keeps them).
        """
        self.status = self.TRANSITIONS[action][1]
        self.status_changed_by = user
        self.status_changed_at = timezone.now()
        fields = ["status", "status_changed_by", "status_changed_at"]
        if action == "dismiss":
            self.dismiss_reason = reason
            fields.append("dismiss_reason")
        elif action == "resolve":
            self.resolution_note = reason
            fields.append("resolution_note")
        elif action == "reopen":
            self.dismiss_reason = self.resolution_note = ""
            fields += ["dismiss_reason", "resolution_note"]
        self.save(update_fields=fields)


class Claim(AnchoredSpan):
    """A checkable statement in the rewrite, with a verdict backed by evidence."""

    Verdict = Verdict

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
                condition=~models.Q(verdict=Verdict.VERIFIED)
                | ~models.Q(evidence_url="")
                | models.Q(evidence_start__isnull=False),
                name="verified_claim_has_evidence",
            ),
            models.CheckConstraint(
                condition=~models.Q(verdict=Verdict.DISPUTED) | ~models.Q(verdict_note=""),
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
        indexes = [
            models.Index(fields=["review", "verdict"]),
            models.Index(fields=["review", "anchor_state"]),
        ]

    def __str__(self) -> str:
        return f"Claim ({self.verdict}): {self.quote[:50]}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_url) or self.evidence_start is not None

    def state(self) -> dict[str, str]:
        """What the audit log records before and after a verdict."""
        return {
            "verdict": self.verdict,
            "note": self.verdict_note,
            "evidence_url": self.evidence_url,
            "evidence_quote": self.evidence_quote,
        }

    def record_verdict(
        self,
        verdict: str,
        *,
        user: User,
        note: str,
        evidence_url: str = "",
        evidence: tuple[int, int, str] | None = None,
    ) -> None:
        """Set the verdict and save. Caller holds the row lock and checked the evidence rules.

        A verified claim's evidence is replaced by what is given (a source span as start, end,
        quote, or a URL); other verdicts leave the evidence a person gave earlier as it was.
        """
        self.verdict = verdict
        self.verdict_by = user
        self.verdict_at = timezone.now()
        self.verdict_note = note
        if verdict == Verdict.VERIFIED:
            self.evidence_url = evidence_url
            self.evidence_start, self.evidence_end, self.evidence_quote = evidence or (
                None,
                None,
                "",
            )
        self.save(
            update_fields=[
                "verdict",
                "verdict_by",
                "verdict_at",
                "verdict_note",
                "evidence_url",
                "evidence_start",
                "evidence_end",
                "evidence_quote",
            ]
        )


class Comment(FrozenOnceSigned):
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
    # The comment on the previous version's review this one carries over (workflow/versions.py):
    # the conversation travels with the work, kept as it was written, and read-only.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )

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

    @property
    def version(self) -> str:
        """What an edit form carries to say which text it was based on (see comment_version)."""
        return comment_version(self.created_at, self.edited_at)


def comment_version(created_at: datetime, edited_at: datetime | None) -> str:
    """A comment's version: when its text was last written, to the microsecond, in UTC.

    An edit form carries it so that a save from a stale tab is refused rather than silently
    overwriting a newer edit. A function of the two columns, so that pages reading comments as
    plain rows can compute it too.
    """
    return (edited_at or created_at).astimezone(UTC).strftime("%Y%m%dT%H%M%S.%f")
