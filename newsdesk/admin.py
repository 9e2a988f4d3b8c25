"""Admin for stories and their versions.

A StoryVersion can be added here but never changed or deleted (its body is what reviewers anchored
to and signers hashed), and a Story is never deleted, since that would take its versions with it.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from newsdesk.http import signed_in
from newsdesk.models import Story, StoryVersion
from reviews.audit import record_event


class StoryVersionInline(admin.TabularInline):
    model = StoryVersion
    fk_name = "story"
    fields = ("number", "role", "origin", "origin_detail", "author", "sha256", "created_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ("number",)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "desk", "slug", "created_by", "created_at")
    list_filter = ("desk", "created_at")
    search_fields = ("title", "slug", "desk")
    list_select_related = ("created_by",)
    readonly_fields = ("slug", "created_by", "created_at")
    fields = ("title", "desk", "slug", "created_by", "created_at")
    inlines = [StoryVersionInline]
    date_hierarchy = "created_at"

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Story, form, change: bool) -> None:
        """Save, and log the change in the audit trail like every other write."""
        if not change:
            obj.created_by = signed_in(request)
        super().save_model(request, obj, form, change)
        record_event(
            actor=request.user,
            verb="admin.changed" if change else "admin.created",
            obj=obj,
            story=obj,
            after={field: str(form.cleaned_data.get(field)) for field in form.changed_data},
        )


@admin.register(StoryVersion)
class StoryVersionAdmin(admin.ModelAdmin):
    list_display = ("story", "number", "role", "origin", "origin_detail", "author", "created_at")
    list_filter = ("role", "origin", "created_at")
    search_fields = ("story__title", "origin_detail", "headline", "sha256")
    list_select_related = ("story", "author")
    raw_id_fields = ("story", "based_on", "author")
    add_fields = (
        "story",
        "number",
        "role",
        "based_on",
        "headline",
        "body",
        "origin",
        "origin_detail",
        "dateline",
        "prompt",
    )

    def get_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return self.add_fields
        return (*self.add_fields, "author", "sha256", "created_at")

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        """Everything is read-only once the version exists."""
        if obj is None:
            return ()
        return self.get_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: StoryVersion, form, change: bool) -> None:
        """Insert the version (StoryVersion.save refuses updates) as the admin's, and log it."""
        obj.author = signed_in(request)
        super().save_model(request, obj, form, change)
        record_event(
            actor=request.user,
            verb="version.created",
            obj=obj,
            story=obj.story,
            after={"number": obj.number, "role": obj.role, "sha256": obj.sha256},
            message="Added in the admin.",
        )
