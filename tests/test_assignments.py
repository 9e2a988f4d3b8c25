"""Assignments with due times, the dashboard's "assigned to me", and the cross-story queue.

Edith (editor) assigns; Rita and Ravi are reviewers; Oscar has no role.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import queue, workflow
from reviews.models import Event, Notification, Review
from reviews.workflow.assignments import assign
from tests.factories import ClaimFactory, HighlightFactory, ReviewFactory

NOW = timezone.now()


def _assigned(editor, reviewer, due=None, **story):
    r = ReviewFactory(story__created_by=editor, created_by=editor, due_at=due, **story)
    r.reviewers.add(reviewer)
    return r


# --- Setting reviewers and a due time ---------------------------------------------------------


def test_an_editor_sets_reviewers_and_a_due_time(editor_client, review, reviewer, other_reviewer):
    url = reverse("review_assign", args=[review.story.slug, review.pk])
    response = editor_client.post(
        url, {"reviewers": [reviewer.pk, other_reviewer.pk], "due_at": "2031-05-04T17:30"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.due_at.isoformat() == "2031-05-04T17:30:00+00:00"
    assert set(review.reviewers.values_list("username", flat=True)) == {"rita", "ravi"}
    assert Event.objects.filter(verb="review.due_set", review=review).count() == 1
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("ravi", "assigned")
    ]
    page = editor_client.get(review.story.get_absolute_url()).content.decode()
    assert 'value="2031-05-04T17:30"' in page


def test_saving_the_same_assignment_logs_nothing(editor, review, reviewer):
    due = NOW + timedelta(days=1)
    assign(review=review, user=editor, reviewers=[reviewer], due_at=due)
    count = Event.objects.count()
    assign(review=review, user=editor, reviewers=[reviewer], due_at=due)
    assert Event.objects.count() == count


def test_a_bad_due_time_is_refused_and_changes_nothing(editor_client, review, reviewer):
    url = reverse("review_assign", args=[review.story.slug, review.pk])
    response = editor_client.post(url, {"reviewers": [reviewer.pk], "due_at": "next tuesday"})
    assert response.status_code == 400
    assert "Enter a valid date/time" in response.content.decode()
    review.refresh_from_db()
    assert review.due_at is None


def test_a_reviewer_cannot_set_a_due_time(reviewer, review):
    with pytest.raises(workflow.NotAllowed):
        assign(review=review, user=reviewer, reviewers=[reviewer], due_at=NOW)
    review.refresh_from_db()
    assert review.due_at is None


def test_a_new_version_keeps_the_due_time(editor, review, reviewer):
    due = NOW + timedelta(hours=5)
    assign(review=review, user=editor, reviewers=[reviewer], due_at=due)
    new = workflow.add_rewrite_version(
        story=review.story,
        user=editor,
        data=workflow.VersionInput(body=review.rewrite.body + "\nMore.", origin="staff"),
    )
    assert new.due_at == due and list(new.reviewers.all()) == [reviewer]


# --- Dashboard ------------------------------------------------------------------------------


def test_the_dashboard_shows_my_assignments_by_due_time(client, editor, reviewer, other_reviewer):
    overdue = _assigned(editor, reviewer, NOW - timedelta(hours=2), story__title="Late one")
    soon = _assigned(editor, reviewer, NOW + timedelta(hours=3), story__title="Soon one")
    later = _assigned(editor, reviewer, NOW + timedelta(days=5), story__title="Later one")
    undated = _assigned(editor, reviewer, None, story__title="Undated one")
    _assigned(editor, other_reviewer, NOW, story__title="Someone else's")
    client.force_login(reviewer)
    page = client.get(reverse("dashboard")).content.decode()
    section = page[page.index('id="assigned-h"') : page.index("</section>")]
    order = [section.index(f'data-review="{r.pk}"') for r in (overdue, soon, later, undated)]
    assert order == sorted(order)
    assert "Someone else" not in section
    assert "Overdue" in section and "Due soon" in section and "Due later" in section
    assert "No due time" in section
    assert "(1 overdue, 1 due soon)" in section


def test_a_signed_off_or_sent_back_review_leaves_my_list(client, editor, reviewer):
    r = _assigned(editor, reviewer, NOW)
    workflow.request_changes(review=r, user=reviewer, note="Wrong count")
    assert queue.my_assignments(reviewer) == []


def test_due_states():
    assert queue.due_state(None, NOW)[0] == "undated"
    assert queue.due_state(NOW - timedelta(seconds=1), NOW)[0] == "overdue"
    assert queue.due_state(NOW + timedelta(hours=23), NOW)[0] == "due_soon"
    assert queue.due_state(NOW + timedelta(hours=25), NOW)[0] == "later"


@pytest.mark.parametrize("n", [3, 30])
def test_the_dashboard_with_due_dates_takes_a_fixed_number_of_queries(
    client, editor, reviewer, n, django_assert_max_num_queries
):
    for i in range(n):
        r = _assigned(editor, reviewer, NOW + timedelta(hours=i - 2))
        HighlightFactory(review=r, author=reviewer)
        ClaimFactory(review=r, created_by=reviewer)
    client.force_login(reviewer)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("dashboard"))
    page = response.content.decode()
    assert page.count('class="assignment ') == min(n, 10)
    assert ("All 30 of my assignments" in page) == (n == 30)
    assert "(3 overdue" in page  # due 2 h, 1 h and 0 h after NOW, which has passed


# --- The queue ------------------------------------------------------------------------------


def test_the_riskiest_unsettled_item_comes_first(editor, reviewer):
    r = _assigned(editor, reviewer, NOW)
    body = r.rewrite.body
    minor_number = HighlightFactory(
        review=r, author=reviewer, text="9-0", category="number", severity="minor"
    )
    claim_entity = ClaimFactory(review=r, created_by=reviewer, kinds="entity")
    claim_number = ClaimFactory(
        review=r, created_by=reviewer, text="Riverside pool", kinds="entity,number"
    )
    major_time = HighlightFactory(
        review=r, author=reviewer, text="about a year", category="time", severity="major"
    )
    major_quote = HighlightFactory(
        review=r, author=reviewer, text="local swimmers", category="quote", severity="major"
    )
    settled = HighlightFactory(
        review=r, author=reviewer, text="Tuesday", severity="critical", status="resolved"
    )
    assert "Tuesday" in body and settled.status == "resolved"
    order = []
    for _ in range(5):
        item = queue.riskiest_item(r.pk)
        order.append(item)
        if hasattr(item, "severity"):
            type(item).objects.filter(pk=item.pk).update(status="dismissed")
        else:
            type(item).objects.filter(pk=item.pk).update(
                verdict="verified", evidence_url="https://x.org"
            )
    assert order == [major_quote, major_time, claim_number, claim_entity, minor_number]
    assert queue.riskiest_item(r.pk) is None


def test_a_critical_finding_beats_a_major_one_in_a_riskier_category(editor, reviewer):
    r = _assigned(editor, reviewer, NOW)
    HighlightFactory(review=r, author=reviewer, text="9-0", category="number", severity="major")
    critical = HighlightFactory(
        review=r, author=reviewer, text="about a year", category="other", severity="critical"
    )
    assert queue.riskiest_item(r.pk) == critical


def test_the_next_item_is_in_the_next_review_due_with_work_left(client, editor, reviewer):
    done = _assigned(editor, reviewer, NOW - timedelta(days=1))  # nothing unsettled
    HighlightFactory(review=done, author=reviewer, status="resolved")
    later = _assigned(editor, reviewer, NOW + timedelta(days=2))
    HighlightFactory(review=later, author=reviewer, severity="critical")
    undated = _assigned(editor, reviewer, None)
    HighlightFactory(review=undated, author=reviewer, severity="critical")
    sooner = _assigned(editor, reviewer, NOW + timedelta(hours=1))
    claim = ClaimFactory(review=sooner, created_by=reviewer, kinds="number")
    client.force_login(reviewer)
    response = client.get(reverse("queue_next"))
    assert response["Location"] == reverse("claim_detail", args=[claim.pk])
    assert queue.next_review(reviewer) == sooner
    Review.objects.filter(pk=sooner.pk).update(status="signed_off")
    assert queue.next_review(reviewer) == later
    Review.objects.filter(pk=later.pk).update(status="superseded")
    assert queue.next_review(reviewer) == undated


def test_an_empty_queue_says_so(reviewer_client):
    response = reviewer_client.get(reverse("queue_next"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("queue")
    assert "Nothing unsettled is waiting" in response.content.decode()


def test_the_queue_is_for_the_newsroom_only(outsider_client):
    assert outsider_client.get(reverse("queue")).status_code == 404
    assert outsider_client.get(reverse("queue_next")).status_code == 404


@pytest.mark.parametrize("n", [3, 30])
def test_the_queue_page_and_jump_take_a_fixed_number_of_queries(
    client, editor, reviewer, n, django_assert_max_num_queries
):
    for i in range(n):
        r = _assigned(editor, reviewer, NOW + timedelta(hours=i))
        HighlightFactory(review=r, author=reviewer)
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("queue")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("queue_next")).status_code == 302
