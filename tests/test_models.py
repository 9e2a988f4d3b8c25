"""Model-level guarantees: normalised immutable versions, database constraints, append-only logs."""

from __future__ import annotations

import hashlib

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.models import ImmutableVersionError, Story, StoryVersion
from newsdesk.text import normalise_text, sha256_hex
from reviews.models import Claim, Event, Highlight, ImmutableRecordError, Review, SignOff
from tests.factories import (
    ClaimFactory,
    HighlightFactory,
    ReviewFactory,
    StoryFactory,
    VersionFactory,
)


def _version(**kwargs) -> StoryVersion:
    story = kwargs.pop("story", None) or StoryFactory()
    return VersionFactory(story=story, **kwargs)


# --- Normalisation and hashing --------------------------------------------------------------


def test_normalise_text_composes_to_nfc():
    assert normalise_text("Cafe\u0301") == "Caf\u00e9"


def test_normalise_text_turns_crlf_and_cr_into_newlines():
    assert normalise_text("a\r\nb\rc\n") == "a\nb\nc\n"


def test_normalise_text_strips_leading_byte_order_marks():
    assert normalise_text("\ufeff\ufeffHello") == "Hello"


def test_normalise_text_drops_control_characters_but_keeps_tab_and_newline():
    assert normalise_text("a\x00b\x07c\x0bd\x1fe\x7ff\tg\nh") == "abcdef\tg\nh"


def test_normalise_text_replaces_lone_surrogates():
    assert normalise_text("a\ud800b") == "a\ufffdb"


def test_normalise_text_is_idempotent_when_a_control_hides_a_bom():
    once = normalise_text("\x00\ufeffHello")
    assert once == "Hello"
    assert normalise_text(once) == once


@given(st.text())
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


def test_sha256_hex_hashes_the_utf8_encoding():
    assert sha256_hex("é") == hashlib.sha256("é".encode()).hexdigest()


@pytest.mark.django_db
def test_version_body_is_stored_normalised_with_its_hash():
    version = _version(body="\ufeffCafe\u0301\r\nsays\x00 hi\r")
    version.refresh_from_db()
    assert version.body == "Caf\u00e9\nsays hi\n"
    assert version.sha256 == hashlib.sha256(version.body.encode()).hexdigest()
    assert len(version.sha256) == 64


@pytest.mark.django_db
def test_bulk_created_versions_are_normalised_and_hashed():
    story = StoryFactory()
    StoryVersion.objects.bulk_create(
        [StoryVersion(story=story, number=1, role="source", body="a\r\nb", origin="wire")]
    )
    version = StoryVersion.objects.get(story=story)
    assert version.body == "a\nb"
    assert version.sha256 == sha256_hex("a\nb")


@pytest.mark.django_db
def test_version_clean_rejects_an_empty_body():
    from django.core.exceptions import ValidationError

    version = StoryVersion(story=StoryFactory(), number=1, role="source", body=" \r\n\x00")
    with pytest.raises(ValidationError):
        version.clean()


# --- Immutability ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_an_existing_version_raises():
    version = _version()
    version.body = "Changed."
    with pytest.raises(ImmutableVersionError):
        version.save()
    version.refresh_from_db()
    assert version.body != "Changed."


@pytest.mark.django_db
def test_saving_a_fresh_copy_of_an_existing_version_raises():
    version = _version()
    copy = StoryVersion.objects.get(pk=version.pk)
    with pytest.raises(ImmutableVersionError):
        copy.save(update_fields=["headline"])


@pytest.mark.django_db
def test_deleting_a_version_raises():
    version = _version()
    with pytest.raises(ImmutableVersionError):
        version.delete()
    assert StoryVersion.objects.filter(pk=version.pk).exists()


@pytest.mark.django_db
def test_deleting_versions_in_bulk_raises():
    version = _version()
    with pytest.raises(ImmutableVersionError):
        StoryVersion.objects.filter(pk=version.pk).delete()
    with pytest.raises(ImmutableVersionError):
        StoryVersion.objects.bulk_update([version], ["headline"])
    assert StoryVersion.objects.filter(pk=version.pk).exists()


@pytest.mark.django_db
def test_queryset_update_is_the_only_bypass_of_version_immutability():
    # Deliberate: data migrations need one way in. Nothing in the app calls it on versions,
    # and the stored hash then no longer matches, which any audit detects.
    version = _version()
    StoryVersion.objects.filter(pk=version.pk).update(headline="Patched")
    version.refresh_from_db()
    assert version.headline == "Patched"


@pytest.mark.django_db
def test_version_numbers_are_unique_per_story():
    story = StoryFactory()
    _version(story=story, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _version(story=story, number=1)


@pytest.mark.django_db
def test_the_same_version_number_is_fine_on_another_story():
    _version(number=1)
    _version(number=1)
    assert StoryVersion.objects.filter(number=1).count() == 2


@pytest.mark.django_db
def test_version_number_zero_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        _version(number=0)


@pytest.mark.django_db
def test_version_role_outside_the_choices_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        _version(role="draft")


# --- Review-side constraints ----------------------------------------------------------------


@pytest.mark.django_db
def test_highlight_start_must_be_before_end():
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        HighlightFactory(review=review, start=5, end=5, quote="")


@pytest.mark.django_db
def test_highlight_other_span_needs_both_ends():
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        HighlightFactory(review=review, other_start=3, other_end=None)


@pytest.mark.django_db
def test_highlight_other_span_must_not_be_empty():
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        HighlightFactory(review=review, other_start=3, other_end=3)


@pytest.mark.django_db
def test_verified_claim_without_evidence_is_refused():
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(review=review, verdict="verified")


@pytest.mark.django_db
def test_verified_claim_with_a_url_or_a_source_span_is_accepted():
    review = ReviewFactory()
    ClaimFactory(review=review, verdict="verified", evidence_url="https://example.org/a")
    ClaimFactory(
        review=review,
        text="take about a year",
        verdict="verified",
        evidence_start=0,
        evidence_end=6,
        evidence_quote="HALDEN",
    )
    assert Claim.objects.filter(verdict="verified").count() == 2


@pytest.mark.django_db
def test_claim_evidence_span_needs_both_ends():
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(review=review, verdict="verified", evidence_start=0, evidence_end=None)


@pytest.mark.django_db
def test_claim_support_span_must_not_be_empty():
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(review=review, support_start=4, support_end=4)


@pytest.mark.django_db
def test_disputed_claim_without_a_reason_is_refused():
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(review=review, verdict="disputed", verdict_note="")


@pytest.mark.django_db
def test_only_one_current_review_per_rewrite():
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(story=review.story, source=review.source, rewrite=review.rewrite)


@pytest.mark.django_db
def test_engine_findings_are_unique_per_review_and_key():
    review = ReviewFactory()
    HighlightFactory(review=review, engine_key="k1", origin="engine")
    with pytest.raises(IntegrityError), transaction.atomic():
        HighlightFactory(review=review, engine_key="k1", origin="engine")
    HighlightFactory(review=review, engine_key="", origin="reviewer")
    HighlightFactory(review=review, engine_key="", origin="reviewer")
    assert Highlight.objects.filter(review=review).count() == 3


def _signoff(review, user, role="reviewer", **kwargs) -> SignOff:
    return SignOff.objects.create(
        review=review,
        version=review.rewrite,
        user=user,
        role=role,
        sha256=review.rewrite.sha256,
        **kwargs,
    )


@pytest.mark.django_db
def test_signoff_is_unique_per_version_user_and_role(reviewer):
    review = ReviewFactory()
    _signoff(review, reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        _signoff(review, reviewer)


@pytest.mark.django_db
def test_the_same_user_may_sign_off_in_another_role(editor):
    review = ReviewFactory()
    _signoff(review, editor, role="reviewer")
    _signoff(review, editor, role="editor")
    assert SignOff.objects.filter(review=review).count() == 2


@pytest.mark.django_db
def test_override_signoff_needs_a_reason(editor):
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _signoff(review, editor, role="editor", override=True, override_reason="")


@pytest.mark.django_db
def test_signoffs_are_never_edited_or_deleted(reviewer):
    signoff = _signoff(ReviewFactory(), reviewer)
    signoff.statement = "changed"
    with pytest.raises(ImmutableRecordError):
        signoff.save()
    with pytest.raises(ImmutableRecordError):
        signoff.delete()
    with pytest.raises(ImmutableRecordError):
        SignOff.objects.filter(pk=signoff.pk).delete()
    signoff.refresh_from_db()
    assert signoff.statement == ""


@pytest.mark.django_db
def test_events_are_append_only(editor):
    story = StoryFactory()
    event = Event.objects.create(actor=editor, verb="x.y", story=story, object_type="story")
    event.verb = "changed"
    with pytest.raises(ImmutableRecordError):
        event.save()
    with pytest.raises(ImmutableRecordError):
        event.delete()
    with pytest.raises(ImmutableRecordError):
        Event.objects.all().delete()
    assert Event.objects.get(pk=event.pk).verb == "x.y"


# --- Story ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_story_without_reviews_is_draft():
    assert StoryFactory().status == "draft"


@pytest.mark.django_db
def test_story_status_follows_its_current_review():
    review = ReviewFactory()
    assert review.story.status == "open"
    Review.objects.filter(pk=review.pk).update(status="signed_off")
    assert Story.objects.get(pk=review.story.pk).status == "signed_off"


@pytest.mark.django_db
def test_story_status_ignores_superseded_reviews():
    review = ReviewFactory()
    Review.objects.filter(pk=review.pk).update(status="superseded")
    assert review.story.status == "draft"


@pytest.mark.django_db
def test_story_slug_is_made_unique():
    first = StoryFactory(title="Pool closes")
    second = StoryFactory(title="Pool closes")
    assert (first.slug, second.slug) == ("pool-closes", "pool-closes-2")


@pytest.mark.django_db
def test_story_search_matches_title_slug_and_desk():
    StoryFactory(title="Pool closes", desk="Local")
    StoryFactory(title="Budget vote", desk="Politics")
    assert [s.title for s in Story.objects.search("POOL")] == ["Pool closes"]
    assert [s.title for s in Story.objects.search("politics")] == ["Budget vote"]
    assert Story.objects.search("  ").count() == 2


def test_a_story_titled_new_does_not_take_the_new_story_url(editor):
    story = StoryFactory(title="New", created_by=editor)
    assert story.slug == "new-2"
