"""Who may see and change what. Every view calls one of these first.

Anyone with a newsroom role (Editors or Reviewers) sees every story; an outsider sees none and
gets a 404 rather than learning what exists. Changing a review needs the editor role, or the
reviewer role and either an assignment to that review or a review nobody is assigned to yet.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from newsdesk.models import Story
from reviews.models import Claim, Comment, Highlight, Review

# Who may ask: the helpers answer for anyone, signed in or not (an anonymous user sees nothing).
AnyUser = User | AnonymousUser


def can_view(user: AnyUser) -> bool:
    """Whether the user has a newsroom role at all."""
    return user.is_authenticated and user.has_perm("newsdesk.view_story")


def is_editor(user: AnyUser) -> bool:
    return user.has_perm("reviews.sign_off_editor")


def can_create_story(user: AnyUser) -> bool:
    return user.has_perm("newsdesk.add_story")


def can_add_version(user: AnyUser) -> bool:
    return user.has_perm("newsdesk.add_storyversion")


def can_work_on(user: AnyUser, review: Review) -> bool:
    """Whether the user may add highlights, claims, verdicts and comments to the review."""
    if not user.has_perm("reviews.add_highlight"):
        return False
    if is_editor(user) or user.is_superuser:
        return True
    assigned = {u.pk for u in review.reviewers.all()}
    return not assigned or user.pk in assigned


def _check_view(user: AnyUser) -> None:
    if not can_view(user):
        raise Http404("No such page.")


def get_story_for_user(user: AnyUser, slug: str, *, write: bool = False) -> Story:
    """The story, or 404 if the user may not see it; 403 if write and they may not add versions."""
    _check_view(user)
    story = get_object_or_404(Story.objects.select_related("created_by"), slug=slug)
    if write and not can_add_version(user):
        raise PermissionDenied("Only editors can change a story.")
    return story


def get_review_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Review:
    """The review, or 404 if the user may not see it; 403 if write and they may not work on it."""
    _check_view(user)
    review = get_object_or_404(
        Review.objects.select_related("story", "source", "rewrite").prefetch_related("reviewers"),
        pk=pk,
    )
    if write and not can_work_on(user, review):
        raise PermissionDenied("You are not assigned to this review.")
    return review


def get_highlight_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Highlight:
    """The highlight, with access checked on its review as get_review_for_user does."""
    _check_view(user)
    highlight = get_object_or_404(
        Highlight.objects.select_related(
            "review__story", "review__rewrite", "review__source"
        ).prefetch_related("review__reviewers"),
        pk=pk,
    )
    if write and not can_work_on(user, highlight.review):
        raise PermissionDenied("You are not assigned to this review.")
    return highlight


def get_claim_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Claim:
    """The claim, with access checked on its review as get_review_for_user does."""
    _check_view(user)
    claim = get_object_or_404(
        Claim.objects.select_related(
            "review__story", "review__rewrite", "review__source"
        ).prefetch_related("review__reviewers"),
        pk=pk,
    )
    if write and not can_work_on(user, claim.review):
        raise PermissionDenied("You are not assigned to this review.")
    return claim


def get_comment_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Comment:
    """The comment; with write, only for someone who may work on its review."""
    _check_view(user)
    comment = get_object_or_404(
        Comment.objects.select_related(
            "review__story", "author", "highlight", "claim"
        ).prefetch_related("review__reviewers"),
        pk=pk,
    )
    if write and not can_work_on(user, comment.review):
        raise PermissionDenied("You are not assigned to this review.")
    return comment
