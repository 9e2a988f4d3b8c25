"""Access helpers (404 for those who may not see, 403 for those who may not change) and roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.http import Http404

from reviews import permissions
from tests.factories import ClaimFactory, CommentFactory, HighlightFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def _perms(group: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=group).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


READ = {
    "newsdesk.view_story",
    "newsdesk.view_storyversion",
    "reviews.view_review",
    "reviews.view_highlight",
    "reviews.view_claim",
    "reviews.view_comment",
    "reviews.view_signoff",
}
REVIEW_WORK = {
    "reviews.add_highlight",
    "reviews.change_highlight",
    "reviews.add_claim",
    "reviews.change_claim",
    "reviews.add_comment",
}


def test_reviewers_group_has_exactly_the_reviewer_permissions():
    assert _perms("Reviewers") == READ | REVIEW_WORK | {"reviews.sign_off_reviewer"}


def test_editors_group_has_exactly_the_editor_permissions():
    assert _perms("Editors") == READ | REVIEW_WORK | {
        "newsdesk.add_story",
        "newsdesk.add_storyversion",
        "reviews.add_review",
        "reviews.assign_reviewers",
        "reviews.sign_off_editor",
        "reviews.override_signoff",
    }


def test_no_group_may_change_or_delete_versions_sign_offs_or_events():
    forbidden = {
        "newsdesk.change_storyversion",
        "newsdesk.delete_storyversion",
        "reviews.add_signoff",
        "reviews.change_signoff",
        "reviews.delete_signoff",
        "reviews.change_event",
        "reviews.delete_event",
    }
    assert not (_perms("Editors") | _perms("Reviewers")) & forbidden


def test_editor_can_override_and_sign_off_as_editor(editor):
    assert editor.has_perm("reviews.override_signoff")
    assert editor.has_perm("reviews.sign_off_editor")
    assert permissions.is_editor(editor)
    assert permissions.can_create_story(editor)


def test_reviewer_cannot_create_stories_or_sign_off_as_editor(reviewer):
    assert reviewer.has_perm("reviews.sign_off_reviewer")
    assert not permissions.can_create_story(reviewer)
    assert not permissions.can_add_version(reviewer)
    assert not reviewer.has_perm("reviews.sign_off_editor")
    assert not reviewer.has_perm("reviews.override_signoff")
    assert not permissions.is_editor(reviewer)


def test_outsider_has_no_role(outsider):
    assert not permissions.can_view(outsider)
    assert not permissions.can_view(AnonymousUser())


def test_inactive_editor_has_no_role(editor):
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    assert not permissions.can_view(editor)


# --- get_story_for_user ---------------------------------------------------------------------


def test_outsider_gets_404_for_a_story(review, outsider):
    with pytest.raises(Http404):
        permissions.get_story_for_user(outsider, review.story.slug)


def test_anonymous_user_gets_404_for_a_story(review):
    with pytest.raises(Http404):
        permissions.get_story_for_user(AnonymousUser(), review.story.slug)


def test_missing_story_is_404(editor):
    with pytest.raises(Http404):
        permissions.get_story_for_user(editor, "no-such-story")


def test_reviewer_sees_a_story_but_may_not_change_it(review, reviewer):
    assert permissions.get_story_for_user(reviewer, review.story.slug) == review.story
    with pytest.raises(PermissionDenied):
        permissions.get_story_for_user(reviewer, review.story.slug, write=True)


def test_editor_may_change_a_story(review, editor):
    assert permissions.get_story_for_user(editor, review.story.slug, write=True) == review.story


# --- get_review_for_user and friends --------------------------------------------------------


def _getters(review):
    """Each helper with the pk of an object on `review`."""
    return [
        (permissions.get_review_for_user, review.pk),
        (permissions.get_highlight_for_user, HighlightFactory(review=review).pk),
        (permissions.get_claim_for_user, ClaimFactory(review=review).pk),
        (permissions.get_comment_for_user, CommentFactory(review=review).pk),
    ]


def test_outsider_gets_404_from_every_review_helper(review, outsider):
    for getter, pk in _getters(review):
        with pytest.raises(Http404):
            getter(outsider, pk)
        with pytest.raises(Http404):
            getter(outsider, pk, write=True)


def test_missing_objects_are_404(editor):
    for getter in (
        permissions.get_review_for_user,
        permissions.get_highlight_for_user,
        permissions.get_claim_for_user,
        permissions.get_comment_for_user,
    ):
        with pytest.raises(Http404):
            getter(editor, 999_999)


def test_unassigned_reviewer_may_read_but_not_write_an_assigned_review(review, other_reviewer):
    for getter, pk in _getters(review):
        assert getter(other_reviewer, pk).pk == pk
        with pytest.raises(PermissionDenied):
            getter(other_reviewer, pk, write=True)


def test_assigned_reviewer_may_write(review, reviewer):
    for getter, pk in _getters(review):
        assert getter(reviewer, pk, write=True).pk == pk


def test_editor_may_write_whoever_is_assigned(review, editor):
    for getter, pk in _getters(review):
        assert getter(editor, pk, write=True).pk == pk


def test_any_reviewer_may_write_a_review_nobody_is_assigned_to(editor, other_reviewer):
    review = ReviewFactory(story__created_by=editor)
    for getter, pk in _getters(review):
        assert getter(other_reviewer, pk, write=True).pk == pk


def test_can_work_on_needs_the_highlight_permission(review, outsider, reviewer, other_reviewer):
    assert permissions.can_work_on(reviewer, review)
    assert not permissions.can_work_on(other_reviewer, review)
    assert not permissions.can_work_on(outsider, review)
