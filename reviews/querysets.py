"""Read rules for reviews, as QuerySet methods."""

from __future__ import annotations

from django.db import models

from reviews.choices import (
    AnchorState,
    Category,
    HighlightStatus,
    Origin,
    ReviewStatus,
    Severity,
    Verdict,
)

BLOCKING_SEVERITIES = (Severity.CRITICAL, Severity.MAJOR)
UNSETTLED_HIGHLIGHT_STATUSES = (HighlightStatus.SUGGESTED, HighlightStatus.OPEN)
SETTLED_HIGHLIGHT_STATUSES = (HighlightStatus.RESOLVED, HighlightStatus.DISMISSED)
UNSETTLED_VERDICTS = (Verdict.PENDING, Verdict.DISPUTED)
CLOSED_REVIEW_STATUSES = (ReviewStatus.SIGNED_OFF, ReviewStatus.SUPERSEDED)
# Risk order: severity first, then the categories a reader is most misled by.
SEVERITY_ORDER = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)
RISKY_CATEGORIES = (Category.NUMBER, Category.QUOTE, Category.ATTRIBUTION, Category.ENTITY)


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


# Carried items an edit orphaned (their text is gone), as a filter: the items still in the text.
IN_TEXT = ~models.Q(anchor_state=AnchorState.ORPHANED)


class InTextMixin:
    """Carried items whose text a later edit deleted are orphaned: kept for the record, never
    drawn on the text, numbered or counted with the items that are."""

    def in_text(self):
        return self.filter(IN_TEXT)

    def no_longer_in_text(self):
        return self.filter(anchor_state=AnchorState.ORPHANED)


class ReviewQuerySet(models.QuerySet):
    def current(self) -> ReviewQuerySet:
        """Reviews that have not been superseded by a newer rewrite."""
        return self.exclude(status=ReviewStatus.SUPERSEDED)

    def open(self) -> ReviewQuerySet:
        """Reviews that still take changes: neither signed off nor superseded."""
        return self.exclude(status__in=CLOSED_REVIEW_STATUSES)


class HighlightQuerySet(InTextMixin, models.QuerySet):
    def unsettled(self) -> HighlightQuerySet:
        """Suggested or open: nobody has resolved or dismissed them yet."""
        return self.filter(status__in=UNSETTLED_HIGHLIGHT_STATUSES)

    def engine_suggestions(self) -> HighlightQuerySet:
        """The engine's findings nobody has accepted, resolved or dismissed yet."""
        return self.filter(origin=Origin.ENGINE, status=HighlightStatus.SUGGESTED)

    def blocking(self) -> HighlightQuerySet:
        """Unsettled and severe enough to hold up sign-off."""
        return self.unsettled().filter(severity__in=BLOCKING_SEVERITIES)

    def by_risk(self) -> HighlightQuerySet:
        """Most dangerous first: severity, then risky categories, then position."""
        return self.annotate(
            severity_rank=models.Case(
                *(models.When(severity=s, then=i) for i, s in enumerate(SEVERITY_ORDER[:-1])),
                default=len(SEVERITY_ORDER) - 1,
            ),
            category_rank=models.Case(
                *(models.When(category=c, then=i) for i, c in enumerate(RISKY_CATEGORIES)),
                default=len(RISKY_CATEGORIES),
            ),
        ).order_by("severity_rank", "category_rank", "side", "start", "pk")


def risk_order(severity: str, category: str, side: str, start: int, pk: int) -> tuple:
    """HighlightQuerySet.by_risk's sort key, for highlights already loaded."""
    severity_rank = (
        SEVERITY_ORDER.index(severity)
        if severity in SEVERITY_ORDER[:-1]
        else len(SEVERITY_ORDER) - 1
    )
    category_rank = (
        RISKY_CATEGORIES.index(category) if category in RISKY_CATEGORIES else len(RISKY_CATEGORIES)
    )
    return severity_rank, category_rank, side, start, pk


class ClaimQuerySet(InTextMixin, models.QuerySet):
    def unsettled(self) -> ClaimQuerySet:
        """Pending or disputed: each one holds up sign-off."""
        return self.filter(verdict__in=UNSETTLED_VERDICTS)
