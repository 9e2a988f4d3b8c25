"""Admin for reviews and everything in them.

The admin is for looking, and for small corrections that leave an audit entry (and show on the
review's fidelity record); nothing of a signed-off review can be changed here. Workflow state
(statuses, verdicts, spans, assignments) changes only through reviews/workflow.py, so it is
read-only here; sign-offs and audit events cannot be added, changed or deleted at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from reviews.models import (
    Claim,
    Comment,
    Event,
    Highlight,
    Notification,
    NotificationPreference,
    Review,
    SignOff,
)
from reviews.workflow import record_event


class NoAddDeleteMixin:
    """Records created by the workflow: never added or deleted from the admin."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyMixin(NoAddDeleteMixin):
    """Append-only or workflow-owned records: viewable, never edited."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# The mixins go before admin.ModelAdmin in their subclasses' bases; a type checker sees them as one.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


class FrozenOnceSignedMixin(_AdminBase):
    """An item of a signed-off review is shown read-only, and a change posted anyway is refused
    on the server (Django's admin answers 403 without change permission); the model refuses the
    save too (FrozenOnceSigned)."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.review.status == Review.Status.SIGNED_OFF:
            return False
        return super().has_change_permission(request, obj)


class AuditedChangeMixin(_AdminBase):
    """Log every admin edit in the audit trail, with the fields that changed."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        review = obj if isinstance(obj, Review) else obj.review
        record_event(
            actor=request.user,
            verb="admin.changed",
            obj=obj,
            story=review.story,
            review=review,
            after={field: str(form.cleaned_data.get(field)) for field in form.changed_data},
        )


class HighlightInline(ReadOnlyMixin, admin.TabularInline):
    model = Highlight
    fields = ("side", "quote", "category", "severity", "status", "origin", "author")
    readonly_fields = fields
    extra = 0
    show_change_link = True


class ClaimInline(ReadOnlyMixin, admin.TabularInline):
    model = Claim
    fields = ("quote", "verdict", "verdict_by", "verdict_at", "evidence_quote", "evidence_url")
    readonly_fields = fields
    extra = 0
    show_change_link = True


class CommentInline(ReadOnlyMixin, admin.TabularInline):
    model = Comment
    fields = ("author", "body", "highlight", "claim", "resolved", "created_at")
    readonly_fields = fields
    extra = 0
    show_change_link = True


class SignOffInline(ReadOnlyMixin, admin.TabularInline):
    model = SignOff
    fields = ("user", "role", "version", "sha256", "statement", "override", "created_at")
    readonly_fields = fields
    extra = 0


@admin.register(Review)
class ReviewAdmin(NoAddDeleteMixin, admin.ModelAdmin):
    list_display = ("pk", "story", "rewrite", "status", "analysis_status", "created_at")
    list_filter = ("status", "analysis_status", "created_at")
    search_fields = ("story__title", "story__slug")
    list_select_related = ("story", "rewrite__story")
    readonly_fields = (
        "story",
        "source",
        "rewrite",
        "status",
        "reviewers",
        "superseded_by",
        "created_by",
        "created_at",
        "updated_at",
        "analysis_status",
        "analysis_error",
        "analysed_at",
    )
    fields = readonly_fields
    inlines = [HighlightInline, ClaimInline, CommentInline, SignOffInline]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Highlight)
class HighlightAdmin(FrozenOnceSignedMixin, AuditedChangeMixin, NoAddDeleteMixin, admin.ModelAdmin):
    list_display = ("pk", "review", "side", "category", "severity", "status", "origin", "author")
    list_filter = ("status", "severity", "category", "origin", "side", "anchor_state")
    search_fields = ("quote", "note", "message", "review__story__title")
    list_select_related = ("review__story", "review__rewrite", "author")
    raw_id_fields = ("review",)
    # Only the free-text note is editable; the state belongs to the workflow.
    readonly_fields = (
        "review",
        "side",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "anchor_state",
        "other_start",
        "other_end",
        "other_quote",
        "category",
        "severity",
        "status",
        "origin",
        "author",
        "message",
        "confidence",
        "engine_key",
        "dismiss_reason",
        "resolution_note",
        "status_changed_by",
        "status_changed_at",
        "created_at",
    )


@admin.register(Claim)
class ClaimAdmin(FrozenOnceSignedMixin, AuditedChangeMixin, NoAddDeleteMixin, admin.ModelAdmin):
    list_display = ("pk", "review", "short_quote", "verdict", "verdict_by", "verdict_at", "origin")
    list_filter = ("verdict", "origin", "anchor_state")
    search_fields = ("quote", "verdict_note", "evidence_quote", "evidence_url")
    list_select_related = ("review__story", "review__rewrite", "verdict_by")
    # Only what the claim is about (kinds) is editable; verdicts go through the workflow.
    readonly_fields = (
        "review",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "anchor_state",
        "origin",
        "created_by",
        "created_at",
        "verdict",
        "verdict_by",
        "verdict_at",
        "verdict_note",
        "evidence_start",
        "evidence_end",
        "evidence_quote",
        "evidence_url",
        "support_start",
        "support_end",
        "engine_key",
    )

    @admin.display(description="Claim")
    def short_quote(self, obj: Claim) -> str:
        return obj.quote[:80]


@admin.register(Comment)
class CommentAdmin(FrozenOnceSignedMixin, AuditedChangeMixin, NoAddDeleteMixin, admin.ModelAdmin):
    list_display = ("pk", "review", "author", "short_body", "resolved", "created_at")
    list_filter = ("resolved", "created_at")
    search_fields = ("body", "author__username")
    list_select_related = ("review__story", "review__rewrite", "author")
    # Moderation: the body can be corrected (and the edit is logged); nothing else.
    readonly_fields = (
        "review",
        "highlight",
        "claim",
        "parent",
        "author",
        "created_at",
        "edited_at",
        "resolved",
        "resolved_by",
        "resolved_at",
    )

    @admin.display(description="Comment")
    def short_body(self, obj: Comment) -> str:
        return obj.body[:80]


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("review", "user", "role", "version", "short_hash", "override", "created_at")
    list_filter = ("role", "override", "created_at")
    search_fields = ("user__username", "sha256", "statement", "review__story__title")
    list_select_related = ("review__story", "review__rewrite", "user", "version__story")

    @admin.display(description="SHA-256")
    def short_hash(self, obj: SignOff) -> str:
        return obj.sha256[:12]


@admin.register(Event)
class EventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("created_at", "actor", "verb", "object_type", "object_id", "story", "review")
    list_filter = ("verb", "object_type", "created_at")
    search_fields = ("verb", "message", "actor__username", "story__title")
    list_select_related = ("actor", "story", "review__story", "review__rewrite")
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "review", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username", "message")
    list_select_related = ("recipient", "review__rewrite__story")
    raw_id_fields = ("recipient", "actor", "event", "review", "highlight", "claim", "comment")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "email", "updated_at")
    list_select_related = ("user",)
