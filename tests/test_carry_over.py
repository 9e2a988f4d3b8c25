"""Carrying a review onto a new rewrite version: every item's anchor state after each kind of edit.

Edith edits the rewrite; Rita (assigned) has marked findings and claims on it. The texts are
written for these tests: a short invented story whose sentences each carry one item.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews import workflow
from reviews.models import Claim, Event, Highlight, Review
from reviews.workflow import Conflict, InvalidInput, VersionInput
from tests.test_workflow import sel

pytestmark = pytest.mark.django_db

SOURCE = (
    "Rescuers pulled nine people from the rubble of the old market hall on Friday, the fire "
    "service said. Two of them were taken to hospital. Engineers said repairs to the hall would "
    "take two years. The mayor visited the site in the afternoon."
)
COUNT = "Rescuers pulled 14 people from the rubble of the old market hall on Friday"
BLAME = "A council spokesman blamed the builder for the collapse of the roof."
REPAIRS = "Engineers said repairs to the hall would take two years."
MAYOR = "The mayor visited the site in the afternoon."
REWRITE = f"{COUNT}, the fire service said. {BLAME} {REPAIRS} {MAYOR}"


@pytest.fixture
def review(editor, reviewer) -> Review:
    return make_review(editor, reviewer)


def make_review(editor, reviewer) -> Review:
    """The story of these tests: Edith's, with Rita assigned."""
    _story, review = workflow.create_story(
        user=editor,
        title="Market hall collapse",
        desk="City",
        source=VersionInput(body=SOURCE, origin="wire"),
        rewrite=VersionInput(body=REWRITE, origin="ai"),
        reviewers=[reviewer],
    )
    return review


def _finding(review, reviewer, quote, *, category="number", severity="critical") -> Highlight:
    return workflow.create_highlight(
        review=review,
        user=reviewer,
        side="rewrite",
        selection=sel(review.rewrite.body, quote),
        category=category,
        severity=severity,
    )


def _claim(review, reviewer, quote, verdict="pending", **kwargs) -> Claim:
    claim = workflow.create_claim(
        review=review, user=reviewer, selection=sel(review.rewrite.body, quote)
    )
    if verdict == "verified":
        kwargs.setdefault("evidence_url", "https://example.org/fire-service")
    if verdict == "disputed":
        kwargs.setdefault("note", "The source says nothing of the sort.")
    if verdict != "pending":
        workflow.set_verdict(claim=claim, user=reviewer, verdict=verdict, **kwargs)
    return claim


def _edit(review: Review, editor, body: str) -> Review:
    return workflow.add_rewrite_version(
        story=review.story, user=editor, data=VersionInput(body=body, origin="staff")
    )


def _carried(new: Review, old_item):
    model = type(old_item)
    return model.objects.get(review=new, carried_from=old_item)


def _text(review: Review, item) -> str:
    return review.rewrite.body[item.start : item.end]


# --- Insert before ------------------------------------------------------------------------------


def test_it_follows_text_pushed_along_by_an_insertion_before_it(review, editor, reviewer):
    finding = _finding(review, reviewer, "14")
    claim = _claim(review, reviewer, MAYOR, "verified")
    new = _edit(review, editor, "UPDATE, 6 p.m.: " + REWRITE)
    f, c = _carried(new, finding), _carried(new, claim)
    assert (f.anchor_state, _text(new, f), f.status) == ("moved", "14", "open")
    assert (c.anchor_state, _text(new, c), c.verdict) == ("moved", MAYOR, "verified")
    assert f.start == finding.start + len("UPDATE, 6 p.m.: ")
    assert (c.previous_quote, f.removed_in, c.removed_in) == ("", None, None)


def test_it_leaves_an_item_before_the_edit_ok(review, editor, reviewer):
    claim = _claim(review, reviewer, COUNT, "verified")
    new = _edit(review, editor, REWRITE + " Police have opened an inquiry.")
    c = _carried(new, claim)
    assert (c.anchor_state, c.start, c.end, c.verdict) == ("ok", claim.start, claim.end, "verified")


# --- Change inside ------------------------------------------------------------------------------


def test_a_finding_whose_words_were_corrected_is_resolved_by_the_edit(review, editor, reviewer):
    finding = _finding(review, reviewer, "14")
    new = _edit(review, editor, REWRITE.replace("pulled 14 people", "pulled nine people"))
    f = _carried(new, finding)
    assert (f.anchor_state, f.status, f.removed_in) == ("orphaned", "resolved", 3)
    assert (f.quote, f.status_changed_by) == ("14", editor)
    assert ["-", "14 "] in f.edit_diff and ["+", "nine "] in f.edit_diff
    event = Event.objects.get(verb="highlight.resolved_by_edit", object_id=f.pk)
    assert (event.before["status"], event.after["status"], event.actor) == (
        "open",
        "resolved",
        editor,
    )
    # It blocks nothing, and is never counted with the findings on the text.
    assert workflow.content_blockers(new) == []


def test_a_verified_claim_whose_words_changed_goes_back_to_pending(review, editor, reviewer):
    claim = _claim(review, reviewer, COUNT, "verified")
    new = _edit(review, editor, REWRITE.replace("pulled 14 people", "pulled nine people"))
    c = _carried(new, claim)
    assert (c.anchor_state, c.verdict, c.verdict_by) == ("moved", "pending", None)
    assert c.previous_quote == COUNT
    assert c.quote == _text(new, c) == COUNT.replace("14", "nine")
    assert 60 <= c.anchor_score < 100
    event = Event.objects.get(verb="claim.reworded", object_id=c.pk)
    assert (event.before["verdict"], event.after["verdict"]) == ("verified", "pending")
    assert event.after["previous_quote"] == COUNT
    assert [b.object_id for b in workflow.content_blockers(new)] == [c.pk]


def test_a_short_quote_changed_into_a_look_alike_is_not_followed(review, editor, reviewer):
    """ "14" -> "41" shares every character: a short quote is never matched fuzzily."""
    finding = _finding(review, reviewer, "14")
    new = _edit(review, editor, REWRITE.replace("pulled 14", "pulled 41"))
    assert _carried(new, finding).anchor_state == "orphaned"


# --- Delete -------------------------------------------------------------------------------------


def test_a_claim_whose_sentence_was_deleted_is_removed_and_blocks_nothing(review, editor, reviewer):
    claim = _claim(review, reviewer, BLAME, "disputed")
    new = _edit(review, editor, REWRITE.replace(BLAME + " ", ""))
    c = _carried(new, claim)
    assert (c.anchor_state, c.verdict, c.removed_in, c.quote) == ("orphaned", "removed", 3, BLAME)
    assert c.verdict_note == "Its text was removed in v3."
    assert workflow.content_blockers(new) == []
    assert ["-", BLAME + " "] in c.edit_diff
    event = Event.objects.get(verb="claim.removed", object_id=c.pk)
    assert (event.before["verdict"], event.after["verdict"]) == ("disputed", "removed")


def test_a_removed_claim_takes_no_verdict_and_removed_is_no_verdict_to_give(
    review, editor, reviewer
):
    claim = _claim(review, reviewer, BLAME)
    new = _edit(review, editor, REWRITE.replace(BLAME + " ", ""))
    c = _carried(new, claim)
    with pytest.raises(Conflict, match="removed in v3"):
        workflow.set_verdict(claim=c, user=reviewer, verdict="disputed", note="Still wrong.")
    kept = _claim(new, reviewer, MAYOR)
    with pytest.raises(InvalidInput, match="editing its text out"):
        workflow.set_verdict(claim=kept, user=reviewer, verdict="removed")


def test_a_finding_resolved_by_the_edit_cannot_be_reopened(review, editor, reviewer):
    finding = _finding(review, reviewer, BLAME, category="unsupported", severity="major")
    new = _edit(review, editor, REWRITE.replace(BLAME + " ", ""))
    f = _carried(new, finding)
    with pytest.raises(Conflict, match="no longer in the rewrite"):
        workflow.set_highlight_status(highlight=f, user=reviewer, action="reopen")


def test_sign_off_completes_over_a_removed_claim_without_a_verdict(review, editor, reviewer):
    claim = _claim(review, reviewer, BLAME, "disputed")
    new = _edit(review, editor, REWRITE.replace(BLAME + " ", ""))
    workflow.sign_off(review=new, user=reviewer, role="reviewer")
    workflow.sign_off(review=new, user=editor, role="editor")
    new.refresh_from_db()
    assert new.status == "signed_off"
    assert _carried(new, claim).verdict == "removed"


# --- Reorder and duplicate ------------------------------------------------------------------------


def test_a_reordered_sentence_keeps_its_item_and_verdict(review, editor, reviewer):
    claim = _claim(review, reviewer, REPAIRS, "verified")
    finding = _finding(review, reviewer, BLAME, category="unsupported", severity="major")
    reordered = f"{REPAIRS} {COUNT}, the fire service said. {BLAME} {MAYOR}"
    new = _edit(review, editor, reordered)
    c, f = _carried(new, claim), _carried(new, finding)
    assert (c.anchor_state, _text(new, c), c.verdict) == ("moved", REPAIRS, "verified")
    assert (f.anchor_state, _text(new, f), f.status) == ("moved", BLAME, "open")


def test_a_duplicated_sentence_keeps_one_item_on_the_original(review, editor, reviewer):
    claim = _claim(review, reviewer, REPAIRS, "verified")
    new = _edit(review, editor, REWRITE.replace(REPAIRS, f"{REPAIRS} {REPAIRS}"))
    c = _carried(new, claim)
    assert (c.anchor_state, c.start, c.verdict) == ("ok", claim.start, "verified")
    assert new.claims.filter(origin="reviewer").count() == 1


def test_a_source_finding_keeps_its_span_and_follows_its_counterpart(review, editor, reviewer):
    source = review.source.body
    omission = Highlight.objects.create(
        review=review,
        side="source",
        start=source.index("Two of them"),
        end=source.index("Two of them") + len("Two of them were taken to hospital."),
        quote="Two of them were taken to hospital.",
        category="omission",
        severity="major",
        status="open",
        author=reviewer,
        other_start=REWRITE.index(MAYOR),
        other_end=REWRITE.index(MAYOR) + len(MAYOR),
        other_quote=MAYOR,
    )
    new = _edit(review, editor, "UPDATE: " + REWRITE)
    h = _carried(new, omission)
    assert (h.start, h.end, h.anchor_state) == (omission.start, omission.end, "ok")
    assert new.rewrite.body[h.other_start : h.other_end] == MAYOR


# --- Repeated edits -----------------------------------------------------------------------------


def test_repeated_edits_keep_one_item_each_and_chain_them(
    review, editor, reviewer, django_capture_on_commit_callbacks
):
    claim = _claim(review, reviewer, MAYOR, "verified")
    finding = _finding(review, reviewer, BLAME, category="unsupported", severity="major")
    removed = _claim(review, reviewer, BLAME, "disputed")
    body = REWRITE
    current = review
    edits = [
        lambda b: "UPDATE: " + b,
        lambda b: b.replace(BLAME + " ", ""),
        lambda b: b.replace("in the afternoon", "on Saturday afternoon"),
        lambda b: b + " Police have opened an inquiry.",
    ]
    for edit in edits:
        body = edit(body)
        with django_capture_on_commit_callbacks(execute=True):
            current = _edit(current, editor, body)
        current.refresh_from_db()
        assert current.analysis_status == "done"
    mayor = current.claims.get(quote__contains="The mayor visited")
    assert current.claims.filter(quote__contains="The mayor visited").count() == 1
    assert current.claims.filter(quote=BLAME).count() == 1
    assert current.highlights.filter(quote=BLAME).count() == 1
    gone = current.claims.get(quote=BLAME)
    assert (gone.verdict, gone.removed_in, gone.anchor_state) == ("removed", 4, "orphaned")
    assert current.highlights.get(quote=BLAME).status == "resolved"
    # Each item continues the one before it, back to Rita's originals.
    chain, item = [], mayor
    while item is not None:
        chain.append(item.review.rewrite.number)
        item = item.carried_from
    assert chain == [6, 5, 4, 3, 2]
    assert [_origin(x) for x in (mayor, current.highlights.get(quote=BLAME), gone)] == [
        claim,
        finding,
        removed,
    ]
    # Reworded in v5: back to pending there, with the wording it had; unchanged in v6.
    reworded = Claim.objects.get(review__rewrite__number=5, quote__contains="The mayor")
    assert (reworded.verdict, reworded.previous_quote) == ("pending", MAYOR)
    assert (mayor.verdict, mayor.previous_quote) == ("pending", "")


def _origin(item):
    while item.carried_from is not None:
        item = item.carried_from
    return item


# --- The workspace ------------------------------------------------------------------------------


def _workspace(client, review):
    return client.get(reverse("review_workspace", args=[review.pk])).content.decode()


def test_the_workspace_draws_no_removed_item_and_lists_it_with_its_quote(
    client, review, editor, reviewer
):
    finding = _finding(review, reviewer, "14")
    claim = _claim(review, reviewer, BLAME, "disputed")
    new = _edit(
        review, editor, REWRITE.replace(BLAME + " ", "").replace("pulled 14", "pulled nine")
    )
    client.force_login(reviewer)
    html = _workspace(client, new)
    f, c = _carried(new, finding), _carried(new, claim)
    for pk in (f.pk, c.pk):
        assert f'data-highlight-ids="{pk}"' not in html
        assert f'data-claim-ids="{pk}"' not in html
        assert f'id="finding-{pk}"' not in html and f'id="claim-{pk}"' not in html
    assert "No longer in the text" in html
    assert f'data-item="c{c.pk}" data-kind="removed-claim" data-removed-in="3"' in html
    assert "Removed in v3: settled, not verified" in html
    assert "Resolved by the edit in v3" in html
    assert f"<del>{BLAME}</del>" in html
    assert "<del>14 </del><ins>nine </ins>" in html
    assert "Nothing in the text blocks sign-off" in html


def test_the_workspace_shows_old_and_new_wording_of_a_reworded_claim(
    client, review, editor, reviewer
):
    claim = _claim(review, reviewer, COUNT, "verified")
    new = _edit(review, editor, REWRITE.replace("pulled 14", "pulled nine"))
    c = _carried(new, claim)
    client.force_login(reviewer)
    response = client.get(reverse("claim_detail", args=[c.pk]))
    html = response.content.decode()
    assert f"Was: <q>{COUNT}</q>" in html
    assert f"Now: <q>{COUNT.replace('14', 'nine')}</q>" in html


def _edited_with_removed(editor, reviewer, n: int) -> Review:
    sentences = [f"Witness number {i} said the roof fell in without warning." for i in range(n)]
    body = REWRITE + " " + " ".join(sentences)
    _story, review = workflow.create_story(
        user=editor,
        title=f"Hall {n}",
        desk="City",
        source=VersionInput(body=SOURCE, origin="wire"),
        rewrite=VersionInput(body=body, origin="ai"),
        reviewers=[reviewer],
    )
    for s in sentences:
        _claim(review, reviewer, s, "disputed")
        _finding(review, reviewer, s, category="unsupported", severity="minor")
    return _edit(review, editor, REWRITE)


def test_the_workspace_query_count_does_not_grow_with_removed_items(client, editor, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)
    counts = []
    for n in (1, 6):
        review = _edited_with_removed(editor, reviewer, n)
        assert review.claims.no_longer_in_text().count() == n
        _workspace(client, review)
        with CaptureQueriesContext(connection) as ctx:
            html = _workspace(client, review)
        assert html.count('data-kind="removed-claim"') == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_new_version_is_carried_in_queries_that_do_not_grow_with_its_items(editor, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (1, 6):
        sentences = [f"Witness number {i} said the roof fell in without warning." for i in range(n)]
        _story, review = workflow.create_story(
            user=editor,
            title=f"Hall {n}",
            desk="City",
            source=VersionInput(body=SOURCE, origin="wire"),
            rewrite=VersionInput(body=REWRITE + " " + " ".join(sentences), origin="ai"),
            reviewers=[reviewer],
        )
        for s in sentences:
            _claim(review, reviewer, s, "verified")
            _finding(review, reviewer, s, category="unsupported", severity="major")
        with CaptureQueriesContext(connection) as ctx:
            _edit(review, editor, REWRITE)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
