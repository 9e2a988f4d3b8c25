"""schema.org ClaimReview in the fidelity record: one per settled claim, only in a valid record.

Rita verified one claim and disputed another, then Rita and Edith signed off (an editor's
override covers the disputed claim); the third claim stayed pending on a review never signed.
"""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import workflow
from reviews.models import Claim
from tests.factories import ClaimFactory


@pytest.fixture
def signed(review, editor, reviewer, settings):
    settings.NEWSDESK_SITE_URL = "https://newsdesk.example.org"
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]
    verified = ClaimFactory(review=review, created_by=reviewer)
    disputed = ClaimFactory(review=review, created_by=reviewer, text="take about a year")
    Claim.objects.filter(pk=verified.pk).update(
        verdict="verified",
        verdict_by=reviewer,
        verdict_at=timezone.now(),
        verdict_note="Matches the council report",
        evidence_url="https://example.org/council-report",
    )
    Claim.objects.filter(pk=disputed.pk).update(
        verdict="disputed",
        verdict_by=reviewer,
        verdict_at=timezone.now(),
        verdict_note="</script><script>alert(1)</script> the source says eight months",
    )
    workflow.sign_off(review=review, user=editor, role="editor", override_reason="Reviewed")
    review.refresh_from_db()
    return review


def _json_url(review) -> str:
    return reverse("review_record_json", args=[review.story.slug, review.pk])


def _html_url(review) -> str:
    return reverse("review_record", args=[review.story.slug, review.pk])


def test_it_publishes_one_claim_review_per_settled_claim(editor_client, signed):
    data = editor_client.get(_json_url(signed)).json()

    by_rating = {c["reviewRating"]["alternateName"]: c for c in data["claim_reviews"]}
    assert set(by_rating) == {"True", "False"}
    verified = by_rating["True"]
    assert verified["@type"] == "ClaimReview"
    assert verified["@context"] == "https://schema.org"
    assert verified["claimReviewed"] == "Repairs will cost $1.2 million"
    assert verified["reviewRating"]["ratingValue"] == 5
    assert by_rating["False"]["reviewRating"]["ratingValue"] == 1
    assert verified["author"] == {"@type": "Person", "name": "rita"}
    assert verified["datePublished"] == timezone.now().date().isoformat()
    assert verified["citation"] == "https://example.org/council-report"
    appearance = verified["itemReviewed"]["appearance"]
    assert appearance["url"] == "https://newsdesk.example.org" + signed.story.get_absolute_url()
    assert appearance["identifier"]["value"] == signed.rewrite.sha256
    assert appearance["version"] == signed.rewrite.number
    assert verified["url"].startswith("https://newsdesk.example.org/stories/")


def test_it_leaves_pending_claims_out(editor_client, signed, reviewer):
    # Inserted past the models' guard: nothing can be added to a signed review otherwise.
    Claim.objects.bulk_create(
        [ClaimFactory.build(review=signed, created_by=reviewer, text="The closure is expected")]
    )

    data = editor_client.get(_json_url(signed)).json()

    assert len(data["claims"]) == 3
    assert len(data["claim_reviews"]) == 2


def _ld_blocks(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def test_printable_record_embeds_escaped_json_ld(editor_client, signed):
    html = editor_client.get(_html_url(signed)).content.decode()

    [block] = _ld_blocks(html)
    # The reviewer's note cannot end the data block or start a script of its own.
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in block
    reviews = json.loads(block)
    assert {r["reviewRating"]["alternateName"] for r in reviews} == {"True", "False"}
    assert any(
        "</script><script>" in (r["reviewRating"]["ratingExplanation"] or "") for r in reviews
    )


def test_unfinished_record_publishes_no_claim_reviews(editor_client, review, reviewer):
    claim = ClaimFactory(review=review, created_by=reviewer)
    Claim.objects.filter(pk=claim.pk).update(
        verdict="verified", verdict_by=reviewer, evidence_url="https://example.org/r"
    )

    html = editor_client.get(_html_url(review)).content.decode()

    assert _ld_blocks(html) == []
