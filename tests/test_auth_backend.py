"""newsdesk.backends.ModelBackend: Django's permission rules, read in one query."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as the next request loads it: no permissions read yet."""
    return type(user).objects.get(pk=user.pk)


def test_own_and_group_permissions_come_in_one_query(reviewer):
    own = Permission.objects.get(codename="add_storyversion")
    reviewer.user_permissions.add(own)
    user = _fresh(reviewer)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("newsdesk.add_storyversion")  # its own
        assert user.has_perm("reviews.add_highlight")  # the Reviewers group's
        assert not user.has_perm("reviews.sign_off_editor")  # the Editors'
    assert len(queries.captured_queries) == 1


def test_the_permissions_are_django_s(editor, reviewer, outsider):
    """The same set as Django's own backend reads, for each kind of user."""
    from django.contrib.auth.backends import ModelBackend as DjangoBackend

    reviewer.user_permissions.add(Permission.objects.get(codename="add_storyversion"))
    inactive = UserFactory(username="ina", is_active=False)
    inactive.groups.add(Group.objects.get(name="Editors"))
    boss = UserFactory(username="boss", is_superuser=True)
    for user in (editor, reviewer, outsider, inactive, boss):
        ours, django = _fresh(user), _fresh(user)
        assert ours.get_all_permissions() == DjangoBackend().get_all_permissions(django)
    assert _fresh(outsider).get_all_permissions() == set()
    assert _fresh(inactive).get_all_permissions() == set()
    assert len(_fresh(boss).get_all_permissions()) == Permission.objects.count()
