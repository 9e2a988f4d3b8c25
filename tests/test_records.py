"""Fidelity record: complete only when signed off on the newest rewrite; any later edit voids it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsdesk.records import build_record
from reviews import workflow
from reviews.models import Claim, Highlight
from tests.factories import ClaimFactory, HighlightFactory, StoryFactory


@pytest.fixture
def signed(review, editor, reviewer):
    """Rita verified a claim and resolved a finding; Rita and then Edith signed off."""
    claim = ClaimFactory(review=review, created_by=reviewer)
    Claim.objects.filter(pk=claim.pk).update(
        verdict="verified",
        verdict_by=reviewer,
        verdict_note="Matches the council report",
        evidence_url="https://example.org/council-report",
    )
    HighlightFactory(review=review, status="resolved", author=reviewer, note="Vote count wrong")
    workflow.sign_off(review=review, user=reviewer, role="reviewer", statement="All checked")
    workflow.sign_off(review=review, user=editor, role="editor", statement="Cleared to run")
    review.refresh_from_db()
    return review


def _urls(review) -> tuple[str, str]:
    args = [review.story.slug, review.pk]
    return reverse("review_record", args=args), reverse("review_record_json", args=args)


def test_json_record_of_signed_off_review(editor_client, signed):
    _, json_url = _urls(signed)

    response = editor_client.get(json_url)

    data = response.json()
    assert response.status_code == 200
    assert data["valid"] is True
    assert data["rewrite_sha256"] == signed.rewrite.sha256
    assert data["rewrite"]["origin_detail"] == "test-model"
    assert data["source"]["origin"] == "wire"
    [claim] = data["claims"]
    assert claim["verdict"] == "verified"
    assert claim["verdict_by"] == "rita"
    assert claim["note"] == "Matches the council report"
    assert claim["evidence"]["url"] == "https://example.org/council-report"
    [highlight] = data["highlights"]
    assert (highlight["status"], highlight["note"]) == ("resolved", "Vote count wrong")
    assert [(s["user"], s["role"]) for s in data["signoffs"]] == [
        ("rita", "reviewer"),
        ("edith", "editor"),
    ]
    assert all(s["sha256"] == signed.rewrite.sha256 for s in data["signoffs"])


def test_html_record_of_signed_off_review(reviewer_client, signed):
    html_url, _ = _urls(signed)

    response = reviewer_client.get(html_url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid:" in html
    assert signed.rewrite.sha256 in html
    assert "Cleared to run" in html
    assert "https://example.org/council-report" in html


def test_record_is_not_complete_before_sign_off(editor_client, review):
    html_url, json_url = _urls(review)

    as_json = editor_client.get(json_url)
    as_html = editor_client.get(html_url)

    assert as_json.status_code == 409
    assert "not signed off" in as_json.json()["error"]
    assert "Not yet complete" in as_html.content.decode()
    assert "Valid:" not in as_html.content.decode()


def test_record_is_void_after_a_new_version(editor_client, signed, editor):
    workflow.add_rewrite_version(
        story=signed.story,
        user=editor,
        data=workflow.VersionInput(body=signed.rewrite.body + "\nAn edit.", origin="staff"),
    )
    html_url, json_url = _urls(signed)

    as_json = editor_client.get(json_url)
    as_html = editor_client.get(html_url)

    assert as_json.status_code == 409
    assert as_json.json()["error"].startswith("Void")
    assert "newer rewrite version exists" in as_html.content.decode()


def test_record_escapes_story_text(editor_client, signed, reviewer):
    # Inserted past the models' guard: nothing can be added to a signed review otherwise.
    Highlight.objects.bulk_create(
        [
            HighlightFactory.build(
                review=signed, status="resolved", author=reviewer, note="<b>bold</b>"
            )
        ]
    )
    html_url, _ = _urls(signed)

    html = editor_client.get(html_url).content.decode()

    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_building_a_record_takes_constant_queries(signed, reviewer, django_assert_num_queries):
    with django_assert_num_queries(7):
        small = build_record(signed.pk)
    # Inserted past the models' guard: nothing can be added to a signed review otherwise.
    Claim.objects.bulk_create(
        [ClaimFactory.build(review=signed, created_by=reviewer) for _ in range(10)]
    )
    Highlight.objects.bulk_create(
        [
            HighlightFactory.build(review=signed, author=reviewer, status="resolved")
            for _ in range(10)
        ]
    )

    with django_assert_num_queries(7):
        large = build_record(signed.pk)

    assert len(large.data["claims"]) == len(small.data["claims"]) + 10


def test_record_is_404_for_outsider(outsider_client, signed):
    html_url, json_url = _urls(signed)

    assert outsider_client.get(html_url).status_code == 404
    assert outsider_client.get(json_url).status_code == 404


def test_record_is_404_under_another_story(editor_client, signed):
    other = StoryFactory()
    url = reverse("review_record_json", args=[other.slug, signed.pk])

    assert editor_client.get(url).status_code == 404
