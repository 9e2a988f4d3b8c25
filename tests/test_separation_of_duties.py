"""Separation of duties: the required sign-offs come from different people.

Personas (tests/conftest.py) plus Dana, who is in both the Editors and the Reviewers groups, and
Sam, a superuser.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from reviews import workflow
from reviews.models import Event, Review, SignOff
from reviews.workflow import SignOffBlocked
from tests.factories import ClaimFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def dana(db):
    user = UserFactory(username="dana")
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Reviewers"]))
    return user


@pytest.fixture
def sam(db):
    return UserFactory(username="sam", is_superuser=True, is_staff=True)


def test_someone_in_both_groups_cannot_give_both_sign_offs(dana):
    review = ReviewFactory(story__created_by=dana)
    workflow.sign_off(review=review, user=dana, role="reviewer")
    events = Event.objects.count()
    with pytest.raises(SignOffBlocked) as exc:
        workflow.sign_off(review=review, user=dana, role="editor")
    assert [b.kind for b in exc.value.blockers] == ["separation"]
    assert "must come from someone else" in exc.value.message
    assert SignOff.objects.filter(review=review).count() == 1
    assert Event.objects.count() == events
    review.refresh_from_db()
    assert review.status == Review.Status.OPEN


def test_a_second_person_completes_the_sign_off(dana, editor):
    review = ReviewFactory(story__created_by=editor)
    workflow.sign_off(review=review, user=dana, role="reviewer")
    workflow.sign_off(review=review, user=editor, role="editor")
    review.refresh_from_db()
    assert review.status == Review.Status.SIGNED_OFF


def test_the_override_cannot_bypass_separation_of_duties(dana):
    review = ReviewFactory(story__created_by=dana)
    workflow.sign_off(review=review, user=dana, role="reviewer")
    ClaimFactory(review=review)  # a content blocker, which the override may sign over
    with pytest.raises(SignOffBlocked) as exc:
        workflow.sign_off(review=review, user=dana, role="editor", override_reason="Deadline")
    assert "separation" in {b.kind for b in exc.value.blockers}
    assert SignOff.objects.filter(review=review).count() == 1


def test_a_superuser_posting_both_roles_is_refused_the_second(client, sam):
    review = ReviewFactory(story__created_by=sam)
    client.force_login(sam)
    url = reverse("review_sign_off", args=[review.pk])
    assert client.post(url, {"role": "reviewer"}, headers=HTMX).status_code == 200
    response = client.post(url, {"role": "editor"}, headers=HTMX)
    assert response.status_code == 409
    assert "must come from someone else" in response.content.decode()
    assert list(SignOff.objects.values_list("role", flat=True)) == ["reviewer"]


def test_the_sign_off_panel_says_why_the_second_sign_off_is_not_yours(client, dana):
    review = ReviewFactory(story__created_by=dana)
    workflow.sign_off(review=review, user=dana, role="reviewer")
    client.force_login(dana)
    page = client.get(reverse("review_workspace", args=[review.pk])).content.decode()
    assert "the editor sign-off must come from someone else" in page


def test_separation_of_duties_can_be_turned_off(dana, settings):
    settings.NEWSDESK_SEPARATE_SIGNOFFS = False
    review = ReviewFactory(story__created_by=dana)
    workflow.sign_off(review=review, user=dana, role="reviewer")
    workflow.sign_off(review=review, user=dana, role="editor")
    review.refresh_from_db()
    assert review.status == Review.Status.SIGNED_OFF
