"""Saving the rewrite unchanged is a no-op, whatever form the same text arrives in.

Bodies are compared as the model stores them (NFC, `\\n` newlines, no BOM), ignoring the
whitespace forms strip at the ends; so the textarea round trip of a body that ends in a newline
(uploads, `importpair`, the demo, the seed) does not create a version or void a sign-off.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from newsdesk.models import StoryVersion
from reviews import workflow
from reviews.models import Event, Review

pytestmark = pytest.mark.django_db

STORED = "Café owners in Zürich said the rent rose 12%.\nThe council disagreed.\n"

FORMS = {
    "as stored": STORED,
    "trailing newline stripped": STORED.rstrip("\n"),
    "CRLF newlines": STORED.replace("\n", "\r\n"),
    "CRLF, stripped": STORED.replace("\n", "\r\n").rstrip(),
    "NFD": unicodedata.normalize("NFD", STORED),
    "NFD with CRLF": unicodedata.normalize("NFD", STORED).replace("\n", "\r\n"),
    "byte-order mark": "\ufeff" + STORED,
    "extra blank line at the end": STORED + "\n",
}


@pytest.fixture
def signed_review(editor, reviewer):
    """A review whose rewrite body ends in a newline, signed off by Rita then Edith."""
    _, review = workflow.create_story(
        user=editor,
        title="Rents rise",
        desk="Local",
        source=workflow.VersionInput(body="Rents rose 12%, owners said.\n", origin="wire"),
        rewrite=workflow.VersionInput(body=STORED, origin="ai"),
        reviewers=[reviewer],
    )
    assert review.rewrite.body == STORED
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    workflow.sign_off(review=review, user=editor, role="editor")
    review.refresh_from_db()
    assert review.status == Review.Status.SIGNED_OFF
    return review


@pytest.mark.parametrize("body", FORMS.values(), ids=FORMS.keys())
def test_saving_the_same_text_in_any_form_creates_no_version(editor, signed_review, body):
    versions, events = StoryVersion.objects.count(), Event.objects.count()
    with pytest.raises(workflow.NothingChanged, match="No changes to save"):
        workflow.add_rewrite_version(
            story=signed_review.story,
            user=editor,
            data=workflow.VersionInput(body=body, origin="staff"),
        )
    assert (StoryVersion.objects.count(), Event.objects.count()) == (versions, events)


@pytest.mark.parametrize("body", FORMS.values(), ids=FORMS.keys())
def test_posting_the_rewrite_form_unchanged_keeps_the_signed_record(
    editor_client, signed_review, body
):
    url = reverse("story_add_rewrite", args=[signed_review.story.slug])
    response = editor_client.post(url, {"body": body, "origin": "staff"}, follow=True)
    assert response.status_code == 200
    assert "No changes to save" in response.content.decode()
    signed_review.refresh_from_db()
    assert signed_review.status == Review.Status.SIGNED_OFF
    assert not Review.objects.filter(story=signed_review.story, status="open").exists()


def test_the_story_page_round_trip_of_the_rewrite_form_changes_nothing(
    editor_client, signed_review
):
    """What the edit form shows, posted back as a browser would (CRLF), is no change."""
    page = editor_client.get(signed_review.story.get_absolute_url())
    form = page.context["rewrite_form"]
    shown = form["body"].value()
    response = editor_client.post(
        reverse("story_add_rewrite", args=[signed_review.story.slug]),
        {"body": shown.replace("\n", "\r\n"), "origin": "staff"},
    )
    assert response.status_code == 302
    assert StoryVersion.objects.filter(story=signed_review.story).count() == 2


def test_a_real_edit_still_creates_a_version(editor_client, signed_review):
    url = reverse("story_add_rewrite", args=[signed_review.story.slug])
    body = STORED.replace("12%", "15%")
    response = editor_client.post(url, {"body": body, "origin": "staff"})
    assert response.status_code == 302
    assert StoryVersion.objects.filter(story=signed_review.story).count() == 3
