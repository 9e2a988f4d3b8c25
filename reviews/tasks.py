"""Background work: running the comparison engine on a review and storing its report.

With the immediate backend (the default) the task runs in the request that enqueued it; with
NEWSDESK_TASKS=database it waits for `manage.py db_worker`. Tasks take ids, not instances.

The engine's entry point (`run_analysis`) lives here, beside the task that calls it, and needs
nothing from reviews/workflow: the workflow queues the task, so the import goes one way only.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

import reviews.analysis
from reviews import anchoring, leases
from reviews.audit import record_event
from reviews.models import Category, Claim, Highlight, Origin, Review, Severity, Side

logger = logging.getLogger(__name__)


def enqueue_analysis(review_pk: int) -> None:
    """Mark the review as queued for analysis and queue the engine task.

    Closed reviews (signed off, superseded) are left alone: they are never analysed, and
    marking them queued would leave them showing "Queued" forever.
    """
    queued = (
        Review.objects.filter(pk=review_pk).open().update(analysis_status=Review.Analysis.PENDING)
    )
    if queued:
        analyse_review.enqueue(review_pk)


@task()
def analyse_review(review_pk: int) -> int:
    """Run the comparison engine on a review and store its findings; returns how many."""
    return run_analysis(review_pk)


def retry_analysis(review_pk: int) -> None:
    """Queue the engine again (after a failure, or on demand), once the transaction commits."""
    transaction.on_commit(lambda: enqueue_analysis(review_pk))


def _engine_key(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:40]


def _valid_span(span, text: str) -> tuple[int, int] | None:
    """The engine's span as a (start, end) tuple if it is a non-empty span of text, else None."""
    if span is None:
        return None
    try:
        start, end = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return None
    return (start, end) if 0 <= start < end <= len(text) else None


def _analysis_failed(review: Review, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    Review.objects.filter(pk=review.pk).update(
        analysis_status=Review.Analysis.FAILED, analysis_error=error
    )
    with transaction.atomic():
        record_event(
            actor=None,
            verb="analysis.failed",
            obj=review,
            story=review.story,
            review=review,
            message=error,
        )


def run_analysis(review_pk: int) -> int:
    """Run the engine on a review and store its findings as suggestions; returns how many are new.

    Idempotent: findings and claims are keyed by what they say and where, so a re-run on the same
    version adds only what is new and never touches what reviewers already decided. Closed
    reviews (signed off, superseded) are never analysed: signed records never change. Any
    failure, in the engine or in storing its report, leaves the review `failed` with the error.
    """
    leases.expire_overdue()  # runs whose worker died are failed, not left running
    if not leases.start_run(review_pk):
        return 0
    review = Review.objects.select_related("story", "source", "rewrite").get(pk=review_pk)
    try:
        report = reviews.analysis.compare(review.source.body, review.rewrite.body)
        return _store_report(review, report)
    except Exception as exc:
        logger.exception("engine failed on review %s", review_pk)
        _analysis_failed(review, exc)
        return 0


def _same_place(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether start..end and one of spans share at least half of the shorter of the two."""
    for s, e in spans:
        shared = min(e, end) - max(s, start)
        if shared > 0 and 2 * shared >= min(e - s, end - start):
            return True
    return False


def _store_report(review: Review, report) -> int:
    source, rewrite = review.source.body, review.rewrite.body
    with transaction.atomic():
        review = review.lock()
        if review.is_closed:
            # Closed while the engine ran (a new version, a sign-off): store nothing.
            review.analysis_status = Review.Analysis.NONE
            review.save(update_fields=["analysis_status", "updated_at"])
            return 0
        existing_h = set(
            review.highlights.exclude(engine_key="").values_list("engine_key", flat=True)
        )
        # Carried-over decisions have no key; a finding of the same category over mostly the
        # same text is the same finding (an edit may have shifted or reworded its ends).
        placed_h: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for side, start, end, category in review.highlights.in_text().values_list(
            "side", "start", "end", "category"
        ):
            placed_h.setdefault((side, category), []).append((start, end))
        existing_c = set(review.claims.exclude(engine_key="").values_list("engine_key", flat=True))
        placed_c = list(review.claims.in_text().values_list("start", "end"))
        new_highlights, new_claims = [], []
        for f in report.findings:
            rs, ss = _valid_span(f.rewrite_span, rewrite), _valid_span(f.source_span, source)
            side, span, other = (Side.REWRITE, rs, ss) if rs else (Side.SOURCE, ss, None)
            if span is None:
                continue
            category = f.category if f.category in Category.values else Category.OTHER
            # An unknown severity is treated as blocking rather than silently waved through.
            severity = f.severity if f.severity in Severity.values else Severity.MAJOR
            text = rewrite if side == Side.REWRITE else source
            key = _engine_key(category, side, span, text[span[0] : span[1]], other)
            same_kind = placed_h.setdefault((side, category), [])
            if key in existing_h or _same_place(same_kind, *span):
                continue
            existing_h.add(key)
            same_kind.append(span)
            a = anchoring.make_anchor(text, span[0], span[1])
            new_highlights.append(
                Highlight(
                    review=review,
                    side=side,
                    **a.span_fields(),
                    category=category,
                    severity=severity,
                    status=Highlight.Status.SUGGESTED,
                    origin=Origin.ENGINE,
                    message=f.message,
                    confidence=f.confidence,
                    engine_key=key,
                    other_start=other[0] if other else None,
                    other_end=other[1] if other else None,
                    other_quote=source[other[0] : other[1]] if other else "",
                )
            )
        for c in report.claims:
            span = _valid_span(c.rewrite_span, rewrite)
            if span is None:
                continue
            s, e = span
            key = _engine_key("claim", s, e, rewrite[s:e])
            if key in existing_c or _same_place(placed_c, s, e):
                continue
            existing_c.add(key)
            placed_c.append((s, e))
            a = anchoring.make_anchor(rewrite, s, e)
            support = _valid_span(c.source_span, source)
            new_claims.append(
                Claim(
                    review=review,
                    **a.span_fields(),
                    origin=Origin.ENGINE,
                    kinds=",".join(c.kinds)[:100],
                    support_start=support[0] if support else None,
                    support_end=support[1] if support else None,
                    engine_key=key,
                )
            )
        Highlight.objects.bulk_create(new_highlights)
        Claim.objects.bulk_create(new_claims)
        review.analysis_status = Review.Analysis.DONE
        review.analysed_at = timezone.now()
        review.save(update_fields=["analysis_status", "analysed_at", "updated_at"])
        record_event(
            actor=None,
            verb="analysis.done",
            obj=review,
            story=review.story,
            review=review,
            after={
                "new_findings": len(new_highlights),
                "new_claims": len(new_claims),
                "findings": len(report.findings),
            },
        )
    return len(new_highlights) + len(new_claims)
