"""Editing the rewrite from the workspace: Edith fixes the text next to the findings.

Rita reviews (and may not edit the rewrite); Oscar has no role.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsdesk.models import StoryVersion
from reviews import workflow
from reviews.models import Review
from tests.test_carry_over import BLAME, MAYOR, REWRITE, _claim, make_review

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def review(editor, reviewer) -> Review:
    return make_review(editor, reviewer)


def _url(review) -> str:
    return reverse("review_edit_rewrite", args=[review.pk])


def _post(client, review, body, *, htmx=True, expected=None):
    data = {"body": body, "expected_sha256": expected or review.rewrite.sha256}
    return client.post(_url(review), data, headers=HTMX if htmx else {})


def _versions(review) -> int:
    return StoryVersion.objects.filter(story=review.story).count()


def test_an_editor_saves_the_edited_rewrite_and_lands_on_the_new_review(
    editor_client, review, reviewer
):
    claim = _claim(review, reviewer, BLAME, "disputed")
    response = _post(editor_client, review, REWRITE.replace(BLAME + " ", ""))
    assert response.status_code == 204
    new = Review.objects.get(story=review.story, rewrite__number=3)
    assert response["HX-Redirect"] == new.get_absolute_url()
    assert (new.rewrite.origin, new.rewrite.author.username) == ("staff", "edith")
    assert new.claims.get(carried_from=claim).verdict == "removed"


def test_without_javascript_it_is_a_page_and_a_redirect(editor_client, review):
    page = editor_client.get(_url(review)).content.decode()
    assert "<textarea" in page and MAYOR in page
    response = _post(editor_client, review, "UPDATE: " + REWRITE, htmx=False)
    new = Review.objects.get(story=review.story, rewrite__number=3)
    assert (response.status_code, response["Location"]) == (302, new.get_absolute_url())


def test_a_reviewer_cannot_edit_the_rewrite(reviewer_client, review):
    response = _post(reviewer_client, review, "UPDATE: " + REWRITE)
    assert response.status_code == 403
    assert _versions(review) == 2


def test_a_person_without_a_role_does_not_see_the_review(outsider_client, review):
    assert _post(outsider_client, review, "UPDATE: " + REWRITE).status_code == 404


def test_saving_the_text_unchanged_makes_no_version(editor_client, review):
    response = _post(editor_client, review, REWRITE)
    assert response.status_code == 200
    assert "No changes to save" in response.content.decode()
    assert _versions(review) == 2


def test_an_empty_text_is_refused_with_a_message(editor_client, review):
    response = _post(editor_client, review, "   ")
    assert response.status_code == 400
    assert "empty" in response.content.decode()
    assert _versions(review) == 2


def test_a_version_saved_meanwhile_refuses_and_keeps_the_typed_text(editor_client, review, editor):
    seen = review.rewrite.sha256
    workflow.add_rewrite_version(
        story=review.story,
        user=editor,
        data=workflow.VersionInput(body="Other edit. " + REWRITE, origin="staff"),
    )
    mine = "My careful fix. " + REWRITE
    response = _post(editor_client, review, mine, expected=seen)
    assert response.status_code == 409
    assert "was saved while you were editing" in response.content.decode()
    assert _versions(review) == 3
    page = _post(editor_client, review, mine, htmx=False, expected=seen)
    assert page.status_code == 409
    assert "My careful fix." in page.content.decode()


def test_the_workspace_offers_the_edit_to_editors_only(editor_client, client, review, reviewer):
    html = editor_client.get(review.get_absolute_url()).content.decode()
    assert 'data-form="edit-rewrite"' in html and "Save as version 3" in html
    client.force_login(reviewer)
    assert 'data-form="edit-rewrite"' not in client.get(review.get_absolute_url()).content.decode()
