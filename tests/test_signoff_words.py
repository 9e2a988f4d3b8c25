"""The sign-off in words: the header's line, and the panel's state for each of the user's roles.

Personas (tests/conftest.py): Edith the editor, Rita the reviewer assigned to the review, Ravi a
reviewer who is not; Dana (here) is in both groups.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from reviews import workflow
from tests.factories import ClaimFactory, HighlightFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _page(client, review) -> str:
    response = client.get(reverse("review_workspace", args=[review.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _role_box(page: str, role: str) -> str:
    start = page.index(f'<div class="ws-role" data-role="{role}">')
    return page[start : page.index("</div>", start)]


def _header_line(page: str) -> str:
    match = re.search(r'<dd id="review-signoff-state" data-signoff="(\w+)">([^<]*)</dd>', page)
    assert match, "no sign-off line in the header"
    return f"{match[1]}: {match[2]}"


@pytest.fixture
def dana(db):
    user = UserFactory(username="dana", first_name="Dana", last_name="Ross")
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Reviewers"]))
    return user


def _numbered_blockers(review):
    """Claims C1 (pending), C2 (verified), C3 (pending) in text order; findings #1 (minor,
    open: not a blocker) and #2 (critical, open)."""
    late = ClaimFactory(review=review, text="take about a year")
    ClaimFactory(
        review=review,
        text="shut the Riverside pool",
        verdict="verified",
        evidence_url="https://example.org/report",
    )
    early = ClaimFactory(review=review, text="voted 9-0")
    HighlightFactory(review=review, text="local swimmers", severity="minor")
    finding = HighlightFactory(review=review, text="$1.2 million", severity="critical")
    return early, late, finding


# --- What blocks, by number -------------------------------------------------------------------


def test_the_panel_names_blocking_items_by_their_workspace_numbers(reviewer_client, review):
    early, late, finding = _numbered_blockers(review)
    page = _page(reviewer_client, review)
    box = _role_box(page, "reviewer")
    assert (
        f'2 claims pending: <a href="#claim-{early.pk}" data-go="c{early.pk}" '
        f'title="Claim C1 pending: &quot;voted 9-0&quot;">C1</a>, '
        f'<a href="#claim-{late.pk}" data-go="c{late.pk}" '
        f'title="Claim C3 pending: &quot;take about a year&quot;">C3</a>'
    ) in box
    assert (
        f'1 critical or major finding open: <a href="#finding-{finding.pk}" data-go="h{finding.pk}"'
    ) in box
    assert f'data-go="h{finding.pk}" title="#2 Critical number finding open' in box
    assert 'data-action="sign-off"' not in box
    # The numbers are the ones the items carry in their panels.
    for tag, item in (("C1", f"claim-{early.pk}"), ("C3", f"claim-{late.pk}")):
        li = page[page.index(f'<li id="{item}"') :]
        assert f">{tag}" in li[: li.index("</li>")]
    li = page[page.index(f'<li id="finding-{finding.pk}"') :]
    assert ">#2 " in li[: li.index("</li>")]


def test_a_refused_sign_off_names_the_items_by_number(reviewer_client, review):
    _numbered_blockers(review)
    response = reviewer_client.post(
        reverse("review_sign_off", args=[review.pk]), {"role": "reviewer"}, headers=HTMX
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "Claim C1 pending: &quot;voted 9-0&quot;" in text
    assert "#2 Critical number finding open on the rewrite" in text


def test_blocker_numbers_follow_the_workflow(review, reviewer):
    early, late, finding = _numbered_blockers(review)
    blockers = workflow.content_blockers(review)
    assert [(b.kind, b.object_id, b.number, b.state) for b in blockers] == [
        ("claim", early.pk, 1, "pending"),
        ("claim", late.pk, 3, "pending"),
        ("highlight", finding.pk, 2, "open"),
    ]


# --- Signed already ---------------------------------------------------------------------------


def test_a_reviewer_who_signed_sees_that_the_editor_is_next(reviewer_client, reviewer, review):
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    box = _role_box(_page(reviewer_client, review), "reviewer")
    assert '<p class="ws-signed" data-state="signed">Signed by you, waiting for the editor.' in box
    assert "data-action" not in box


def test_an_editor_who_signed_first_waits_for_the_reviewer(editor_client, editor, settings):
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor", "reviewer"]
    review = ReviewFactory(story__created_by=editor)
    workflow.sign_off(review=review, user=editor, role="editor")
    box = _role_box(_page(editor_client, review), "editor")
    assert "Signed by you, waiting for the reviewer." in box
    assert "data-action" not in box


def test_a_second_reviewer_sees_who_signed(client, reviewer, other_reviewer, editor):
    review = ReviewFactory(story__created_by=editor)  # nobody assigned: both may sign
    reviewer.first_name, reviewer.last_name = "Rita", "Okafor"
    reviewer.save()
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    client.force_login(other_reviewer)
    box = _role_box(_page(client, review), "reviewer")
    assert "Signed by Rita Okafor, waiting for the editor." in box


def test_someone_in_both_groups_sees_their_own_sign_off_and_why_not_the_other(client, dana):
    review = ReviewFactory(story__created_by=dana)
    workflow.sign_off(review=review, user=dana, role="reviewer")
    client.force_login(dana)
    page = _page(client, review)
    assert "Signed by you, waiting for the editor." in _role_box(page, "reviewer")
    editor_box = _role_box(page, "editor")
    assert '<p class="ws-cannot-sign" data-state="cannot">' in editor_box
    assert "the editor sign-off must come from someone else" in editor_box
    assert "data-action" not in editor_box


# --- Not assigned -----------------------------------------------------------------------------


def test_an_unassigned_reviewer_is_told_why_they_cannot_sign(client, other_reviewer, review):
    ClaimFactory(review=review)  # what blocks the assigned reviewer is not Ravi's concern
    client.force_login(other_reviewer)
    box = _role_box(_page(client, review), "reviewer")
    assert (
        '<p class="ws-cannot-sign" data-state="cannot">Only the assigned reviewers can sign off '
        "as reviewer: you are not assigned to this review.</p>"
    ) in box
    assert "data-action" not in box and "ws-blockers" not in box


def test_the_assignment_rule_is_a_blocker_of_the_workflow(review, other_reviewer, reviewer):
    kinds = [b.kind for b in workflow.sign_off_blockers(review, other_reviewer, "reviewer")]
    assert kinds == ["assignment"]
    assert workflow.sign_off_blockers(review, reviewer, "reviewer") == []
    review.reviewers.clear()  # nobody assigned: any reviewer may work on it, and sign
    assert workflow.sign_off_blockers(review, other_reviewer, "reviewer") == []


# --- The header's line ------------------------------------------------------------------------


def test_the_header_says_nobody_has_signed(reviewer_client, review):
    assert _header_line(_page(reviewer_client, review)) == (
        "none: Nobody has signed yet: reviewer first, then editor"
    )


def test_the_header_names_a_single_required_role(reviewer_client, review, settings):
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]
    assert _header_line(_page(reviewer_client, review)) == (
        "none: Nobody has signed yet: editor to sign"
    )


def test_the_header_says_who_signed_and_who_is_next(reviewer_client, reviewer, review):
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    assert _header_line(_page(reviewer_client, review)) == (
        "partial: Reviewer signed (rita), editor to sign (someone other than rita)"
    )


def test_without_separation_of_duties_anyone_with_the_role_is_next(
    reviewer_client, reviewer, review, settings
):
    settings.NEWSDESK_SEPARATE_SIGNOFFS = False
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    assert _header_line(_page(reviewer_client, review)) == (
        "partial: Reviewer signed (rita), editor to sign"
    )


def test_the_header_names_both_signers_once_signed_off(reviewer_client, reviewer, editor, review):
    editor.first_name, editor.last_name = "Edith", "Marsh"
    editor.save()
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    workflow.sign_off(review=review, user=editor, role="editor")
    assert _header_line(_page(reviewer_client, review)) == (
        "complete: Signed off by rita (reviewer) and Edith Marsh (editor)"
    )


def test_the_header_says_when_the_editor_signed_over_blockers(
    reviewer_client, editor, review, settings
):
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]
    ClaimFactory(review=review)
    workflow.sign_off(review=review, user=editor, role="editor", override_reason="Deadline")
    assert _header_line(_page(reviewer_client, review)) == (
        "complete: Signed off by edith (editor, over blockers)"
    )


def test_the_header_says_changes_were_requested(reviewer_client, reviewer, review):
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    workflow.request_changes(review=review, user=reviewer, note="Fix the vote count")
    assert _header_line(_page(reviewer_client, review)) == (
        "changes: Reviewer signed (rita); changes requested since"
    )


def test_a_sign_off_answers_with_the_new_header_line(reviewer_client, review):
    response = reviewer_client.post(
        reverse("review_sign_off", args=[review.pk]),
        {"role": "reviewer", "expected_sha256": review.rewrite.sha256},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<header id="ws-header" class="ws-header" hx-swap-oob="true">' in html
    assert "Reviewer signed (rita), editor to sign" in _header_line(html)
    assert "Signed by you, waiting for the editor." in html
