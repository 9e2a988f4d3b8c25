"""Analysis runs hold a lease: a run past its deadline is failed, with the reason, and retryable.

Rita is assigned to the review. The end-to-end test kills a real `db_worker` process mid-run
(PostgreSQL: the worker is another process and must see the test's database).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reviews import leases, workflow
from reviews.models import Event, Review
from tests.factories import ReviewFactory, VersionFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
HTMX = {"HX-Request": "true"}


def _running(review: Review, *, deadline_in: float) -> Review:
    now = timezone.now()
    Review.objects.filter(pk=review.pk).update(
        analysis_status=Review.Analysis.RUNNING,
        analysis_started_at=now - timedelta(seconds=300),
        analysis_deadline=now + timedelta(seconds=deadline_in),
    )
    review.refresh_from_db()
    return review


def _poll(client, review: Review):
    url = reverse("review_analysis_status", args=[review.pk]) + "?was=running"
    return client.get(url, headers=HTMX)


def test_the_lease_grows_with_the_length_of_the_pair(settings):
    settings.NEWSDESK_ANALYSIS_LEASE_SECONDS = 60
    settings.NEWSDESK_ANALYSIS_LEASE_SECONDS_PER_10K_CHARS = 10
    assert leases.lease_for(0) == timedelta(seconds=60)
    assert leases.lease_for(190_000) == timedelta(seconds=250)


def test_a_run_records_when_it_started_and_its_deadline(review, settings):
    settings.NEWSDESK_ANALYSIS_LEASE_SECONDS = 60
    before = timezone.now()
    workflow.run_analysis(review.pk)
    review.refresh_from_db()
    assert review.analysis_status == Review.Analysis.DONE
    chars = len(review.source.body) + len(review.rewrite.body)
    assert review.analysis_started_at >= before
    assert review.analysis_deadline - review.analysis_started_at == leases.lease_for(chars)


def test_the_status_poll_fails_a_run_whose_lease_expired(reviewer_client, review):
    review = _running(review, deadline_in=-1)
    response = _poll(reviewer_client, review)
    assert response.status_code == 200
    page = response.content.decode()
    assert "did not finish within its 299 s lease" in page
    assert "Retry analysis" in page
    review.refresh_from_db()
    assert review.analysis_status == Review.Analysis.FAILED
    event = Event.objects.get(verb="analysis.failed", review=review)
    assert event.actor is None
    assert event.after == {"analysis_status": "failed", "reason": "lease expired"}
    # A second poll finds nothing to expire and records nothing more.
    _poll(reviewer_client, review)
    assert Event.objects.filter(verb="analysis.failed").count() == 1


def test_a_run_whose_lease_expired_can_be_retried_at_once(
    reviewer_client, review, django_capture_on_commit_callbacks
):
    review = _running(review, deadline_in=-1)
    url = reverse("review_analysis_run", args=[review.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(url, headers=HTMX)
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.analysis_status == Review.Analysis.DONE
    assert list(
        Event.objects.filter(review=review).order_by("pk").values_list("verb", flat=True)
    ) == ["analysis.failed", "analysis.requested", "analysis.done"]


def test_a_run_within_its_lease_keeps_running(reviewer_client, review):
    review = _running(review, deadline_in=60)
    assert "did not finish" not in _poll(reviewer_client, review).content.decode()
    url = reverse("review_analysis_run", args=[review.pk])
    assert reviewer_client.post(url, headers=HTMX).status_code == 409
    review.refresh_from_db()
    assert review.analysis_status == Review.Analysis.RUNNING


def test_a_worker_starting_a_run_fails_the_runs_whose_lease_expired(review, editor):
    lost = _running(review, deadline_in=-1)
    other = ReviewFactory(story__created_by=editor)
    workflow.run_analysis(other.pk)
    lost.refresh_from_db()
    assert lost.analysis_status == Review.Analysis.FAILED
    assert "Retry the analysis" in lost.analysis_error


# --- A real worker, killed mid-run ---------------------------------------------------------


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _long_review(editor) -> Review:
    """A pair near the body limit, so that the engine runs for seconds."""
    review = ReviewFactory(story__created_by=editor)
    paragraph = review.source.body + "\n"
    source = VersionFactory(story=review.story, body=(paragraph * 1000)[:190_000])
    rewrite_paragraph = review.rewrite.body + "\n"
    rewrite = VersionFactory(
        story=review.story,
        role="rewrite",
        origin="ai",
        based_on=source,
        body=(rewrite_paragraph * 1000)[:190_000],
    )
    Review.objects.filter(pk=review.pk).update(status=Review.Status.SUPERSEDED)
    return Review.objects.create(story=review.story, source=source, rewrite=rewrite)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the worker is another process: it cannot see SQLite's in-memory test database",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_run_leaves_a_retryable_failure(client, editor):
    review = _long_review(editor)
    review.reviewers.add(editor)
    env = dict(os.environ, DATABASE_URL=_database_url(), NEWSDESK_TASKS="database")
    env.update(
        NEWSDESK_ANALYSIS_LEASE_SECONDS="1", NEWSDESK_ANALYSIS_LEASE_SECONDS_PER_10K_CHARS="0"
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, "manage.py"]
    enqueue = f"from reviews.tasks import enqueue_analysis; enqueue_analysis({review.pk})"
    subprocess.run([*manage, "shell", "-c", enqueue], cwd=ROOT, env=env, check=True)  # noqa: S603
    worker = subprocess.Popen(  # noqa: S603
        [*manage, "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            review.refresh_from_db()
            if review.analysis_status != Review.Analysis.PENDING:
                break
            time.sleep(0.02)
        assert review.analysis_status == Review.Analysis.RUNNING
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)
    review.refresh_from_db()
    assert review.analysis_status == Review.Analysis.RUNNING  # nobody left to say otherwise
    assert review.analysis_deadline is not None
    time.sleep(max(0.0, (review.analysis_deadline - timezone.now()).total_seconds()) + 0.1)

    client.force_login(editor)
    page = _poll(client, review).content.decode()
    assert "did not finish within its 1 s lease" in page
    review.refresh_from_db()
    assert review.analysis_status == Review.Analysis.FAILED
    response = client.post(reverse("review_analysis_run", args=[review.pk]), headers=HTMX)
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.analysis_status == Review.Analysis.DONE
