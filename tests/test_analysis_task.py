"""The comparison engine as a background task: suggestions stored once, failures recorded.

The engine itself (reviews/analysis/) is tested elsewhere; here it is the boundary, and only
`reviews.analysis.compare` is replaced where a test needs it to fail or misbehave.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

import reviews.analysis
from reviews import tasks, workflow
from reviews.analysis import ClaimCandidate, Finding, Report
from reviews.models import Claim, Event, Highlight, Review
from reviews.workflow import VersionInput
from tests.factories import REWRITE_BODY, SOURCE_BODY, ReviewFactory
from tests.seeds import seed_pair

pytestmark = pytest.mark.django_db


def _create(editor, source: str = SOURCE_BODY, rewrite: str = REWRITE_BODY, reviewers=()):
    _, review = workflow.create_story(
        user=editor,
        title="Pool closes",
        desk="Local",
        source=VersionInput(body=source, origin="wire"),
        rewrite=VersionInput(body=rewrite, origin="ai"),
        reviewers=reviewers,
    )
    return review


def _fail(*args, **kwargs):
    raise RuntimeError("engine exploded")


def _counts(review) -> tuple[int, int]:
    return review.highlights.count(), review.claims.count()


# --- Through the immediate backend, on commit -----------------------------------------------


def test_new_story_gets_engine_suggestions_and_claims(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review = _create(editor)
    review.refresh_from_db()
    assert review.analysis_status == "done"
    assert review.analysed_at is not None
    highlights = list(review.highlights.all())
    assert highlights
    assert {(h.origin, h.status) for h in highlights} == {("engine", "suggested")}
    assert all(h.engine_key and h.message for h in highlights)
    assert any(h.category == "number" and h.side == "rewrite" for h in highlights)
    assert any(h.category == "omission" and h.side == "source" for h in highlights)
    for h in highlights:
        text = review.rewrite.body if h.side == "rewrite" else review.source.body
        h.check_span(text)
    claims = list(review.claims.all())
    assert claims
    assert {(c.origin, c.verdict) for c in claims} == {("engine", "pending")}
    assert any(c.support_start is not None for c in claims)
    for c in claims:
        c.check_span(review.rewrite.body)
        if c.support_start is not None:
            assert 0 <= c.support_start < c.support_end <= len(review.source.body)
    done = Event.objects.get(verb="analysis.done", review=review)
    assert done.after["new_findings"] == len(highlights)
    assert done.after["new_claims"] == len(claims)


def test_nothing_is_analysed_before_the_story_commits(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review = _create(editor)
    assert len(callbacks) == 1
    assert review.highlights.count() == 0
    assert Review.objects.get(pk=review.pk).analysis_status == "none"


def test_rerunning_the_engine_never_duplicates(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review = _create(editor)
    before = _counts(review)
    assert workflow.run_analysis(review.pk) == 0
    tasks.analyse_review.enqueue(review.pk)
    assert _counts(review) == before
    assert Event.objects.filter(verb="analysis.done", review=review).count() == 3


def test_rerunning_the_engine_keeps_reviewers_decisions(
    editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = _create(editor, reviewers=[reviewer])
    first, second = review.highlights.order_by("pk")[:2]
    workflow.set_highlight_status(highlight=first, user=reviewer, action="accept")
    workflow.set_highlight_status(highlight=second, user=reviewer, action="dismiss", reason="ok")
    claim = review.claims.order_by("pk").first()
    workflow.set_verdict(claim=claim, user=reviewer, verdict="disputed", note="Not in source")
    before = _counts(review)
    workflow.run_analysis(review.pk)
    assert _counts(review) == before
    first.refresh_from_db()
    second.refresh_from_db()
    claim.refresh_from_db()
    assert (first.status, second.status, claim.verdict) == ("open", "dismissed", "disputed")


def test_failing_engine_marks_the_review_failed_and_logs_it(
    editor, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(reviews.analysis, "compare", _fail)
    with django_capture_on_commit_callbacks(execute=True):
        review = _create(editor)
    review.refresh_from_db()
    assert review.analysis_status == "failed"
    assert review.analysis_error == "RuntimeError: engine exploded"
    assert _counts(review) == (0, 0)
    event = Event.objects.get(verb="analysis.failed", review=review)
    assert event.message == "RuntimeError: engine exploded"
    assert event.actor is None


def test_retry_after_a_failure_stores_the_findings(
    editor, reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(reviews.analysis, "compare", _fail)
    with django_capture_on_commit_callbacks(execute=True):
        review = _create(editor, reviewers=[reviewer])
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.retry_analysis(review=review, user=reviewer)
    review.refresh_from_db()
    assert (review.analysis_status, review.analysis_error) == ("done", "")
    assert review.highlights.exists()
    assert Event.objects.filter(verb="analysis.requested", actor=reviewer).count() == 1


def test_a_storage_failure_also_marks_the_review_failed(
    editor, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Highlight.objects, "bulk_create", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        review = _create(editor)
    review.refresh_from_db()
    assert (review.analysis_status, review.analysis_error) == ("failed", "RuntimeError: disk full")
    assert review.claims.count() == 0  # the half-stored report was rolled back


def test_engine_spans_outside_the_text_are_skipped(editor, monkeypatch):
    review = ReviewFactory(story__created_by=editor)
    n = len(review.rewrite.body)
    report = Report(
        findings=[
            Finding("number", "critical", (n - 2, n + 10), None, "past the end", 0.9),
            Finding("number", "critical", (5, 5), None, "empty", 0.9),
            Finding("made-up", "dire", (0, 3), (4, 4), "odd labels, empty source span", 0.5),
        ],
        claims=[
            ClaimCandidate((0, n + 1), None, ("number",), "too long"),
            ClaimCandidate((0, 3), (7, 7), ("number",), "The"),
        ],
    )
    monkeypatch.setattr(reviews.analysis, "compare", lambda source, rewrite: report)
    assert workflow.run_analysis(review.pk) == 2
    h = review.highlights.get()
    assert (h.start, h.end, h.category, h.severity) == (0, 3, "other", "major")
    assert (h.other_start, h.other_end) == (None, None)
    c = review.claims.get()
    assert (c.start, c.end, c.support_start) == (0, 3, None)
    review.refresh_from_db()
    assert review.analysis_status == "done"


@pytest.mark.parametrize("status", ["superseded", "signed_off"])
def test_closed_reviews_are_not_analysed(editor, status):
    review = ReviewFactory(story__created_by=editor)
    Review.objects.filter(pk=review.pk).update(status=status)
    assert workflow.run_analysis(review.pk) == 0
    tasks.enqueue_analysis(review.pk)
    review.refresh_from_db()
    assert review.analysis_status == "none"
    assert _counts(review) == (0, 0)
    assert not Event.objects.filter(verb__startswith="analysis.").exists()


def test_a_review_closed_while_the_engine_ran_gets_nothing(editor, monkeypatch):
    review = ReviewFactory(story__created_by=editor)
    real_compare = reviews.analysis.compare

    def compare_then_supersede(source, rewrite):
        Review.objects.filter(pk=review.pk).update(status="superseded")
        return real_compare(source, rewrite)

    monkeypatch.setattr(reviews.analysis, "compare", compare_then_supersede)
    assert workflow.run_analysis(review.pk) == 0
    assert _counts(review) == (0, 0)


def test_new_version_is_analysed_without_re_suggesting_dismissed_findings(
    editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = _create(editor, reviewers=[reviewer])
    swimmers = "The closure is expected to anger local swimmers."
    added = review.highlights.get(quote=swimmers, category="unsupported")
    workflow.set_highlight_status(highlight=added, user=reviewer, action="dismiss")
    with django_capture_on_commit_callbacks(execute=True):
        new = workflow.add_rewrite_version(
            story=review.story,
            user=editor,
            data=VersionInput(body="UPDATE: " + REWRITE_BODY, origin="staff"),
        )
    new.refresh_from_db()
    assert new.analysis_status == "done"
    carried = new.highlights.get(quote=swimmers)
    assert (carried.status, carried.anchor_state) == ("dismissed", "moved")
    assert new.highlights.filter(status="suggested").exists()
    review.refresh_from_db()
    assert review.status == "superseded"


# --- The seed pair ---------------------------------------------------------------------------


@pytest.fixture
def seed_review(editor, django_capture_on_commit_callbacks):
    source, rewrite = seed_pair()
    with django_capture_on_commit_callbacks(execute=True):
        return _create(editor, source=source, rewrite=rewrite)


def test_seed_pair_flags_the_invented_death_toll(seed_review):
    nineteen = seed_review.highlights.filter(side="rewrite", quote="19", category="number")
    assert nineteen.count() == 2
    assert set(nineteen.values_list("severity", flat=True)) == {"critical"}
    assert all("six" in (h.other_quote or h.message) for h in nineteen)


def test_seed_pair_flags_the_invented_israel_claim(seed_review):
    invented = [h for h in seed_review.highlights.filter(side="rewrite") if "by Israel" in h.quote]
    assert invented
    assert invented[0].severity in ("critical", "major")


def test_seed_pair_flags_the_dropped_hezbollah_fact_on_the_source(seed_review):
    dropped = seed_review.highlights.filter(
        side="source", category="omission", quote__contains="Four of the killed were from Lebanon"
    )
    assert dropped.count() == 1
    assert dropped.get().severity in ("critical", "major")


def test_seed_pair_has_claims_with_support(seed_review):
    claims = seed_review.claims.all()
    assert claims.count() >= 5
    supported = [c for c in claims if c.support_start is not None]
    assert supported
    source = seed_review.source.body
    assert all(0 <= c.support_start < c.support_end <= len(source) for c in supported)


# --- Through the database backend and its worker --------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_backend_queues_the_analysis_until_a_worker_runs_it(editor, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    review = _create(editor)  # autocommit: the on-commit hook enqueues at once
    review.refresh_from_db()
    assert review.analysis_status == "pending"
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs["args"] == [review.pk]
    assert _counts(review) == (0, 0)

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    review.refresh_from_db()
    assert review.analysis_status == "done"
    assert review.highlights.filter(origin="engine", status="suggested").exists()
    assert Claim.objects.filter(review=review, origin="engine").exists()
    assert queued.return_value == sum(_counts(review))
