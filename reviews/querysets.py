"""Read rules for reviews, as QuerySet methods."""

from __future__ import annotations

from django.db import models

BLOCKING_SEVERITIES = ("critical", "major")
UNSETTLED_HIGHLIGHT_STATUSES = ("suggested", "open")
UNSETTLED_VERDICTS = ("pending", "disputed")


class AppendOnlyQuerySet(models.QuerySet):
    """For records that are written once (sign-offs, the audit log): no bulk change or delete.

    `update()` stays available as the one deliberate bypass (data migrations); the app never
    calls it on these models.
    """

    def bulk_update(self, objs, fields, *args, **kwargs):
        from reviews.models import ImmutableRecordError

        raise ImmutableRecordError(f"{self.model._meta.verbose_name_plural} are append-only")

    def delete(self):
        from reviews.models import ImmutableRecordError

        raise ImmutableRecordError(f"{self.model._meta.verbose_name_plural} are append-only")

    delete.queryset_only = True  # type: ignore[attr-defined]


class ReviewQuerySet(models.QuerySet):
    def current(self) -> ReviewQuerySet:
        """Reviews that have not been superseded by a newer rewrite."""
        return self.exclude(status="superseded")


class HighlightQuerySet(models.QuerySet):
    def unsettled(self) -> HighlightQuerySet:
        """Suggested or open: nobody has resolved or dismissed them yet."""
        return self.filter(status__in=UNSETTLED_HIGHLIGHT_STATUSES)

    def blocking(self) -> HighlightQuerySet:
        """Unsettled and severe enough to hold up sign-off."""
        return self.unsettled().filter(severity__in=BLOCKING_SEVERITIES)

    def by_risk(self) -> HighlightQuerySet:
        """Most dangerous first: severity, then risky categories, then position."""
        return self.annotate(
            severity_rank=models.Case(
                models.When(severity="critical", then=0),
                models.When(severity="major", then=1),
                default=2,
            ),
            category_rank=models.Case(
                models.When(category="number", then=0),
                models.When(category="quote", then=1),
                models.When(category="attribution", then=2),
                models.When(category="entity", then=3),
                default=4,
            ),
        ).order_by("severity_rank", "category_rank", "side", "start", "pk")


class ClaimQuerySet(models.QuerySet):
    def unsettled(self) -> ClaimQuerySet:
        return self.filter(verdict__in=UNSETTLED_VERDICTS)
