"""Personas and shared fixtures.

Edith is an editor, Rita is a reviewer assigned to the review, Ravi is a reviewer who is not
assigned, and Oscar has an account but no role at all.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from tests.factories import ReviewFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash test passwords cheaply; PBKDF2's deliberate slowness only slows the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _member(username: str, group: str | None):
    user = UserFactory(username=username)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return _member("edith", "Editors")


@pytest.fixture
def reviewer(db):
    return _member("rita", "Reviewers")


@pytest.fixture
def other_reviewer(db):
    return _member("ravi", "Reviewers")


@pytest.fixture
def outsider(db):
    return _member("oscar", None)


@pytest.fixture
def review(editor, reviewer, other_reviewer):
    """An open review of the factory pair, created by Edith and assigned to Rita."""
    review = ReviewFactory(story__created_by=editor, created_by=editor)
    review.reviewers.add(reviewer)
    return review


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client
