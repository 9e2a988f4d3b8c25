"""Stories and their versions.

A StoryVersion is immutable once saved: its body is what reviewers anchored highlights to and what
sign-offs hashed, so an edit always creates a new version instead.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.text import slugify

from newsdesk.text import normalise_text, same_text, sha256_hex

# Slugs that would collide with fixed URLs under /stories/.
RESERVED_SLUGS = frozenset({"new"})
# Numbered slugs tried when racing requests file the same title, before a random suffix.
SLUG_ATTEMPTS = 20


class ImmutableVersionError(Exception):
    """Raised on any attempt to change or delete a saved StoryVersion."""


class StoryQuerySet(models.QuerySet["Story"]):
    def search(self, text: str) -> StoryQuerySet:
        """Stories whose title, slug or desk contains text."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(title__icontains=text)
            | models.Q(slug__icontains=text)
            | models.Q(desk__icontains=text)
        )


class StoryVersionQuerySet(models.QuerySet["StoryVersion"]):
    """Versions are insert-only, in bulk as one by one.

    `update()` is the one deliberate bypass of immutability (data migrations need it); nothing in
    the app calls it on versions. Deleting a whole Story still cascades to its versions.
    """

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for version in objs:
            version.body = normalise_text(version.body)
            version.sha256 = sha256_hex(version.body)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        raise ImmutableVersionError("story versions are immutable; create a new version")

    def delete(self):
        raise ImmutableVersionError("story versions are never deleted one by one")

    delete.queryset_only = True  # type: ignore[attr-defined]


class Story(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    desk = models.CharField(max_length=60, blank=True, help_text="Desk or section, e.g. World.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stories_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = self.unique_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("story_detail", args=[self.slug])

    @classmethod
    def unique_slug(cls, title: str) -> str:
        """A slug from the title, suffixed with a number when it is taken or reserved."""
        base = slugify(title)[:200] or "story"
        slug, n = base, 1
        while slug in RESERVED_SLUGS or cls.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def insert_with_unique_slug(self) -> None:
        """Insert a new story under a free slug, however many requests file the same title.

        The unique constraint on slug is the arbiter: when a racing request took the slug
        between the check and the insert, pick the next free one and try again. Every failed
        attempt means another story got in, so sequential suffixes run out only when many
        requests race; after SLUG_ATTEMPTS a random suffix ends the contest. Caller must be
        inside transaction.atomic (each attempt is a savepoint).
        """
        title = self.title
        for attempt in range(SLUG_ATTEMPTS + 1):
            if not self.slug:
                self.slug = self.unique_slug(title)
            if attempt == SLUG_ATTEMPTS:
                self.slug = f"{self.slug[:200]}-{secrets.token_hex(4)}"
            try:
                with transaction.atomic():
                    self.save(force_insert=True)
                return
            except IntegrityError:
                if attempt == SLUG_ATTEMPTS:
                    raise
                self.pk, self.slug = None, ""
                self._state.adding = True

    def current_review(self) -> Any:
        """The newest review that is not superseded (None before any rewrite).

        A reviews.Review, typed loosely: reviews is built on newsdesk and imports it, so newsdesk
        never imports reviews, not even for a type.
        """
        return self.reviews.current().order_by("-pk").first()

    @property
    def status(self) -> str:
        """Derived from the reviews: the current review's status, or "draft" without one."""
        review = self.current_review()
        return review.status if review else "draft"


class StoryVersion(models.Model):
    class Role(models.TextChoices):
        SOURCE = "source", "Source"
        REWRITE = "rewrite", "Rewrite"

    class Origin(models.TextChoices):
        WIRE = "wire", "Wire"
        AI = "ai", "AI"
        STAFF = "staff", "Staff"
        IMPORT = "import", "Import"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    role = models.CharField(max_length=10, choices=Role.choices)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derived"
    )
    headline = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    origin = models.CharField(max_length=10, choices=Origin.choices)
    origin_detail = models.CharField(
        max_length=200, blank=True, help_text="Agency, writer, or AI model name."
    )
    dateline = models.CharField(max_length=120, blank=True)
    prompt = models.TextField(blank=True, help_text="For an AI rewrite: the prompt used.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="versions"
    )
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StoryVersionQuerySet.as_manager()

    class Meta:
        ordering = ["story", "number"]
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="unique_version_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="version_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["source", "rewrite"]), name="version_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.story} v{self.number} ({self.role})"

    def save(self, *args, **kwargs) -> None:
        """Insert only: a saved version never changes (an edit creates a new version)."""
        if self.pk is not None and not self._state.adding:
            raise ImmutableVersionError("story versions are immutable; create a new version")
        self.body = normalise_text(self.body)
        self.sha256 = sha256_hex(self.body)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableVersionError("story versions are never deleted one by one")

    def clean(self) -> None:
        self.body = normalise_text(self.body)
        if not self.body.strip():
            raise ValidationError({"body": "The text is empty."})
        limit = settings.NEWSDESK_MAX_BODY_CHARS
        if len(self.body) > limit:
            raise ValidationError(
                {"body": f"The text is {len(self.body):,} characters; the limit is {limit:,}."}
            )

    def has_text(self, body: str) -> bool:
        """Whether body, once normalised as stored, is this version's text (so saving it would
        change nothing)."""
        return same_text(self.body, body)

    @property
    def word_count(self) -> int:
        return len(self.body.split())
