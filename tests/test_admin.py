"""Admin: every page loads for a superuser; nothing immutable can be changed or deleted there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsdesk.models import StoryVersion
from reviews import workflow
from reviews.models import Event, SignOff
from tests.factories import ClaimFactory, CommentFactory, HighlightFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def signoff(review, reviewer) -> SignOff:
    return workflow.sign_off(review=review, user=reviewer, role="reviewer", statement="Checked")


@pytest.fixture
def full_review(review, reviewer, signoff):
    HighlightFactory(review=review, author=reviewer)
    ClaimFactory(review=review, created_by=reviewer)
    CommentFactory(review=review, author=reviewer)
    return review


MODELS = [
    ("newsdesk", "story"),
    ("newsdesk", "storyversion"),
    ("reviews", "review"),
    ("reviews", "highlight"),
    ("reviews", "claim"),
    ("reviews", "comment"),
    ("reviews", "signoff"),
    ("reviews", "event"),
]


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_changelist_and_change_pages_load(admin_client, full_review, app, model):
    changelist = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    from django.apps import apps

    obj = apps.get_model(app, model).objects.order_by("pk").first()
    change = admin_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))

    assert changelist.status_code == 200
    assert change.status_code == 200


def test_admin_index_loads(admin_client, full_review):
    assert admin_client.get(reverse("admin:index")).status_code == 200


def test_storyversion_add_form_creates_a_hashed_version(admin_client, review):
    url = reverse("admin:newsdesk_storyversion_add")
    data = {
        "story": review.story.pk,
        "number": 3,
        "role": "rewrite",
        "based_on": review.rewrite.pk,
        "headline": "",
        "body": "A new rewrite\r\nfrom the admin.",
        "origin": "staff",
        "origin_detail": "Desk",
        "dateline": "",
        "prompt": "",
    }

    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, data)

    assert response.status_code == 302
    version = StoryVersion.objects.get(story=review.story, number=3)
    assert version.body == "A new rewrite\nfrom the admin."
    assert len(version.sha256) == 64
    assert Event.objects.filter(verb="version.created", object_id=version.pk).exists()


def test_storyversion_change_page_is_read_only(admin_client, review):
    url = reverse("admin:newsdesk_storyversion_change", args=[review.rewrite.pk])
    before = review.rewrite.body

    page = admin_client.get(url)
    response = admin_client.post(url, {"body": "Tampered.", "origin": "staff"})

    assert 'name="body"' not in page.content.decode()
    assert response.status_code == 403
    review.rewrite.refresh_from_db()
    assert review.rewrite.body == before


def test_storyversion_and_story_cannot_be_deleted(admin_client, review):
    version_url = reverse("admin:newsdesk_storyversion_delete", args=[review.rewrite.pk])
    story_url = reverse("admin:newsdesk_story_delete", args=[review.story.pk])

    assert admin_client.post(version_url, {"post": "yes"}).status_code == 403
    assert admin_client.post(story_url, {"post": "yes"}).status_code == 403
    assert StoryVersion.objects.filter(pk=review.rewrite.pk).exists()


def test_bulk_delete_action_is_not_offered_for_versions(admin_client, review):
    html = admin_client.get(reverse("admin:newsdesk_storyversion_changelist")).content.decode()

    assert "delete_selected" not in html


@pytest.mark.parametrize("model", ["signoff", "event"])
def test_append_only_records_cannot_be_added_changed_or_deleted(admin_client, signoff, model):
    obj = SignOff.objects.get() if model == "signoff" else Event.objects.order_by("pk").first()
    change_url = reverse(f"admin:reviews_{model}_change", args=[obj.pk])

    page = admin_client.get(change_url).content.decode()

    assert admin_client.get(reverse(f"admin:reviews_{model}_add")).status_code == 403
    assert admin_client.post(change_url, {"statement": "Edited"}).status_code == 403
    delete_url = reverse(f"admin:reviews_{model}_delete", args=[obj.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert 'name="_save"' not in page
    assert SignOff.objects.get().statement == "Checked"


def test_editing_a_comment_in_the_admin_is_logged(admin_client, review, reviewer):
    comment = CommentFactory(review=review, author=reviewer, body="Rude words")
    url = reverse("admin:reviews_comment_change", args=[comment.pk])

    response = admin_client.post(url, {"body": "[removed by moderator]"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "[removed by moderator]"
    assert Event.objects.filter(verb="admin.changed", object_type="comment").exists()


def test_non_staff_cannot_open_the_admin(editor_client):
    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
