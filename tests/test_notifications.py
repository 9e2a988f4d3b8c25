"""Notifications: who hears of what, the inbox, the unread count, and email once per event.

Edith (editor) created the story and its review; Rita (reviewer) is assigned to it; Ravi is a
reviewer who is not on it; Oscar has an account and no role. Nobody off the review hears of it.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from reviews import notifications, workflow
from reviews.models import Event, Notification, NotificationPreference, Review
from reviews.notification_email import email_notification, send_digests
from reviews.tasks import _analysis_failed
from tests.factories import CommentFactory, ReviewFactory, UserFactory

Kind = Notification.Kind


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def _recipients(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _sign_off_fully(review, reviewer, editor):
    workflow.sign_off(review=review, user=reviewer, role="reviewer", statement="Checked")
    workflow.sign_off(review=review, user=editor, role="editor", statement="Cleared")


# --- Every kind, and only the people on the review ---------------------------------------------


def test_a_mention_notifies_the_person_named(review, reviewer, editor, other_reviewer, outsider):
    comment = workflow.add_comment(
        review=review, user=reviewer, body="@edith can you check the vote count?"
    )
    [n] = Notification.objects.all()
    assert (n.recipient, n.kind, n.actor, n.comment) == (editor, Kind.MENTION, reviewer, comment)
    assert n.target_url() == f"{review.get_absolute_url()}#comment-{comment.pk}"


def test_a_mention_on_a_finding_links_to_that_finding(review, reviewer, editor):
    from tests.factories import HighlightFactory

    h = HighlightFactory(review=review, author=reviewer)
    comment = workflow.add_comment(review=review, user=reviewer, body="see @edith", highlight=h)
    [n] = Notification.objects.all()
    assert n.highlight_id == h.pk
    assert n.target_url() == reverse("highlight_detail", args=[h.pk]) + f"#comment-{comment.pk}"


def test_a_mention_links_to_a_page_showing_that_comment(editor_client, review, reviewer, editor):
    from tests.factories import ClaimFactory, HighlightFactory

    h = HighlightFactory(review=review, author=reviewer)
    c = ClaimFactory(review=review, created_by=reviewer)
    on_h = workflow.add_comment(review=review, user=reviewer, body="@edith h", highlight=h)
    on_c = workflow.add_comment(review=review, user=reviewer, body="@edith c", claim=c)
    for comment in (on_h, on_c):
        n = Notification.objects.get(comment=comment)
        path, anchor = n.target_url().split("#")
        page = editor_client.get(path)
        assert page.status_code == 200
        assert f'id="{anchor}"' in page.content.decode()


def test_mentioning_someone_without_a_role_notifies_nobody(review, reviewer, outsider):
    workflow.add_comment(review=review, user=reviewer, body="@oscar have a look")
    assert not Notification.objects.exists()


def test_mentioning_oneself_or_an_email_address_notifies_nobody(review, reviewer, editor):
    workflow.add_comment(review=review, user=reviewer, body="Note to @rita: write to x@edith")
    assert not Notification.objects.exists()


def test_an_edit_notifies_only_the_people_it_adds(review, reviewer, editor, other_reviewer):
    comment = workflow.add_comment(review=review, user=reviewer, body="@edith please look")
    workflow.edit_comment(comment=comment, user=reviewer, body="@edith and @ravi please look")
    assert _recipients(Kind.MENTION) == {"edith", "ravi"}
    assert Notification.objects.filter(recipient=editor).count() == 1


def test_being_assigned_notifies_only_the_newly_assigned(
    review, editor, reviewer, other_reviewer, outsider
):
    workflow.assign_reviewers(review=review, user=editor, reviewers=[reviewer, other_reviewer])
    assert _recipients(Kind.ASSIGNED) == {"ravi"}


def test_a_reviewer_sign_off_tells_the_editor_it_is_ready(
    review, reviewer, editor, other_reviewer, outsider
):
    workflow.sign_off(review=review, user=reviewer, role="reviewer", statement="Checked")
    assert _recipients(Kind.SIGNOFF_READY) == {"edith"}


def test_settling_the_last_blocker_tells_who_signs_next(
    review, editor, reviewer, other_reviewer, outsider, settings
):
    from tests.factories import ClaimFactory, HighlightFactory

    review.reviewers.add(other_reviewer)
    h = HighlightFactory(review=review, author=reviewer, severity="major")
    claim = ClaimFactory(review=review, created_by=reviewer)
    workflow.set_highlight_status(highlight=h, user=reviewer, action="resolve")
    assert not Notification.objects.exists()  # the claim still blocks
    workflow.set_verdict(
        claim=claim, user=reviewer, verdict="verified", evidence_url="https://example.org/a"
    )
    # The reviewer sign-off is next: the other assigned reviewer hears of it (Rita acted).
    assert _recipients(Kind.SIGNOFF_READY) == {"ravi"}
    # Reopened and settled again while the first is unread: no second notification.
    workflow.set_highlight_status(highlight=h, user=reviewer, action="reopen")
    workflow.set_highlight_status(highlight=h, user=reviewer, action="dismiss", reason="fine")
    assert Notification.objects.filter(kind=Kind.SIGNOFF_READY).count() == 1


def test_with_only_the_editor_to_sign_the_editor_hears_when_nothing_blocks(
    review, editor, reviewer, settings
):
    from tests.factories import HighlightFactory

    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]
    h = HighlightFactory(review=review, author=reviewer, severity="critical")
    workflow.set_highlight_status(highlight=h, user=reviewer, action="dismiss", reason="Fine")
    assert _recipients(Kind.SIGNOFF_READY) == {"edith"}


def test_a_complete_sign_off_tells_the_people_on_the_review(
    review, reviewer, editor, other_reviewer, outsider
):
    _sign_off_fully(review, reviewer, editor)
    assert _recipients(Kind.SIGNED_OFF) == {"rita"}  # Edith signed it: she knows
    assert _kinds(other_reviewer) == [] and _kinds(outsider) == []


def test_a_new_version_voids_the_sign_off_and_says_so(review, reviewer, editor, other_reviewer):
    _sign_off_fully(review, reviewer, editor)
    workflow.add_rewrite_version(
        story=review.story,
        user=editor,
        data=workflow.VersionInput(body=review.rewrite.body + "\nAn edit.", origin="staff"),
    )
    [n] = Notification.objects.filter(kind=Kind.VOIDED)
    assert (n.recipient, n.review_id) == (reviewer, review.pk)
    assert _kinds(other_reviewer) == []


def test_a_new_version_of_an_unsigned_review_voids_nothing(review, editor):
    workflow.add_rewrite_version(
        story=review.story,
        user=editor,
        data=workflow.VersionInput(body=review.rewrite.body + "\nAn edit.", origin="staff"),
    )
    assert not Notification.objects.filter(kind=Kind.VOIDED).exists()


def test_changes_requested_tells_the_storys_editor(review, reviewer, editor, other_reviewer):
    workflow.request_changes(review=review, user=reviewer, note="The vote was 7-2")
    [n] = Notification.objects.all()
    assert (n.recipient, n.kind, n.message) == (editor, Kind.CHANGES_REQUESTED, "The vote was 7-2")


def test_a_failed_analysis_tells_the_editor_and_reviewers(
    review, reviewer, editor, other_reviewer, outsider
):
    _analysis_failed(review, RuntimeError("model missing"))
    assert _recipients(Kind.ANALYSIS_FAILED) == {"edith", "rita"}
    assert "model missing" in Notification.objects.first().message


def test_a_user_whose_role_was_removed_hears_nothing(review, reviewer, editor):
    reviewer.groups.clear()
    _analysis_failed(review, RuntimeError("boom"))
    assert _recipients(Kind.ANALYSIS_FAILED) == {"edith"}


def test_an_event_notifies_each_person_once(review, reviewer, editor):
    workflow.add_comment(review=review, user=reviewer, body="@edith @edith @EDITH look")
    assert Notification.objects.count() == 1


# --- Email: after commit, once, never for a rollback ------------------------------------------


def test_an_email_goes_out_once_the_change_commits(
    review, reviewer, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.add_comment(review=review, user=reviewer, body="@edith look")
        assert mail.outbox == []  # not before the commit
    for callback in callbacks:
        callback()
    [email] = mail.outbox
    assert email.to == [editor.email]
    assert "Mentioned you" in email.subject
    n = Notification.objects.get()
    assert n.emailed_at is not None
    assert n.target_url() in email.body


def test_a_rolled_back_change_notifies_and_emails_nobody(
    review, reviewer, editor, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        workflow.add_comment(review=review, user=reviewer, body="@edith look")
        raise RuntimeError("the request failed after the comment")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_an_email_task_run_twice_sends_once(review, reviewer, editor):
    workflow.add_comment(review=review, user=reviewer, body="@edith look")
    n = Notification.objects.get()
    assert email_notification.call(n.pk) is True
    assert email_notification.call(n.pk) is False
    assert len(mail.outbox) == 1


def test_a_digest_reader_gets_one_email_for_the_day(
    review, reviewer, editor, django_capture_on_commit_callbacks
):
    workflow_prefs = notifications.set_email_choice(editor, "digest")
    assert workflow_prefs == "digest"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.add_comment(review=review, user=reviewer, body="@edith one")
        workflow.request_changes(review=review, user=reviewer, note="two")
    assert mail.outbox == []
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    assert "Sent 1 digest." in out.getvalue()
    [email] = mail.outbox
    assert "2 notifications" in email.subject
    assert "Mentioned you" in email.body and "Changes requested" in email.body
    assert send_digests() == 0  # nothing new: nothing sent again
    assert len(mail.outbox) == 1


def test_no_email_for_someone_who_chose_none(
    review, reviewer, editor, django_capture_on_commit_callbacks
):
    notifications.set_email_choice(editor, "none")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.add_comment(review=review, user=reviewer, body="@edith look")
    assert Notification.objects.count() == 1
    assert mail.outbox == []
    assert send_digests() == 0


# --- Pages -------------------------------------------------------------------------------


def test_the_header_shows_the_unread_count(editor_client, review, reviewer, editor):
    workflow.add_comment(review=review, user=reviewer, body="@edith look")
    page = editor_client.get(reverse("dashboard")).content.decode()
    assert 'data-unread="1"' in page
    badge = editor_client.get(reverse("inbox_count"), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-unread="1"' in badge and 'hx-trigger="every' in badge


def test_the_unread_count_is_one_query(editor_client, editor, django_assert_max_num_queries):
    editor_client.get(reverse("inbox_count"))
    # session, user, count
    with django_assert_max_num_queries(3):
        editor_client.get(reverse("inbox_count"))


def test_the_inbox_lists_and_opening_marks_read(editor_client, review, reviewer, editor):
    comment = workflow.add_comment(review=review, user=reviewer, body="@edith look")
    n = Notification.objects.get()
    page = editor_client.get(reverse("inbox")).content.decode()
    assert f'id="notification-{n.pk}"' in page and "is-unread" in page
    response = editor_client.get(reverse("notification_open", args=[n.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{review.get_absolute_url()}#comment-{comment.pk}"
    n.refresh_from_db()
    assert n.read_at is not None
    assert Event.objects.filter(verb="notifications.read", actor=editor).exists()


def test_mark_read_and_all_read(editor_client, review, reviewer, editor):
    workflow.add_comment(review=review, user=reviewer, body="@edith one")
    workflow.add_comment(review=review, user=reviewer, body="@edith two")
    first, _second = Notification.objects.order_by("pk")
    response = editor_client.post(
        reverse("notification_read", args=[first.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="inbox-list",
    )
    assert response.status_code == 200
    assert 'id="inbox-list"' in response.content.decode()
    assert notifications.unread_count(editor) == 1
    editor_client.post(reverse("notification_read_all"))
    assert notifications.unread_count(editor) == 0


def test_nobody_sees_or_marks_another_persons_notification(
    reviewer_client, review, reviewer, editor
):
    workflow.add_comment(review=review, user=reviewer, body="@edith look")
    n = Notification.objects.get()
    assert reviewer_client.get(reverse("notification_open", args=[n.pk])).status_code == 404
    assert reviewer_client.post(reverse("notification_read", args=[n.pk])).status_code == 404
    reviewer_client.post(reverse("notification_read_all"))
    n.refresh_from_db()
    assert n.read_at is None
    assert f"notification-{n.pk}" not in reviewer_client.get(reverse("inbox")).content.decode()


def test_the_inbox_needs_a_login(client):
    assert client.get(reverse("inbox")).status_code == 302


def test_a_signed_out_poll_of_the_count_swaps_nothing(client):
    response = client.get(reverse("inbox_count"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response.content == b""


def test_the_settings_page_saves_the_choice(editor_client, editor):
    page = editor_client.get(reverse("notification_settings")).content.decode()
    assert re.search(r'value="every"[^>]*checked', page)
    response = editor_client.post(reverse("notification_settings"), {"email": "digest"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=editor).email == "digest"
    assert editor_client.post(reverse("notification_settings"), {"email": "x"}).status_code == 400
    assert NotificationPreference.objects.get(user=editor).email == "digest"


@pytest.mark.parametrize("n", [3, 30])
def test_the_inbox_takes_a_fixed_number_of_queries(
    editor_client, editor, reviewer, n, django_assert_max_num_queries
):
    for i in range(n):
        r = ReviewFactory(story__created_by=editor, created_by=editor)
        r.reviewers.add(reviewer)
        workflow.add_comment(review=r, user=reviewer, body=f"@edith look at {i}")
    assert Notification.objects.count() == n
    with django_assert_max_num_queries(8):
        response = editor_client.get(reverse("inbox"))
    assert response.content.decode().count('class="notification ') == n


def test_a_notification_goes_with_its_review(review, reviewer, editor):
    workflow.add_comment(review=review, user=reviewer, body="@edith look")
    assert Review.objects.filter(pk=review.pk).exists()
    assert Notification.objects.filter(review=review).count() == 1


def test_comments_without_mentions_cost_no_notification_query(
    review, reviewer, django_assert_max_num_queries
):
    CommentFactory(review=review, author=reviewer)
    UserFactory(username="bystander")
    workflow.add_comment(review=review, user=reviewer, body="warm up")
    with django_assert_max_num_queries(6):
        workflow.add_comment(review=review, user=reviewer, body="No names here.")


def test_every_kind_of_notification_is_emailed_in_one_line_subjects(
    editor, reviewer, django_capture_on_commit_callbacks
):
    review = ReviewFactory(
        story__title="Pool\nclosure", story__created_by=editor, created_by=editor
    )
    review.reviewers.add(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(review=review, user=reviewer, note="Recount")
    [email] = mail.outbox
    assert email.subject == "[Newsdesk] Changes requested on your story: Pool closure"
    assert "Recount" in email.body
