"""Hostile text in every field a person or the engine writes is shown as text on every page.

Parts of the workspace are built as strings for speed (reviews/templatetags/workspace_html.py);
this puts markup that would break out of an element or an attribute into each of those fields
and checks that no page ever carries it unescaped.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import Claim, Comment, Highlight, Review, SignOff
from tests.factories import (
    ClaimFactory,
    CommentFactory,
    HighlightFactory,
    StoryFactory,
    VersionFactory,
)

EVIL = "\"'><x-evil data-pwned='1'>"
RAW = "<x-evil"


def evil(label: str) -> str:
    return f"{label} {EVIL}"


@pytest.fixture
def hostile_review(editor, reviewer):
    """A review where every free-text field carries markup."""
    for person in (editor, reviewer):
        person.first_name, person.last_name = evil("First"), evil("Last")
        person.save(update_fields=["first_name", "last_name"])
    body = f"Opening line {EVIL} with 12 people.\n\nSecond {EVIL} paragraph about the council."
    story = StoryFactory(created_by=editor, title=evil("Title"), desk=evil("Desk"))
    source = VersionFactory(
        story=story, body=body, origin_detail=evil("Agency"), headline=evil("Head")
    )
    rewrite = VersionFactory(
        story=story,
        role="rewrite",
        body=body.replace("12", "19"),
        origin="ai",
        origin_detail=evil("Model"),
        prompt=evil("Prompt"),
        based_on=source,
    )
    review = Review.objects.create(story=story, source=source, rewrite=rewrite, created_by=editor)
    review.reviewers.add(reviewer)
    quote = review.rewrite.body[: review.rewrite.body.index("with")]
    common = {"review": review, "text": quote}
    h1 = HighlightFactory(**common, author=reviewer, note=evil("Note"), message=evil("Message"))
    HighlightFactory(
        **common,
        status=Highlight.Status.SUGGESTED,
        origin="engine",
        author=None,
        message=evil("Engine"),
        confidence=0.5,
        other_start=0,
        other_end=5,
        other_quote=evil("Other"),
    )
    HighlightFactory(
        **common,
        author=reviewer,
        status=Highlight.Status.DISMISSED,
        dismiss_reason=evil("Why"),
    )
    HighlightFactory(
        **common,
        author=reviewer,
        status=Highlight.Status.RESOLVED,
        resolution_note=evil("Fixed"),
    )
    claim = ClaimFactory(
        review=review,
        text=quote,
        created_by=reviewer,
        verdict=Claim.Verdict.DISPUTED,
        verdict_by=reviewer,
        verdict_note=evil("Dispute"),
    )
    ClaimFactory(
        review=review,
        text=review.rewrite.body[-20:],
        created_by=reviewer,
        verdict=Claim.Verdict.VERIFIED,
        verdict_by=reviewer,
        evidence_url="https://example.org/?q=%22%3E%3Cx-evil%3E",
        evidence_start=0,
        evidence_end=5,
        evidence_quote=evil("Evidence"),
    )
    top = CommentFactory(review=review, author=reviewer, body=evil("Review comment"))
    CommentFactory(review=review, author=editor, parent=top, body=evil("Reply"))
    CommentFactory(review=review, author=reviewer, highlight=h1, body=evil("On highlight"))
    CommentFactory(review=review, author=reviewer, claim=claim, body=evil("On claim"))
    SignOff.objects.create(
        review=review,
        version=review.rewrite,
        user=reviewer,
        role="reviewer",
        sha256=review.rewrite.sha256,
        statement=evil("Statement"),
    )
    return review


def _pages(review: Review) -> list[str]:
    story = review.story
    highlight = review.highlights.first()
    claim = review.claims.first()
    return [
        reverse("dashboard"),
        reverse("dashboard") + "?q=" + "%3Cx-evil%3E",
        reverse("story_detail", args=[story.slug]),
        reverse("review_workspace", args=[review.pk]),
        reverse("highlight_detail", args=[highlight.pk]),
        reverse("claim_detail", args=[claim.pk]),
        reverse("review_record", args=[story.slug, review.pk]),
    ]


@pytest.mark.parametrize("who", ["reviewer", "editor"])
def test_no_page_carries_hostile_text_unescaped(client, hostile_review, request, who):
    client.force_login(request.getfixturevalue(who))
    assert Comment.objects.filter(review=hostile_review).count() == 4
    for url in _pages(hostile_review):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert RAW not in html, f"unescaped markup on {url}"
        assert "&lt;x-evil" in html or "%3Cx-evil" in html or url.startswith("/?"), url


def test_htmx_regions_carry_no_hostile_text_unescaped(reviewer_client, hostile_review):
    url = reverse("review_workspace", args=[hostile_review.pk])
    for region in (
        "col-source",
        "col-rewrite",
        "findings-panel",
        "claims-panel",
        "review-thread",
        "signoff-panel",
    ):
        response = reviewer_client.get(url, headers={"HX-Request": "true", "HX-Target": region})
        assert response.status_code == 200
        assert RAW not in response.content.decode(), region


def test_a_write_response_carries_no_hostile_text_unescaped(reviewer_client, hostile_review):
    claim = hostile_review.claims.filter(verdict=Claim.Verdict.DISPUTED).get()
    response = reviewer_client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict": "pending", "expected": "disputed", "note": evil("Back")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert RAW not in response.content.decode()
