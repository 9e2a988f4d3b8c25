"""The conversation travels with the work: a new rewrite version's review opens with the earlier
review's discussion, each comment saying which version's review it was written on.

Rita disputes a claim and discusses the review; Edith requests changes, then edits the rewrite.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews import workflow
from reviews.models import Comment, Highlight
from reviews.workflow import Conflict
from tests.test_carry_over import BLAME, MAYOR, REWRITE, _claim, _edit, _finding, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(editor, reviewer):
    return make_review(editor, reviewer)


@pytest.fixture
def discussed(review, editor, reviewer):
    claim = _claim(review, reviewer, MAYOR, "disputed", note="Source has no afternoon visit.")
    thread = workflow.add_comment(
        review=review, user=reviewer, body="Which visit is meant?", claim=claim
    )
    workflow.add_comment(review=review, user=editor, body="The second one.", parent=thread)
    workflow.add_comment(review=review, user=reviewer, body="Overall the tone is fine.")
    workflow.request_changes(review=review, user=editor, note="Fix the head count.")
    return claim


def test_threads_on_carried_items_and_the_review_come_along(review, editor, reviewer, discussed):
    new = _edit(review, editor, "UPDATE: " + REWRITE)
    claim = new.claims.get(carried_from=discussed)
    bodies = list(claim.comments.order_by("created_at", "pk").values_list("body", flat=True))
    assert bodies == [
        "Disputed: Source has no afternoon visit.",
        "Which visit is meant?",
        "The second one.",
    ]
    reply = claim.comments.get(body="The second one.")
    assert reply.parent.body == "Which visit is meant?" and reply.parent.review == new
    on_review = new.comments.filter(highlight=None, claim=None).values_list("body", flat=True)
    assert set(on_review) == {"Overall the tone is fine.", "Changes requested: Fix the head count."}
    for copy in new.comments.all():
        original = copy.carried_from
        assert (original.review, original.body, original.author) == (review, copy.body, copy.author)
        assert copy.created_at == original.created_at


def test_the_new_workspace_shows_the_earlier_discussion_read_only(
    client,
    review,
    editor,
    reviewer,
    discussed,
):
    new = _edit(review, editor, "UPDATE: " + REWRITE)
    client.force_login(reviewer)
    html = client.get(reverse("review_workspace", args=[new.pk])).content.decode()
    assert "No comments on the review yet" not in html
    assert "Changes requested: Fix the head count." in html
    assert html.count("on the review of v2") == 2
    claim = new.claims.get(carried_from=discussed)
    detail = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Which visit is meant?" in detail and "on the review of v2" in detail
    # Rita wrote it, but it is kept as written: no edit form, and the workflow refuses.
    mine = new.comments.get(body="Which visit is meant?")
    assert reverse("comment_edit", args=[mine.pk]) not in detail
    with pytest.raises(Conflict, match="kept as written"):
        workflow.edit_comment(comment=mine, user=reviewer, body="Edited later")
    # The thread goes on in the new review.
    reply = workflow.add_comment(review=new, user=reviewer, body="Still unclear.", parent=mine)
    assert (reply.claim, reply.carried_from) == (claim, None)


def test_comments_keep_the_version_they_were_written_on_across_edits(
    review,
    editor,
    reviewer,
    discussed,
):
    v3 = _edit(review, editor, "UPDATE: " + REWRITE)
    workflow.add_comment(review=v3, user=reviewer, body="Written on v3.")
    v4 = _edit(v3, editor, "UPDATE 2: " + REWRITE)
    versions = {
        c.body: c.carried_from.review.rewrite.number
        for c in v4.comments.select_related("carried_from__review__rewrite")
    }
    assert versions["Written on v3."] == 3
    assert versions["Which visit is meant?"] == 2
    assert v4.comments.count() == v3.comments.count() == 6


def test_comments_on_items_that_were_not_carried_stay_behind(review, editor, reviewer):
    suggestion = _finding(review, reviewer, BLAME, category="unsupported", severity="major")
    Highlight.objects.filter(pk=suggestion.pk).update(origin="engine", status="suggested")
    workflow.add_comment(review=review, user=reviewer, body="Not sure.", highlight=suggestion)
    new = _edit(review, editor, "UPDATE: " + REWRITE)
    assert not new.comments.exists()
    assert Comment.objects.filter(body="Not sure.").count() == 1


def test_earlier_reviews_are_one_click_away(client, review, editor, reviewer):
    v3 = _edit(review, editor, "UPDATE: " + REWRITE)
    v4 = _edit(v3, editor, "UPDATE 2: " + REWRITE)
    client.force_login(reviewer)
    html = client.get(reverse("review_workspace", args=[v4.pk])).content.decode()
    assert f'href="{reverse("review_workspace", args=[v3.pk])}" data-earlier-review="3"' in html
    assert f'href="{reverse("review_workspace", args=[review.pk])}" data-earlier-review="2"' in html
    first = client.get(reverse("review_workspace", args=[review.pk])).content.decode()
    assert "data-earlier-review" not in first


def test_a_removed_claim_keeps_its_dispute_thread_in_the_removed_list(
    client, review, editor, reviewer, discussed
):
    new = _edit(review, editor, REWRITE.replace(" " + MAYOR, ""))
    claim = new.claims.get(carried_from=discussed)
    assert claim.verdict == "removed"
    client.force_login(reviewer)
    html = client.get(reverse("review_workspace", args=[new.pk])).content.decode()
    section = html[html.index('id="removed-panel"') :]
    assert "on the review of v2</span>: Disputed: Source has no afternoon visit." in section
    assert "The second one." in section
