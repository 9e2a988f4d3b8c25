"""The review workflow: every action's happy path, audit entry, and refusals that write nothing.

Personas (tests/conftest.py): Edith edits, Rita reviews and is assigned to `review`, Ravi reviews
but is not assigned, Oscar has no role.
"""

from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from newsdesk.models import Story, StoryVersion
from reviews import workflow
from reviews.anchoring import index_to_utf16
from reviews.models import Claim, Comment, Event, Highlight, Review, SignOff
from reviews.workflow import (
    Conflict,
    InvalidInput,
    NotAllowed,
    Selection,
    SignOffBlocked,
    VersionInput,
)
from tests.factories import (
    REWRITE_BODY,
    SOURCE_BODY,
    ClaimFactory,
    HighlightFactory,
    ReviewFactory,
    UserFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db


def sel(text: str, quote: str, nth: int = 0, context: int = 32) -> Selection:
    """A browser selection of the nth occurrence of quote, in UTF-16 offsets."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    return Selection(
        index_to_utf16(text, start),
        index_to_utf16(text, end),
        quote,
        text[max(0, start - context) : start],
        text[end : end + context],
    )


@contextmanager
def writes_nothing(*models):
    """Assert the block adds or removes no row of the given models, nor any Event."""
    tracked = (*models, Event)
    before = {m.__name__: m.objects.count() for m in tracked}
    yield
    assert {m.__name__: m.objects.count() for m in tracked} == before


@contextmanager
def one_event(verb: str):
    """Assert the block records exactly one Event, of this verb; yields a holder for it."""
    last = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    holder: dict = {}
    yield holder
    events = list(Event.objects.filter(pk__gt=last).order_by("pk"))
    assert [e.verb for e in events] == [verb]
    holder["event"] = events[0]


def verbs_since(pk: int) -> list[str]:
    return list(Event.objects.filter(pk__gt=pk).order_by("pk").values_list("verb", flat=True))


def last_event_pk() -> int:
    return Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def data(body: str, origin: str = "ai") -> VersionInput:
    return VersionInput(body=body, origin=origin)


# --- create_story ---------------------------------------------------------------------------


def test_editor_creates_story_with_source_rewrite_and_open_review(editor, reviewer):
    mark = last_event_pk()
    story, review = workflow.create_story(
        user=editor,
        title="Pool closes",
        desk="Local",
        source=data(SOURCE_BODY, "wire"),
        rewrite=data(REWRITE_BODY),
        reviewers=[reviewer],
    )
    assert [(v.number, v.role) for v in story.versions.all()] == [(1, "source"), (2, "rewrite")]
    assert story.versions.get(number=2).based_on == story.versions.get(number=1)
    assert (review.status, review.source.number, review.rewrite.number) == ("open", 1, 2)
    assert list(review.reviewers.all()) == [reviewer]
    assert verbs_since(mark) == [
        "story.created",
        "version.created",
        "version.created",
        "review.created",
        "review.reviewers_set",
    ]


def test_reviewer_cannot_create_a_story(reviewer):
    with writes_nothing(Story, StoryVersion, Review), pytest.raises(NotAllowed):
        workflow.create_story(
            user=reviewer,
            title="T",
            desk="",
            source=data(SOURCE_BODY, "wire"),
            rewrite=data(REWRITE_BODY),
        )


def test_create_story_with_an_empty_rewrite_writes_nothing(editor):
    with writes_nothing(Story, StoryVersion, Review), pytest.raises(InvalidInput):
        workflow.create_story(
            user=editor,
            title="T",
            desk="",
            source=data(SOURCE_BODY, "wire"),
            rewrite=data(" \r\n\x00 "),
        )


def test_create_story_with_a_non_reviewer_assigned_writes_nothing(editor, outsider):
    with writes_nothing(Story, StoryVersion, Review), pytest.raises(InvalidInput):
        workflow.create_story(
            user=editor,
            title="T",
            desk="",
            source=data(SOURCE_BODY, "wire"),
            rewrite=data(REWRITE_BODY),
            reviewers=[outsider],
        )


def test_create_story_without_a_title_writes_nothing(editor):
    with writes_nothing(Story, StoryVersion, Review), pytest.raises(InvalidInput):
        workflow.create_story(
            user=editor, title="  ", desk="", source=data("a", "wire"), rewrite=data("b")
        )


# --- assign_reviewers -----------------------------------------------------------------------


def test_editor_assigns_reviewers(review, editor, reviewer, other_reviewer):
    with one_event("review.reviewers_set") as ev:
        workflow.assign_reviewers(review=review, user=editor, reviewers=[other_reviewer])
    assert list(review.reviewers.all()) == [other_reviewer]
    assert ev["event"].before == {"reviewers": ["rita"]}
    assert ev["event"].after == {"reviewers": ["ravi"]}


def test_reviewer_cannot_assign_reviewers(review, reviewer, other_reviewer):
    with writes_nothing(), pytest.raises(NotAllowed):
        workflow.assign_reviewers(review=review, user=reviewer, reviewers=[other_reviewer])
    assert list(review.reviewers.all()) == [reviewer]


def test_assigning_someone_without_the_reviewer_role_is_refused(review, editor, outsider):
    with writes_nothing(), pytest.raises(InvalidInput):
        workflow.assign_reviewers(review=review, user=editor, reviewers=[outsider])


def test_closed_review_refuses_assignment(review, editor, other_reviewer):
    Review.objects.filter(pk=review.pk).update(status="superseded")
    with writes_nothing(), pytest.raises(Conflict):
        workflow.assign_reviewers(review=review, user=editor, reviewers=[other_reviewer])


# --- Highlights -----------------------------------------------------------------------------


def test_assigned_reviewer_creates_a_highlight(review, reviewer):
    with one_event("highlight.created") as ev:
        h = workflow.create_highlight(
            review=review,
            user=reviewer,
            side="rewrite",
            selection=sel(REWRITE_BODY, "9-0"),
            category="number",
            severity="critical",
            note="Source says 7-2.",
        )
    assert (h.start, h.end, h.quote) == (
        REWRITE_BODY.index("9-0"),
        REWRITE_BODY.index("9-0") + 3,
        "9-0",
    )
    assert (h.status, h.origin, h.author) == ("open", "reviewer", reviewer)
    assert ev["event"].after["status"] == "open"
    assert ev["event"].object_id == h.pk


def test_highlight_on_the_source_side_anchors_to_the_source(review, reviewer):
    h = workflow.create_highlight(
        review=review,
        user=reviewer,
        side="source",
        selection=sel(SOURCE_BODY, "7-2"),
        category="number",
        severity="critical",
    )
    assert SOURCE_BODY[h.start : h.end] == "7-2"


def test_unassigned_reviewer_cannot_highlight_an_assigned_review(review, other_reviewer):
    with writes_nothing(Highlight), pytest.raises(NotAllowed):
        workflow.create_highlight(
            review=review,
            user=other_reviewer,
            side="rewrite",
            selection=sel(REWRITE_BODY, "9-0"),
            category="number",
            severity="critical",
        )


def test_unassigned_reviewer_can_work_on_a_review_nobody_is_assigned_to(editor, other_reviewer):
    review = ReviewFactory(story__created_by=editor)
    h = workflow.create_highlight(
        review=review,
        user=other_reviewer,
        side="rewrite",
        selection=sel(REWRITE_BODY, "9-0"),
        category="number",
        severity="critical",
    )
    assert h.author == other_reviewer


def test_outsider_cannot_highlight(editor, outsider):
    review = ReviewFactory(story__created_by=editor)
    with writes_nothing(Highlight), pytest.raises(NotAllowed):
        workflow.create_highlight(
            review=review,
            user=outsider,
            side="rewrite",
            selection=sel(REWRITE_BODY, "9-0"),
            category="number",
            severity="critical",
        )


def test_highlight_whose_quote_is_not_in_the_text_is_refused(review, reviewer):
    with writes_nothing(Highlight), pytest.raises(InvalidInput):
        workflow.create_highlight(
            review=review,
            user=reviewer,
            side="rewrite",
            selection=Selection(0, 5, "seven"),
            category="number",
            severity="critical",
        )


@pytest.mark.parametrize(
    ("side", "category", "severity"),
    [("middle", "number", "major"), ("rewrite", "typo", "major"), ("rewrite", "number", "huge")],
)
def test_highlight_with_unknown_choices_is_refused(review, reviewer, side, category, severity):
    with writes_nothing(Highlight), pytest.raises(InvalidInput):
        workflow.create_highlight(
            review=review,
            user=reviewer,
            side=side,
            selection=sel(REWRITE_BODY, "9-0"),
            category=category,
            severity=severity,
        )


def test_closed_review_refuses_highlights(review, reviewer):
    Review.objects.filter(pk=review.pk).update(status="signed_off")
    with writes_nothing(Highlight), pytest.raises(Conflict):
        workflow.create_highlight(
            review=review,
            user=reviewer,
            side="rewrite",
            selection=sel(REWRITE_BODY, "9-0"),
            category="number",
            severity="critical",
        )


def test_reviewer_accepts_an_engine_suggestion(review, reviewer):
    h = HighlightFactory(review=review, status="suggested", origin="engine", author=None)
    with one_event("highlight.accept") as ev:
        h = workflow.set_highlight_status(
            highlight=h, user=reviewer, action="accept", expected="suggested"
        )
    assert (h.status, h.status_changed_by) == ("open", reviewer)
    assert ev["event"].before["status"] == "suggested"
    assert ev["event"].after["status"] == "open"


def test_dismissing_a_highlight_keeps_the_reason(review, reviewer):
    h = HighlightFactory(review=review)
    with one_event("highlight.dismiss") as ev:
        workflow.set_highlight_status(
            highlight=h, user=reviewer, action="dismiss", reason="Fine in context"
        )
    h.refresh_from_db()
    assert (h.status, h.dismiss_reason) == ("dismissed", "Fine in context")
    assert ev["event"].message == "Fine in context"


def test_a_reopened_finding_no_longer_shows_why_it_was_dismissed(review, reviewer):
    h = HighlightFactory(review=review)
    workflow.set_highlight_status(
        highlight=h, user=reviewer, action="dismiss", reason="Fine in context"
    )
    workflow.set_highlight_status(highlight=h, user=reviewer, action="reopen")
    h.refresh_from_db()
    assert (h.status, h.dismiss_reason) == ("open", "")
    # The reason stays in the audit log, on the dismissal's event.
    dismissal = Event.objects.get(verb="highlight.dismiss", object_id=h.pk)
    assert dismissal.message == "Fine in context"


def test_resolving_a_confirmed_finding_keeps_what_was_fixed(review, reviewer):
    h = HighlightFactory(review=review, status="suggested", origin="engine", author=None)
    workflow.set_highlight_status(highlight=h, user=reviewer, action="accept", expected="suggested")
    with one_event("highlight.resolve") as ev:
        workflow.set_highlight_status(
            highlight=h, user=reviewer, action="resolve", reason="Score set back to 7-2"
        )
    h.refresh_from_db()
    assert (h.status, h.resolution_note) == ("resolved", "Score set back to 7-2")
    assert ev["event"].message == "Score set back to 7-2"
    assert (ev["event"].before["status"], ev["event"].after["status"]) == ("open", "resolved")

    # Reopened and resolved again without a note: the old note does not stay behind.
    workflow.set_highlight_status(highlight=h, user=reviewer, action="reopen")
    workflow.set_highlight_status(highlight=h, user=reviewer, action="resolve")
    h.refresh_from_db()
    assert (h.status, h.resolution_note) == ("resolved", "")


def test_stale_expected_highlight_status_is_a_conflict(review, reviewer):
    h = HighlightFactory(review=review, status="resolved")
    with writes_nothing(Highlight), pytest.raises(Conflict):
        workflow.set_highlight_status(highlight=h, user=reviewer, action="reopen", expected="open")
    h.refresh_from_db()
    assert h.status == "resolved"


def test_impossible_highlight_transition_is_a_conflict(review, reviewer):
    h = HighlightFactory(review=review, status="open")
    with writes_nothing(), pytest.raises(Conflict):
        workflow.set_highlight_status(highlight=h, user=reviewer, action="accept")
    h.refresh_from_db()
    assert h.status == "open"


def test_unknown_highlight_action_is_refused(review, reviewer):
    h = HighlightFactory(review=review)
    with writes_nothing(), pytest.raises(InvalidInput):
        workflow.set_highlight_status(highlight=h, user=reviewer, action="delete")


def test_unassigned_reviewer_cannot_change_a_highlight(review, other_reviewer):
    h = HighlightFactory(review=review)
    with writes_nothing(), pytest.raises(NotAllowed):
        workflow.set_highlight_status(highlight=h, user=other_reviewer, action="resolve")
    h.refresh_from_db()
    assert h.status == "open"


def test_closed_review_refuses_highlight_status_changes(review, reviewer):
    h = HighlightFactory(review=review)
    Review.objects.filter(pk=review.pk).update(status="superseded")
    with writes_nothing(), pytest.raises(Conflict):
        workflow.set_highlight_status(highlight=h, user=reviewer, action="resolve")


def test_reviewer_corrects_a_highlight_severity(review, reviewer):
    h = HighlightFactory(review=review, severity="critical")
    with one_event("highlight.edited") as ev:
        h = workflow.edit_highlight(highlight=h, user=reviewer, severity="minor")
    assert h.severity == "minor"
    assert (ev["event"].before["severity"], ev["event"].after["severity"]) == ("critical", "minor")


def test_editing_a_highlight_to_what_it_is_records_nothing(review, reviewer):
    h = HighlightFactory(review=review, severity="critical")
    with writes_nothing():
        workflow.edit_highlight(highlight=h, user=reviewer, severity="critical")


def test_editing_a_highlight_with_an_unknown_category_is_refused(review, reviewer):
    h = HighlightFactory(review=review)
    with writes_nothing(), pytest.raises(InvalidInput):
        workflow.edit_highlight(highlight=h, user=reviewer, category="typo")


# --- Claims ---------------------------------------------------------------------------------


def test_reviewer_marks_a_claim(review, reviewer):
    with one_event("claim.created") as ev:
        claim = workflow.create_claim(
            review=review, user=reviewer, selection=sel(REWRITE_BODY, "take about a year")
        )
    assert (claim.verdict, claim.quote, claim.created_by) == (
        "pending",
        "take about a year",
        reviewer,
    )
    assert ev["event"].after == {"verdict": "pending", "quote": "take about a year"}


def test_the_same_claim_span_twice_is_a_conflict(review, reviewer):
    workflow.create_claim(review=review, user=reviewer, selection=sel(REWRITE_BODY, "9-0"))
    with writes_nothing(Claim), pytest.raises(Conflict):
        workflow.create_claim(review=review, user=reviewer, selection=sel(REWRITE_BODY, "9-0"))


def test_a_selection_in_the_source_cannot_be_a_claim(review, reviewer):
    # The quote is in both texts: anchored in the rewrite, the source's offsets would find it.
    with writes_nothing(Claim), pytest.raises(InvalidInput, match="rewrite column"):
        workflow.create_claim(
            review=review,
            user=reviewer,
            selection=sel(SOURCE_BODY, "Repairs will cost $1.2 million"),
            side="source",
        )


def test_unassigned_reviewer_cannot_mark_a_claim(review, other_reviewer):
    with writes_nothing(Claim), pytest.raises(NotAllowed):
        workflow.create_claim(
            review=review, user=other_reviewer, selection=sel(REWRITE_BODY, "9-0")
        )


def test_verifying_a_claim_with_a_source_span(review, reviewer):
    claim = ClaimFactory(review=review)
    with one_event("claim.verified") as ev:
        claim = workflow.set_verdict(
            claim=claim,
            user=reviewer,
            verdict="verified",
            evidence=sel(SOURCE_BODY, "Repairs will cost $1.2 million"),
            expected="pending",
        )
    assert claim.verdict == "verified"
    assert SOURCE_BODY[claim.evidence_start : claim.evidence_end] == claim.evidence_quote
    assert claim.verdict_by == reviewer
    assert ev["event"].before["verdict"] == "pending"
    assert ev["event"].after["verdict"] == "verified"


def test_verifying_a_claim_with_a_link(review, reviewer):
    claim = ClaimFactory(review=review)
    claim = workflow.set_verdict(
        claim=claim, user=reviewer, verdict="verified", evidence_url="https://example.org/r"
    )
    assert (claim.verdict, claim.evidence_url, claim.evidence_start) == (
        "verified",
        "https://example.org/r",
        None,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"verdict": "verified"},
        {"verdict": "verified", "evidence_url": "javascript:alert(1)"},
        {"verdict": "disputed"},
        {"verdict": "disputed", "note": "   "},
        {"verdict": "maybe", "note": "x"},
        {"verdict": "verified", "evidence": Selection(0, 4, "nope")},
    ],
)
def test_verdict_without_what_it_needs_is_refused(review, reviewer, kwargs):
    claim = ClaimFactory(review=review)
    with writes_nothing(Claim, Comment), pytest.raises(InvalidInput):
        workflow.set_verdict(claim=claim, user=reviewer, **kwargs)
    claim.refresh_from_db()
    assert claim.verdict == "pending"


def test_disputing_a_claim_posts_the_reason_on_its_thread(review, reviewer):
    claim = ClaimFactory(review=review)
    with one_event("claim.disputed") as ev:
        workflow.set_verdict(claim=claim, user=reviewer, verdict="disputed", note="Says 8 months")
    comment = Comment.objects.get(claim=claim)
    assert (comment.author, comment.body) == (reviewer, "Disputed: Says 8 months")
    assert ev["event"].after["note"] == "Says 8 months"


def test_stale_expected_verdict_is_a_conflict(review, reviewer, editor):
    claim = ClaimFactory(review=review)
    workflow.set_verdict(claim=claim, user=editor, verdict="disputed", note="Wrong")
    with writes_nothing(Claim, Comment), pytest.raises(Conflict):
        workflow.set_verdict(
            claim=claim,
            user=reviewer,
            verdict="verified",
            evidence_url="https://example.org",
            expected="pending",
        )
    claim.refresh_from_db()
    assert (claim.verdict, claim.verdict_by) == ("disputed", editor)


def test_unassigned_reviewer_cannot_give_a_verdict(review, other_reviewer):
    claim = ClaimFactory(review=review)
    with writes_nothing(Claim, Comment), pytest.raises(NotAllowed):
        workflow.set_verdict(claim=claim, user=other_reviewer, verdict="disputed", note="No source")


def test_closed_review_refuses_verdicts(review, reviewer):
    claim = ClaimFactory(review=review)
    Review.objects.filter(pk=review.pk).update(status="signed_off")
    with writes_nothing(Claim, Comment), pytest.raises(Conflict):
        workflow.set_verdict(claim=claim, user=reviewer, verdict="disputed", note="x")


# --- Comments -------------------------------------------------------------------------------


def test_reviewer_comments_on_the_review(review, reviewer):
    with one_event("comment.created") as ev:
        c = workflow.add_comment(review=review, user=reviewer, body="  Looks off.  ")
    assert (c.body, c.highlight, c.claim, c.parent) == ("Looks off.", None, None, None)
    assert ev["event"].after == {"body": "Looks off.", "parent": None}


def test_replies_stay_one_level_deep_on_the_thread_of_their_target(review, reviewer, editor):
    h = HighlightFactory(review=review)
    top = workflow.add_comment(review=review, user=reviewer, body="Wrong count", highlight=h)
    reply = workflow.add_comment(review=review, user=editor, body="Agreed", parent=top)
    with one_event("comment.replied"):
        deeper = workflow.add_comment(review=review, user=reviewer, body="Fixing", parent=reply)
    assert reply.parent == top
    assert deeper.parent == top
    assert (reply.highlight, deeper.highlight) == (h, h)


def test_comment_on_another_reviews_thread_is_refused(review, reviewer, editor):
    other = ReviewFactory(story__created_by=editor)
    h = HighlightFactory(review=other)
    with writes_nothing(Comment), pytest.raises(InvalidInput):
        workflow.add_comment(review=review, user=reviewer, body="x", highlight=h)


def test_comment_on_a_highlight_and_a_claim_at_once_is_refused(review, reviewer):
    h, c = HighlightFactory(review=review), ClaimFactory(review=review)
    with writes_nothing(Comment), pytest.raises(InvalidInput):
        workflow.add_comment(review=review, user=reviewer, body="x", highlight=h, claim=c)


def test_empty_comment_is_refused(review, reviewer):
    with writes_nothing(Comment), pytest.raises(InvalidInput):
        workflow.add_comment(review=review, user=reviewer, body="  ")


def test_unassigned_reviewer_cannot_comment(review, other_reviewer):
    with writes_nothing(Comment), pytest.raises(NotAllowed):
        workflow.add_comment(review=review, user=other_reviewer, body="Hi")


def test_closed_review_refuses_comments(review, reviewer):
    Review.objects.filter(pk=review.pk).update(status="superseded")
    with writes_nothing(Comment), pytest.raises(Conflict):
        workflow.add_comment(review=review, user=reviewer, body="Hi")


def test_author_edits_their_own_comment(review, reviewer):
    c = workflow.add_comment(review=review, user=reviewer, body="Frist")
    with one_event("comment.edited") as ev:
        c = workflow.edit_comment(comment=c, user=reviewer, body="First")
    assert c.body == "First"
    assert c.edited_at is not None
    assert (ev["event"].before, ev["event"].after) == ({"body": "Frist"}, {"body": "First"})


def test_nobody_edits_another_persons_comment(review, reviewer, editor):
    c = workflow.add_comment(review=review, user=reviewer, body="Mine")
    with writes_nothing(), pytest.raises(NotAllowed):
        workflow.edit_comment(comment=c, user=editor, body="Edith's now")
    c.refresh_from_db()
    assert c.body == "Mine"


def test_resolving_a_reply_resolves_its_thread(review, reviewer, editor):
    top = workflow.add_comment(review=review, user=reviewer, body="Q")
    reply = workflow.add_comment(review=review, user=editor, body="A", parent=top)
    with one_event("comment.resolved"):
        resolved = workflow.set_comment_resolved(comment=reply, user=reviewer, resolved=True)
    assert resolved.pk == top.pk
    top.refresh_from_db()
    assert (top.resolved, top.resolved_by) == (True, reviewer)
    with writes_nothing():
        workflow.set_comment_resolved(comment=top, user=reviewer, resolved=True)
    with one_event("comment.reopened"):
        workflow.set_comment_resolved(comment=top, user=reviewer, resolved=False)


def test_unassigned_reviewer_cannot_resolve_a_thread(review, reviewer, other_reviewer):
    top = workflow.add_comment(review=review, user=reviewer, body="Q")
    with writes_nothing(), pytest.raises(NotAllowed):
        workflow.set_comment_resolved(comment=top, user=other_reviewer, resolved=True)


# --- request_changes ------------------------------------------------------------------------


def test_reviewer_requests_changes(review, reviewer):
    mark = last_event_pk()
    review = workflow.request_changes(review=review, user=reviewer, note="Fix the vote count")
    assert review.status == "changes_requested"
    assert Comment.objects.get(review=review).body == "Changes requested: Fix the vote count"
    event = Event.objects.get(pk__gt=mark)
    assert event.verb == "review.changes_requested"
    assert (event.before, event.after) == ({"status": "open"}, {"status": "changes_requested"})


def test_requesting_changes_twice_is_a_conflict(review, reviewer):
    workflow.request_changes(review=review, user=reviewer, note="Fix it")
    with writes_nothing(Comment), pytest.raises(Conflict):
        workflow.request_changes(review=review, user=reviewer, note="Again")


def test_requesting_changes_needs_a_note(review, reviewer):
    with writes_nothing(Comment), pytest.raises(InvalidInput):
        workflow.request_changes(review=review, user=reviewer, note="")
    review.refresh_from_db()
    assert review.status == "open"


def test_unassigned_reviewer_cannot_request_changes(review, other_reviewer):
    with writes_nothing(Comment), pytest.raises(NotAllowed):
        workflow.request_changes(review=review, user=other_reviewer, note="No")


def test_review_with_changes_requested_cannot_be_signed_off(review, reviewer):
    workflow.request_changes(review=review, user=reviewer, note="Fix it")
    with writes_nothing(SignOff), pytest.raises(SignOffBlocked) as exc:
        workflow.sign_off(review=review, user=reviewer, role="reviewer")
    assert "status" in {b.kind for b in exc.value.blockers}


# --- Sign-off -------------------------------------------------------------------------------


def test_reviewer_then_editor_sign_off_closes_the_review(review, reviewer, editor):
    with one_event("signoff.created") as ev:
        first = workflow.sign_off(
            review=review,
            user=reviewer,
            role="reviewer",
            statement="Checked every claim.",
            expected_sha256=review.rewrite.sha256,
        )
    assert (first.role, first.version, first.sha256) == (
        "reviewer",
        review.rewrite,
        review.rewrite.sha256,
    )
    assert ev["event"].after["role"] == "reviewer"
    review.refresh_from_db()
    assert review.status == "open"
    mark = last_event_pk()
    workflow.sign_off(review=review, user=editor, role="editor")
    assert verbs_since(mark) == ["signoff.created", "review.signed_off"]
    review.refresh_from_db()
    assert review.status == "signed_off"
    assert review.story.status == "signed_off"
    closing = Event.objects.get(verb="review.signed_off")
    assert closing.before == {"status": "open"}
    assert closing.after == {"status": "signed_off", "sha256": review.rewrite.sha256}


def test_editor_cannot_sign_off_before_the_reviewer(review, editor):
    with writes_nothing(SignOff), pytest.raises(SignOffBlocked) as exc:
        workflow.sign_off(review=review, user=editor, role="editor")
    assert [b.kind for b in exc.value.blockers] == ["order"]


def test_reviewer_cannot_sign_off_as_editor(review, reviewer):
    with writes_nothing(SignOff), pytest.raises(NotAllowed):
        workflow.sign_off(review=review, user=reviewer, role="editor")


def test_editor_cannot_sign_off_as_reviewer(review, editor):
    with writes_nothing(SignOff), pytest.raises(NotAllowed):
        workflow.sign_off(review=review, user=editor, role="reviewer")


def test_outsider_cannot_sign_off(review, outsider):
    with writes_nothing(SignOff), pytest.raises(NotAllowed):
        workflow.sign_off(review=review, user=outsider, role="reviewer")


def test_unassigned_reviewer_cannot_sign_off(review, other_reviewer):
    with writes_nothing(SignOff), pytest.raises(NotAllowed):
        workflow.sign_off(review=review, user=other_reviewer, role="reviewer")


def test_unknown_role_is_refused(review, reviewer):
    with writes_nothing(SignOff), pytest.raises(InvalidInput):
        workflow.sign_off(review=review, user=reviewer, role="publisher")


def test_signing_off_twice_is_a_conflict(review, reviewer):
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    with writes_nothing(SignOff), pytest.raises(Conflict) as exc:
        workflow.sign_off(review=review, user=reviewer, role="reviewer")
    assert "duplicate" in {b.kind for b in exc.value.blockers}


def test_a_second_reviewer_sign_off_is_a_conflict(editor, reviewer, other_reviewer):
    review = ReviewFactory(story__created_by=editor)  # nobody assigned: both may work on it
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    with writes_nothing(SignOff), pytest.raises(Conflict):
        workflow.sign_off(review=review, user=other_reviewer, role="reviewer")


def test_stale_expected_sha256_is_a_conflict(review, reviewer):
    with writes_nothing(SignOff), pytest.raises(Conflict):
        workflow.sign_off(review=review, user=reviewer, role="reviewer", expected_sha256="0" * 64)


def test_only_the_newest_rewrite_can_be_signed_off(review, reviewer):
    VersionFactory(story=review.story, role="rewrite", body=REWRITE_BODY + " More.")
    with writes_nothing(SignOff), pytest.raises(SignOffBlocked) as exc:
        workflow.sign_off(review=review, user=reviewer, role="reviewer")
    assert [b.kind for b in exc.value.blockers] == ["version"]


@pytest.mark.parametrize("verdict", ["pending", "disputed"])
def test_unsettled_claim_blocks_sign_off(review, reviewer, verdict):
    claim = ClaimFactory(review=review, verdict=verdict, verdict_note="why")
    with writes_nothing(SignOff), pytest.raises(SignOffBlocked) as exc:
        workflow.sign_off(review=review, user=reviewer, role="reviewer")
    assert [(b.kind, b.object_id) for b in exc.value.blockers] == [("claim", claim.pk)]


def test_verified_claim_does_not_block_sign_off(review, reviewer):
    ClaimFactory(review=review, verdict="verified", evidence_url="https://example.org")
    assert workflow.sign_off(review=review, user=reviewer, role="reviewer")


@pytest.mark.parametrize("severity", ["critical", "major"])
@pytest.mark.parametrize("status", ["open", "suggested"])
def test_unsettled_severe_highlight_blocks_sign_off(review, reviewer, severity, status):
    h = HighlightFactory(review=review, severity=severity, status=status)
    with writes_nothing(SignOff), pytest.raises(SignOffBlocked) as exc:
        workflow.sign_off(review=review, user=reviewer, role="reviewer")
    assert [(b.kind, b.object_id) for b in exc.value.blockers] == [("highlight", h.pk)]


@pytest.mark.parametrize(
    ("severity", "status"),
    [("minor", "open"), ("minor", "suggested"), ("critical", "resolved"), ("major", "dismissed")],
)
def test_minor_or_settled_highlights_do_not_block_sign_off(review, reviewer, severity, status):
    HighlightFactory(review=review, severity=severity, status=status)
    assert workflow.sign_off_blockers(review, reviewer, "reviewer") == []
    assert workflow.sign_off(review=review, user=reviewer, role="reviewer")


def test_sign_off_blockers_lists_everything_in_the_way(review, editor):
    claim = ClaimFactory(review=review)
    h = HighlightFactory(review=review)
    kinds = [(b.kind, b.object_id) for b in workflow.sign_off_blockers(review, editor, "editor")]
    assert kinds == [("order", None), ("claim", claim.pk), ("highlight", h.pk)]


def test_closed_review_refuses_sign_off(review, reviewer):
    Review.objects.filter(pk=review.pk).update(status="superseded")
    with writes_nothing(SignOff), pytest.raises(Conflict):
        workflow.sign_off(review=review, user=reviewer, role="reviewer")


def test_editor_alone_completes_when_only_an_editor_is_required(review, editor, settings):
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]
    workflow.sign_off(review=review, user=editor, role="editor")
    review.refresh_from_db()
    assert review.status == "signed_off"


def test_reviewer_sign_off_is_refused_when_not_required(review, reviewer, settings):
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]
    with writes_nothing(SignOff), pytest.raises(SignOffBlocked) as exc:
        workflow.sign_off(review=review, user=reviewer, role="reviewer")
    assert [b.kind for b in exc.value.blockers] == ["role"]


def test_reviewer_cannot_sign_off_over_blockers_even_with_a_reason(review, reviewer):
    ClaimFactory(review=review)
    with writes_nothing(SignOff), pytest.raises(NotAllowed):
        workflow.sign_off(review=review, user=reviewer, role="reviewer", override_reason="Urgent")


def test_editor_override_is_recorded_with_the_blockers_it_overrode(review, editor, settings):
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]
    claim = ClaimFactory(review=review)
    h = HighlightFactory(review=review, severity="major")
    mark = last_event_pk()
    signoff = workflow.sign_off(
        review=review, user=editor, role="editor", override_reason="Deadline; fixed in print"
    )
    assert (signoff.override, signoff.override_reason) == (True, "Deadline; fixed in print")
    assert verbs_since(mark) == ["signoff.override", "review.signed_off"]
    event = Event.objects.get(verb="signoff.override")
    assert event.message == "Deadline; fixed in print"
    assert len(event.after["overridden"]) == 2
    assert event.after["overridden_ids"] == [["claim", claim.pk], ["highlight", h.pk]]


def test_editor_without_override_permission_cannot_sign_over_blockers(review, settings):
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]
    plain_editor = UserFactory(username="pat")
    plain_editor.user_permissions.add(
        Permission.objects.get(codename="sign_off_editor"),
        Permission.objects.get(codename="add_highlight"),
        Permission.objects.get(codename="view_story"),
    )
    ClaimFactory(review=review)
    with writes_nothing(SignOff), pytest.raises(NotAllowed):
        workflow.sign_off(review=review, user=plain_editor, role="editor", override_reason="Now")


def test_override_cannot_skip_the_order(review, editor):
    ClaimFactory(review=review)
    with writes_nothing(SignOff), pytest.raises(SignOffBlocked) as exc:
        workflow.sign_off(review=review, user=editor, role="editor", override_reason="Now")
    assert "order" in {b.kind for b in exc.value.blockers}


def test_blocked_sign_off_without_a_reason_is_not_an_override(review, editor, settings):
    settings.NEWSDESK_REQUIRED_SIGNOFFS = ["editor"]
    ClaimFactory(review=review)
    with writes_nothing(SignOff), pytest.raises(SignOffBlocked):
        workflow.sign_off(review=review, user=editor, role="editor")


# --- New rewrite versions -------------------------------------------------------------------

NEW_REWRITE = "UPDATE: " + REWRITE_BODY.replace("about a year", "eight months")


def test_new_rewrite_supersedes_the_open_review(review, editor, reviewer):
    mark = last_event_pk()
    new = workflow.add_rewrite_version(story=review.story, user=editor, data=data(NEW_REWRITE))
    review.refresh_from_db()
    assert (review.status, review.superseded_by) == ("superseded", new)
    assert (new.status, new.source, new.rewrite.number) == ("open", review.source, 3)
    assert new.rewrite.based_on == review.rewrite
    assert list(new.reviewers.all()) == [reviewer]
    assert verbs_since(mark) == [
        "version.created",
        "review.created",
        "review.superseded",
        "review.carried_over",
    ]
    superseded = Event.objects.get(verb="review.superseded")
    assert superseded.before == {"status": "open"}
    assert superseded.after == {"status": "superseded", "superseded_by": new.pk}
    assert review.story.status == "open"
    assert review.story.current_review() == new


def test_new_rewrite_carries_highlights_and_claims_re_anchored(review, editor, reviewer):
    h = workflow.create_highlight(
        review=review,
        user=reviewer,
        side="rewrite",
        selection=sel(REWRITE_BODY, "9-0"),
        category="number",
        severity="critical",
    )
    kept = workflow.create_claim(
        review=review, user=reviewer, selection=sel(REWRITE_BODY, "Repairs will cost $1.2 million")
    )
    workflow.set_verdict(
        claim=kept, user=reviewer, verdict="verified", evidence_url="https://example.org"
    )
    changed = workflow.create_claim(
        review=review, user=reviewer, selection=sel(REWRITE_BODY, "take about a year")
    )
    workflow.set_verdict(
        claim=changed, user=reviewer, verdict="verified", evidence_url="https://example.org"
    )
    new = workflow.add_rewrite_version(story=review.story, user=editor, data=data(NEW_REWRITE))
    moved = new.highlights.get()
    assert (moved.anchor_state, moved.status, moved.author) == ("moved", "open", reviewer)
    assert NEW_REWRITE[moved.start : moved.end] == "9-0"
    assert moved.pk != h.pk
    claims = {c.quote: c for c in new.claims.all()}
    assert claims["Repairs will cost $1.2 million"].verdict == "verified"
    assert claims["Repairs will cost $1.2 million"].anchor_state == "moved"
    # Its words were replaced: re-anchored on the new wording, the old one kept, to re-check.
    reworded = claims["take eight months"]
    assert (reworded.verdict, reworded.anchor_state) == ("pending", "moved")
    assert reworded.previous_quote == "take about a year"
    # The superseded review keeps its own records untouched.
    assert review.claims.filter(verdict="verified").count() == 2


def test_dismissed_reviewer_highlights_are_not_carried(review, editor, reviewer):
    h = HighlightFactory(review=review, author=reviewer)
    workflow.set_highlight_status(highlight=h, user=reviewer, action="dismiss")
    new = workflow.add_rewrite_version(story=review.story, user=editor, data=data(NEW_REWRITE))
    assert new.highlights.count() == 0


def test_decided_engine_findings_are_carried_untouched_ones_are_not(review, editor, reviewer):
    dismissed = HighlightFactory(review=review, origin="engine", status="suggested", author=None)
    HighlightFactory(
        review=review, origin="engine", status="suggested", author=None, text="Repairs"
    )
    workflow.set_highlight_status(highlight=dismissed, user=reviewer, action="dismiss")
    new = workflow.add_rewrite_version(story=review.story, user=editor, data=data(NEW_REWRITE))
    carried = new.highlights.get()
    assert (carried.quote, carried.status, carried.origin) == ("9-0", "dismissed", "engine")


def test_signed_off_review_stays_signed_off_after_a_new_rewrite(review, editor, reviewer):
    ClaimFactory(review=review, verdict="verified", evidence_url="https://example.org")
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    workflow.sign_off(review=review, user=editor, role="editor")
    claims_before = list(review.claims.values())
    new = workflow.add_rewrite_version(story=review.story, user=editor, data=data(NEW_REWRITE))
    review.refresh_from_db()
    assert (review.status, review.superseded_by) == ("signed_off", None)
    assert list(review.claims.values()) == claims_before
    assert review.signoffs.count() == 2
    assert new.status == "open"
    assert review.story.status == "open"
    assert not Event.objects.filter(verb="review.superseded").exists()


def test_new_rewrite_with_the_same_text_is_refused(review, editor):
    with writes_nothing(StoryVersion, Review), pytest.raises(workflow.NothingChanged):
        workflow.add_rewrite_version(
            story=review.story, user=editor, data=data(REWRITE_BODY.replace("\n", "\r\n"))
        )


def test_reviewer_cannot_add_a_rewrite_version(review, reviewer):
    with writes_nothing(StoryVersion, Review), pytest.raises(NotAllowed):
        workflow.add_rewrite_version(story=review.story, user=reviewer, data=data(NEW_REWRITE))


def test_new_rewrite_with_an_unknown_origin_writes_nothing(review, editor):
    with writes_nothing(StoryVersion, Review), pytest.raises(InvalidInput):
        workflow.add_rewrite_version(
            story=review.story, user=editor, data=data(NEW_REWRITE, origin="oracle")
        )
    review.refresh_from_db()
    assert review.status == "open"


# --- Concurrency (PostgreSQL) ---------------------------------------------------------------

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (SELECT FOR UPDATE) only exist on PostgreSQL; SQLite runs every write "
    "transaction one at a time (transaction_mode IMMEDIATE), so there is no race to test",
)
racing = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _race(*calls, timeout: float = 30) -> list:
    """Run the calls in threads released together; return each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a racing call never finished"
    return results


def _slow_down(monkeypatch, name: str, seconds: float = 0.5) -> None:
    """Make a workflow step pause after it ran, so a racing call would overtake it if it could."""
    original = getattr(workflow, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(seconds)
        return result

    # Patched where it is defined (a module of the workflow package), which is where it is called.
    monkeypatch.setattr(sys.modules[original.__module__], name, slow)


def _outcomes(results: list) -> list[str]:
    return sorted(
        "conflict" if isinstance(r, Conflict) else type(r).__name__.lower() for r in results
    )


@requires_postgres
@racing
def test_two_reviewers_racing_to_sign_off_leave_one_sign_off(
    editor, reviewer, other_reviewer, monkeypatch
):
    review = ReviewFactory(story__created_by=editor)  # nobody assigned: both may sign
    _slow_down(monkeypatch, "sign_off_blockers")
    results = _race(
        lambda: workflow.sign_off(review=review, user=reviewer, role="reviewer"),
        lambda: workflow.sign_off(review=review, user=other_reviewer, role="reviewer"),
    )
    assert _outcomes(results) == ["conflict", "signoff"]
    assert SignOff.objects.filter(review=review).count() == 1
    assert Event.objects.filter(verb="signoff.created").count() == 1


@requires_postgres
@racing
def test_the_same_reviewer_signing_off_twice_at_once_leaves_one_sign_off(
    review, reviewer, monkeypatch
):
    _slow_down(monkeypatch, "sign_off_blockers")
    results = _race(
        lambda: workflow.sign_off(review=review, user=reviewer, role="reviewer"),
        lambda: workflow.sign_off(review=review, user=reviewer, role="reviewer"),
    )
    assert _outcomes(results) == ["conflict", "signoff"]
    assert SignOff.objects.filter(review=review).count() == 1


@requires_postgres
@racing
def test_racing_verdicts_from_the_same_state_one_wins(review, reviewer, editor, monkeypatch):
    claim = ClaimFactory(review=review)
    _slow_down(monkeypatch, "_claim_state")
    results = _race(
        lambda: workflow.set_verdict(
            claim=claim, user=reviewer, verdict="disputed", note="No", expected="pending"
        ),
        lambda: workflow.set_verdict(
            claim=claim,
            user=editor,
            verdict="verified",
            evidence_url="https://example.org",
            expected="pending",
        ),
    )
    assert _outcomes(results) == ["claim", "conflict"]
    winner = next(r for r in results if isinstance(r, Claim))
    claim.refresh_from_db()
    assert claim.verdict == winner.verdict
    assert Event.objects.filter(verb__in=["claim.disputed", "claim.verified"]).count() == 1


@requires_postgres
@racing
def test_a_verdict_and_a_new_rewrite_at_once_do_not_deadlock(review, reviewer, editor, monkeypatch):
    # The verdict holds the review's lock while add_rewrite_version takes the story's and waits
    # for the review's; the verdict's audit entry then references the story. Neither lock may
    # block that reference, or PostgreSQL kills one of them as a deadlock.
    claim = ClaimFactory(review=review)
    _slow_down(monkeypatch, "_claim_state", seconds=1.0)

    def new_version():
        time.sleep(0.3)  # let the verdict take the review's lock first
        return workflow.add_rewrite_version(story=review.story, user=editor, data=data(NEW_REWRITE))

    results = _race(
        lambda: workflow.set_verdict(claim=claim, user=reviewer, verdict="disputed", note="No"),
        new_version,
    )
    assert [type(r).__name__ for r in results] == ["Claim", "Review"], results
    carried = results[1].claims.get(origin="reviewer", quote=claim.quote)
    assert carried.verdict == "disputed"


def test_create_story_takes_the_next_slug_when_a_racing_request_took_it(editor, monkeypatch):
    """Two editors filing the same title at once: the slug check passes for both; one retries."""
    from newsdesk.models import Story

    first, _ = workflow.create_story(
        user=editor,
        title="Storm hits coast",
        desk="",
        source=workflow.VersionInput(body="Source text.", origin="wire"),
        rewrite=workflow.VersionInput(body="Rewrite text.", origin="ai"),
    )
    real = Story.unique_slug
    calls = []

    def stale_then_real(title):
        calls.append(title)
        return first.slug if len(calls) == 1 else real(title)

    monkeypatch.setattr(Story, "unique_slug", staticmethod(stale_then_real))
    second, _ = workflow.create_story(
        user=editor,
        title="Storm hits coast",
        desk="",
        source=workflow.VersionInput(body="Source text.", origin="wire"),
        rewrite=workflow.VersionInput(body="Rewrite text.", origin="ai"),
    )
    assert second.slug == "storm-hits-coast-2"
    assert len(calls) == 2
