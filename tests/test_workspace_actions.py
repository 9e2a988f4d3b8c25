"""The workspace's htmx actions: each calls one workflow function and returns changed regions."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from reviews import workflow
from reviews.anchoring import index_to_utf16
from reviews.models import Claim, Comment, Event, Highlight, Review, SignOff
from tests.factories import (
    ClaimFactory,
    CommentFactory,
    HighlightFactory,
    ReviewFactory,
    StoryFactory,
    VersionFactory,
)
from tests.test_workspace import _populate

HTMX = {"HX-Request": "true"}


def _selection(text: str, quote: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    return {
        "start": index_to_utf16(text, start),
        "end": index_to_utf16(text, end),
        "quote": quote,
        "prefix": text[max(0, start - 32) : start],
        "suffix": text[end : end + 32],
    }


def _counts() -> tuple[int, int, int]:
    return Highlight.objects.count(), Claim.objects.count(), Event.objects.count()


def _events(response) -> dict:
    return json.loads(response["HX-Trigger"])


# --- Highlights --------------------------------------------------------------------------


def test_creating_a_highlight_returns_its_paragraph_item_and_counts(reviewer_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    data = _selection(review.rewrite.body, "9-0") | {
        "side": "rewrite",
        "category": "number",
        "severity": "critical",
        "note": "Source says 7-2",
    }
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    h = Highlight.objects.get()
    assert (h.quote, h.category, h.status, h.origin) == ("9-0", "number", "open", "reviewer")
    html = response.content.decode()
    # Only the first paragraph of the rewrite holds the new mark: it alone comes back.
    assert (
        '<span class="ws-para" id="rewrite-p0" data-align="source-p0" hx-swap-oob="true">' in html
    )
    assert 'id="rewrite-p1"' not in html and 'id="col-rewrite"' not in html
    assert f'data-highlight-ids="{h.pk}"' in html and f'id="mark-h{h.pk}"' in html
    # The first finding: the panel comes back with it, in full.
    assert 'id="findings-panel"' in html and f'id="finding-{h.pk}"' in html
    assert "Source says 7-2" in html
    assert 'id="ws-progress"' in html and 'data-count="findings">0 / 1<' in html
    # A critical finding blocks sign-off: the panel says so.
    assert 'id="signoff-panel"' in html and f'data-go="h{h.pk}"' in html
    events = _events(response)
    assert "reviewChanged" in events and events["highlightCreated"] == {"id": h.pk}


def test_a_later_highlight_goes_into_the_list_in_risk_order(reviewer_client, review):
    minor = HighlightFactory(review=review, text="Riverside", severity="minor", category="entity")
    url = reverse("review_highlight_create", args=[review.pk])
    data = _selection(review.rewrite.body, "9-0") | {
        "side": "rewrite",
        "category": "number",
        "severity": "critical",
    }
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    h = Highlight.objects.exclude(pk=minor.pk).get()
    html = response.content.decode()
    # Not the whole panel: the new item, with where it goes (before the minor one).
    assert 'id="findings-panel"' not in html
    assert f'<div hx-swap-oob="beforebegin:#finding-{minor.pk}">' in html
    assert f'<li id="finding-{h.pk}"' in html
    assert '<span id="findings-count" class="ws-count" hx-swap-oob="true">0 of 2 settled' in html


def test_a_minor_highlight_leaves_the_sign_off_panel_alone(reviewer_client, review):
    HighlightFactory(review=review, text="Riverside", severity="minor")
    url = reverse("review_highlight_create", args=[review.pk])
    data = _selection(review.rewrite.body, "9-0") | {
        "side": "rewrite",
        "category": "number",
        "severity": "minor",
    }
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    # Minor findings never block sign-off, so the panel cannot have changed.
    assert 'id="signoff-panel"' not in html
    assert 'id="ws-progress"' in html


def test_creating_a_highlight_on_the_source_side(reviewer_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    data = _selection(review.source.body, "7-2") | {
        "side": "source",
        "category": "number",
        "severity": "major",
    }
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    h = Highlight.objects.get()
    assert h.side == "source"
    html = response.content.decode()
    assert (
        '<span class="ws-para" id="source-p0" data-align="rewrite-p0" hx-swap-oob="true">' in html
    )
    assert f'data-highlight-ids="{h.pk}"' in html and 'id="rewrite-p' not in html


def test_a_plain_post_redirects_back_with_a_message(reviewer_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    data = _selection(review.rewrite.body, "9-0") | {
        "side": "rewrite",
        "category": "number",
        "severity": "critical",
    }
    response = reviewer_client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == review.get_absolute_url()
    assert "Highlight added" in response.content.decode()


def test_a_quote_mismatch_is_400_and_writes_nothing(reviewer_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    data = _selection(review.rewrite.body, "9-0") | {"quote": "9-1"}
    data |= {"side": "rewrite", "category": "number", "severity": "critical"}
    before = _counts()
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 400
    assert "does not match" in response.content.decode()
    assert response["HX-Reswap"] == "innerHTML"
    assert _counts() == before


def test_wrong_offsets_past_the_end_are_400_and_write_nothing(reviewer_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    data = {"start": 5000, "end": 5010, "quote": "nowhere to be found", "side": "rewrite"}
    data |= {"category": "number", "severity": "critical"}
    before = _counts()
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 400
    assert _counts() == before


def test_non_numeric_offsets_are_400(reviewer_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    data = {"start": "x", "end": "3", "quote": "9-0", "side": "rewrite"}
    data |= {"category": "number", "severity": "critical"}
    before = _counts()
    assert reviewer_client.post(url, data, headers=HTMX).status_code == 400
    assert _counts() == before


def test_an_unknown_category_is_400(reviewer_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    data = _selection(review.rewrite.body, "9-0") | {
        "side": "rewrite",
        "category": "gossip",
        "severity": "critical",
    }
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 400
    assert "Unknown category" in response.content.decode()


def test_the_unassigned_reviewer_cannot_create_highlights(client, other_reviewer, review):
    client.force_login(other_reviewer)
    url = reverse("review_highlight_create", args=[review.pk])
    data = _selection(review.rewrite.body, "9-0") | {
        "side": "rewrite",
        "category": "number",
        "severity": "critical",
    }
    assert client.post(url, data, headers=HTMX).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not Highlight.objects.exists()


def test_an_outsider_gets_404_on_writes(outsider_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    assert outsider_client.post(url, {}, headers=HTMX).status_code == 404


def test_writes_refuse_get(reviewer_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    assert reviewer_client.get(url).status_code == 405


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        ("suggested", "accept", "open"),
        ("suggested", "dismiss", "dismissed"),
        ("open", "resolve", "resolved"),
        ("resolved", "reopen", "open"),
    ],
)
def test_highlight_status_actions(reviewer_client, review, status, action, after):
    h = HighlightFactory(review=review, text="9-0", status=status, origin="engine")
    url = reverse("highlight_status", args=[h.pk])
    data = {"action": action, "expected": status, "reason": "paraphrase"}
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    h.refresh_from_db()
    assert h.status == after
    assert _events(response)["reviewChanged"] == {"highlight": h.pk, "status": after}
    html = response.content.decode()
    assert f'id="finding-{h.pk}"' in html and f'data-status="{after}"' in html
    assert (
        '<span class="ws-para" id="rewrite-p0" data-align="source-p0" hx-swap-oob="true">' in html
    )
    if after == "dismissed":
        # It moves to the dismissed list: the panel comes back whole.
        assert 'id="findings-panel"' in html and "Show dismissed (1)" in html
        assert f'data-dismissed-ids="{h.pk}"' in html
    else:
        assert 'id="findings-panel"' not in html
        assert f'<li id="finding-{h.pk}"' in html and f"st-{after}" in html
    # A critical finding blocked sign-off while unsettled: the panel follows its status.
    assert 'id="signoff-panel"' in html
    assert (f'data-go="h{h.pk}"' in html) == (after == "open")


def test_a_confirmed_suggestion_comes_back_ready_to_resolve_with_what_was_fixed(
    reviewer_client, review
):
    h = HighlightFactory(review=review, text="9-0", status="suggested", origin="engine")
    url = reverse("highlight_status", args=[h.pk])
    data = {"action": "accept", "expected": "suggested"}
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Finding confirmed as a problem" in html
    # The item comes back with its resolve form: one more post resolves it, with a note.
    assert 'data-form="resolve"' in html and 'aria-label="What was fixed (optional)"' in html
    assert "Confirm as a problem</button>" not in html

    data = {"action": "resolve", "expected": "open", "reason": "Score corrected to 7-2"}
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    h.refresh_from_db()
    assert (h.status, h.resolution_note) == ("resolved", "Score corrected to 7-2")
    assert '<p class="ws-fixed">Fixed: Score corrected to 7-2</p>' in response.content.decode()
    event = Event.objects.filter(verb="highlight.resolve").get()
    assert (event.message, event.after["status"]) == ("Score corrected to 7-2", "resolved")


def test_a_suggestion_offers_dismissing_with_a_reason_then_confirming(reviewer_client, review):
    h = HighlightFactory(review=review, text="9-0", status="suggested", origin="engine")
    html = reviewer_client.get(reverse("highlight_detail", args=[h.pk]), headers=HTMX)
    html = html.content.decode()
    assert "Confirm as a problem</button>" in html and ">Accept<" not in html
    # Enter in the dismissal reason sends the form's first submit button: Dismiss.
    form = re.search(r'<form [^>]*data-form="status".*?</form>', html, re.S).group(0)
    buttons = re.findall(r'<button type="submit" name="action" value="(\w+)"', form)
    assert buttons == ["dismiss", "accept"]
    assert form.index('name="reason"') < form.index('value="dismiss"')


def test_a_confirmed_finding_resolves_and_dismisses_in_forms_of_their_own(reviewer_client, review):
    h = HighlightFactory(review=review, text="9-0", status="open", origin="engine")
    html = reviewer_client.get(reverse("highlight_detail", args=[h.pk]), headers=HTMX)
    # Each text field is in the form of its own button, so Enter sends what the field is for.
    forms = re.findall(
        r'<form [^>]*data-form="(\w+)".*?name="reason".*?value="(\w+)"', html.content.decode(), re.S
    )
    assert forms[:2] == [("resolve", "resolve"), ("dismiss", "dismiss")]


def test_a_stale_highlight_form_is_409_and_shows_the_current_state(reviewer_client, review):
    h = HighlightFactory(review=review, text="9-0", status="resolved")
    url = reverse("highlight_status", args=[h.pk])
    response = reviewer_client.post(url, {"action": "resolve", "expected": "open"}, headers=HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "meanwhile" in html
    assert 'id="findings-panel"' in html and 'data-status="resolved"' in html


def test_editing_a_suggestion_changes_category_and_severity(reviewer_client, review):
    h = HighlightFactory(review=review, text="9-0", status="suggested", origin="engine")
    url = reverse("highlight_edit", args=[h.pk])
    response = reviewer_client.post(url, {"category": "quote", "severity": "minor"}, headers=HTMX)
    assert response.status_code == 200
    h.refresh_from_db()
    assert (h.category, h.severity) == ("quote", "minor")


def test_the_unassigned_reviewer_cannot_change_a_highlight(client, other_reviewer, review):
    h = HighlightFactory(review=review, text="9-0")
    client.force_login(other_reviewer)
    url = reverse("highlight_status", args=[h.pk])
    assert client.post(url, {"action": "resolve"}, headers=HTMX).status_code == 403
    h.refresh_from_db()
    assert h.status == "open"


# --- Claims ------------------------------------------------------------------------------


def test_marking_a_claim(reviewer_client, review):
    url = reverse("review_claim_create", args=[review.pk])
    data = _selection(review.rewrite.body, "Repairs will cost $1.2 million")
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    claim = Claim.objects.get()
    assert claim.verdict == "pending"
    html = response.content.decode()
    assert f'id="claim-{claim.pk}"' in html and f'data-claim-ids="{claim.pk}"' in html
    # The page scrolls the new claim into view on this event.
    assert _events(response)["claimCreated"] == {"id": claim.pk}


def test_a_source_selection_is_refused_as_a_claim(reviewer_client, review):
    # "Repairs will cost $1.2 million" is in both texts, at other offsets.
    url = reverse("review_claim_create", args=[review.pk])
    data = _selection(review.source.body, "Repairs will cost $1.2 million") | {"side": "source"}
    before = _counts()
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 400
    assert "select it in the rewrite column" in response.content.decode()
    assert _counts() == before


def test_verifying_with_a_source_passage(reviewer_client, review):
    claim = ClaimFactory(review=review)
    sel = _selection(review.source.body, "Repairs will cost $1.2 million")
    data = {"verdict": "verified", "expected": "pending"}
    data |= {f"evidence_{k}": v for k, v in sel.items()}
    response = reviewer_client.post(reverse("claim_verdict", args=[claim.pk]), data, headers=HTMX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.verdict == "verified"
    assert claim.evidence_quote == "Repairs will cost $1.2 million"
    html = response.content.decode()
    assert f'data-counterpart="c{claim.pk}"' in html  # evidence outlined in the source column
    assert 'data-count="claims">1 / 1<' in html


@pytest.fixture
def supported_claim(editor, reviewer):
    """An engine claim supported by the second of two identical source sentences, after emoji
    (two UTF-16 units each): the passage's Python offsets are not the browser's."""
    story = StoryFactory(created_by=editor)
    source = VersionFactory(
        story=story, body="Fans 😀 cheered 19 times. Later 🎉 fans 😀 cheered 19 times."
    )
    rewrite = VersionFactory(
        story=story, role="rewrite", body="Fans cheered 19 times.", origin="ai", based_on=source
    )
    review = ReviewFactory(story=story, source=source, rewrite=rewrite, created_by=editor)
    review.reviewers.add(reviewer)
    at = source.body.rindex("cheered 19 times")
    return Claim.objects.create(
        review=review,
        start=5,
        end=21,
        quote="cheered 19 times",
        origin="engine",
        support_start=at,
        support_end=at + len("cheered 19 times"),
    )


def test_a_supported_claim_shows_its_passage_and_a_one_click_verify(
    reviewer_client, supported_claim
):
    html = reviewer_client.get(supported_claim.review.get_absolute_url()).content.decode()
    item = html[html.index(f'<li id="claim-{supported_claim.pk}"') :]
    item = item[: item.index("</li>")]
    assert "Source says: <q>cheered 19 times</q>" in item
    assert 'data-form="verify-support"' in item and 'name="evidence_support" value="1"' in item
    assert 'data-action="verify-support">Verify with this passage</button>' in item


def test_a_reader_sees_the_passage_but_no_button(client, other_reviewer, supported_claim):
    client.force_login(other_reviewer)
    html = client.get(supported_claim.review.get_absolute_url()).content.decode()
    assert "Source says: <q>cheered 19 times</q>" in html
    assert 'data-action="verify-support"' not in html


def test_verifying_with_the_engines_supporting_passage(reviewer_client, supported_claim):
    claim = supported_claim
    data = {"verdict": "verified", "expected": "pending", "evidence_support": "1"}
    # Offsets the page might send are ignored: the evidence is the claim's supporting passage.
    data |= {"evidence_start": "0", "evidence_end": "4", "evidence_quote": "Fans"}
    response = reviewer_client.post(reverse("claim_verdict", args=[claim.pk]), data, headers=HTMX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.verdict == "verified"
    assert (claim.evidence_start, claim.evidence_end) == (claim.support_start, claim.support_end)
    assert claim.evidence_quote == "cheered 19 times"
    html = response.content.decode()
    assert "Evidence in the source: <q>cheered 19 times</q>" in html
    assert 'data-action="verify-support"' not in html
    assert _events(response)["reviewChanged"]["verdict"] == "verified"
    event = Event.objects.get(verb="claim.verified")
    assert event.after["evidence_quote"] == "cheered 19 times"


def test_verifying_with_a_supporting_passage_the_claim_lacks_is_400(reviewer_client, review):
    claim = ClaimFactory(review=review)
    data = {"verdict": "verified", "expected": "pending", "evidence_support": "1"}
    before = _counts()
    response = reviewer_client.post(reverse("claim_verdict", args=[claim.pk]), data, headers=HTMX)
    assert response.status_code == 400
    assert "no supporting passage" in response.content.decode()
    claim.refresh_from_db()
    assert claim.verdict == "pending" and claim.evidence_start is None
    assert _counts() == before


def test_the_unassigned_reviewer_cannot_verify_with_the_passage(
    client, other_reviewer, supported_claim
):
    client.force_login(other_reviewer)
    data = {"verdict": "verified", "expected": "pending", "evidence_support": "1"}
    url = reverse("claim_verdict", args=[supported_claim.pk])
    assert client.post(url, data, headers=HTMX).status_code == 403
    supported_claim.refresh_from_db()
    assert supported_claim.verdict == "pending"


def test_verifying_with_a_link(reviewer_client, review):
    claim = ClaimFactory(review=review)
    data = {"verdict": "verified", "expected": "pending", "evidence_url": "https://example.org/r"}
    response = reviewer_client.post(reverse("claim_verdict", args=[claim.pk]), data, headers=HTMX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.evidence_url == "https://example.org/r"


def test_verifying_without_evidence_is_400(reviewer_client, review):
    claim = ClaimFactory(review=review)
    before = _counts()
    response = reviewer_client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict": "verified", "expected": "pending"},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert "needs evidence" in response.content.decode()
    assert _counts() == before
    claim.refresh_from_db()
    assert claim.verdict == "pending"


def test_disputing_without_a_reason_is_400(reviewer_client, review):
    claim = ClaimFactory(review=review)
    response = reviewer_client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict": "disputed", "expected": "pending", "note": "  "},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    claim.refresh_from_db()
    assert claim.verdict == "pending"


def test_disputing_posts_the_reason_as_a_comment(reviewer_client, review):
    claim = ClaimFactory(review=review)
    response = reviewer_client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict": "disputed", "expected": "pending", "note": "Source says eight months"},
        headers=HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.verdict == "disputed"
    assert Comment.objects.get(claim=claim).body == "Disputed: Source says eight months"
    assert "Disputed: Source says eight months" in response.content.decode()


def test_a_stale_verdict_is_409_with_the_current_claims_panel(reviewer_client, reviewer, review):
    claim = ClaimFactory(review=review)
    workflow.set_verdict(claim=claim, user=reviewer, verdict="disputed", note="wrong")
    response = reviewer_client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict": "verified", "expected": "pending", "evidence_url": "https://example.org"},
        headers=HTMX,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "meanwhile" in html
    assert 'id="claims-panel"' in html and 'data-verdict="disputed"' in html
    claim.refresh_from_db()
    assert claim.verdict == "disputed"


def test_back_to_pending(reviewer_client, reviewer, review):
    claim = ClaimFactory(review=review)
    workflow.set_verdict(claim=claim, user=reviewer, verdict="disputed", note="wrong")
    response = reviewer_client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict": "pending", "expected": "disputed"},
        headers=HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.verdict == "pending"


# --- Comments ----------------------------------------------------------------------------


def test_commenting_on_a_highlight_returns_that_finding_in_full(reviewer_client, review):
    h = HighlightFactory(review=review, text="9-0")
    response = reviewer_client.post(
        reverse("review_comment_create", args=[review.pk]),
        {"highlight": h.pk, "body": "Check <this>\nplease"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert Comment.objects.get().highlight == h
    html = response.content.decode()
    assert html.startswith(f'\n<li id="finding-{h.pk}"') or f'<li id="finding-{h.pk}"' in html
    assert 'hx-swap-oob="true"' in html and "data-lazy" not in html
    assert "Check &lt;this&gt;<br>please" in html


def test_commenting_on_the_review_and_replying(reviewer_client, editor, review):
    top = CommentFactory(review=review, author=editor, body="Overall?")
    response = reviewer_client.post(
        reverse("review_comment_create", args=[review.pk]),
        {"parent": top.pk, "body": "Looks fine"},
        headers=HTMX,
    )
    assert response.status_code == 200
    reply = Comment.objects.get(parent=top)
    assert reply.body == "Looks fine"
    assert 'id="review-thread"' in response.content.decode()


def test_an_empty_comment_is_400(reviewer_client, review):
    response = reviewer_client.post(
        reverse("review_comment_create", args=[review.pk]), {"body": " "}, headers=HTMX
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_thread_from_another_review_is_400(reviewer_client, review):
    other = HighlightFactory(text="9-0")
    response = reviewer_client.post(
        reverse("review_comment_create", args=[review.pk]),
        {"highlight": other.pk, "body": "hi"},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_editing_ones_own_comment(reviewer_client, reviewer, review):
    c = CommentFactory(review=review, author=reviewer, body="typo")
    response = reviewer_client.post(
        reverse("comment_edit", args=[c.pk]), {"body": "fixed"}, headers=HTMX
    )
    assert response.status_code == 200
    c.refresh_from_db()
    assert c.body == "fixed" and c.edited_at is not None


def test_editing_someone_elses_comment_is_403(reviewer_client, editor, review):
    c = CommentFactory(review=review, author=editor, body="mine")
    response = reviewer_client.post(
        reverse("comment_edit", args=[c.pk]), {"body": "hijacked"}, headers=HTMX
    )
    assert response.status_code == 403
    c.refresh_from_db()
    assert c.body == "mine"


def test_resolving_and_reopening_a_thread(reviewer_client, editor, review):
    c = CommentFactory(review=review, author=editor, body="?")
    url = reverse("comment_resolve", args=[c.pk])
    assert reviewer_client.post(url, {"resolved": "on"}, headers=HTMX).status_code == 200
    c.refresh_from_db()
    assert c.resolved
    assert reviewer_client.post(url, {}, headers=HTMX).status_code == 200
    c.refresh_from_db()
    assert not c.resolved


# --- Sign-off ----------------------------------------------------------------------------


def _sign(client, review, role="reviewer", **extra):
    data = {"role": role, "expected_sha256": review.rewrite.sha256, "statement": "Checked"}
    return client.post(reverse("review_sign_off", args=[review.pk]), data | extra, headers=HTMX)


def test_reviewer_signs_off(reviewer_client, review):
    response = _sign(reviewer_client, review)
    assert response.status_code == 200
    assert SignOff.objects.get().role == "reviewer"
    assert 'id="signoff-panel"' in response.content.decode()


def test_double_sign_off_is_409(reviewer_client, review):
    assert _sign(reviewer_client, review).status_code == 200
    response = _sign(reviewer_client, review)
    assert response.status_code == 409
    assert "already signed off" in response.content.decode()
    assert SignOff.objects.count() == 1


def test_reviewer_posting_the_editor_sign_off_is_403(reviewer_client, review):
    response = _sign(reviewer_client, review, role="editor")
    assert response.status_code == 403
    assert not SignOff.objects.exists()


def test_sign_off_with_blockers_is_409_with_the_reasons(reviewer_client, review):
    ClaimFactory(review=review)
    response = _sign(reviewer_client, review)
    assert response.status_code == 409
    assert "Sign-off is blocked" in response.content.decode()


def test_sign_off_on_a_stale_hash_is_409(reviewer_client, review):
    response = _sign(reviewer_client, review, expected_sha256="0" * 64)
    assert response.status_code == 409
    assert not SignOff.objects.exists()


def test_sign_off_on_a_superseded_review_is_409(reviewer_client, editor, review):
    workflow.add_rewrite_version(
        story=review.story,
        user=editor,
        data=workflow.VersionInput(body="A new text for the pool story.", origin="staff"),
    )
    review.refresh_from_db()
    assert review.status == Review.Status.SUPERSEDED
    response = _sign(reviewer_client, review)
    assert response.status_code == 409
    assert not SignOff.objects.exists()


def test_final_sign_off_makes_the_page_read_only(reviewer_client, client, editor, review):
    assert _sign(reviewer_client, review).status_code == 200
    client.force_login(editor)
    assert _sign(client, review, role="editor").status_code == 200
    review.refresh_from_db()
    assert review.status == Review.Status.SIGNED_OFF
    html = client.get(review.get_absolute_url()).content.decode()
    assert "This rewrite is signed off." in html
    assert 'data-read-only="true"' in html
    assert 'id="selection-form"' not in html


def test_editor_signs_over_blockers_with_a_reason(reviewer_client, client, editor, review):
    assert _sign(reviewer_client, review).status_code == 200
    ClaimFactory(review=review)
    client.force_login(editor)
    response = _sign(client, review, role="editor", override_reason="Deadline; checked by phone")
    assert response.status_code == 200
    s = SignOff.objects.get(role="editor")
    assert s.override and s.override_reason == "Deadline; checked by phone"


def test_requesting_changes_needs_a_note(reviewer_client, review):
    url = reverse("review_request_changes", args=[review.pk])
    assert reviewer_client.post(url, {"note": ""}, headers=HTMX).status_code == 400
    response = reviewer_client.post(url, {"note": "Fix the vote count"}, headers=HTMX)
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.status == Review.Status.CHANGES_REQUESTED


# --- Analysis ----------------------------------------------------------------------------


def test_retrying_a_failed_analysis_queues_it_and_logs_who_asked(
    reviewer_client, reviewer, review, django_capture_on_commit_callbacks
):
    Review.objects.filter(pk=review.pk).update(analysis_status="failed", analysis_error="Boom")
    url = reverse("review_analysis_run", args=[review.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = reviewer_client.post(url, headers=HTMX)
    assert response.status_code == 200
    assert len(callbacks) == 1
    assert Event.objects.filter(verb="analysis.requested", actor=reviewer).exists()


def test_running_analysis_while_it_runs_is_409(reviewer_client, review):
    Review.objects.filter(pk=review.pk).update(analysis_status="running")
    response = reviewer_client.post(reverse("review_analysis_run", args=[review.pk]), headers=HTMX)
    assert response.status_code == 409


def test_the_unassigned_reviewer_cannot_run_analysis(client, other_reviewer, review):
    client.force_login(other_reviewer)
    response = client.post(reverse("review_analysis_run", args=[review.pk]), headers=HTMX)
    assert response.status_code == 403


# --- What a write answers with is what the page would show ------------------------------


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _ById(HTMLParser):
    """The outer HTML of every element with an id (the first of each id), from markup we made."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for line in html.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.stack: list[tuple[str, str | None, int]] = []
        self.found: dict[str, str] = {}
        self.top: set[str] = set()  # ids of the elements at the top level (the swaps)
        self.feed(html)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            id_ = dict(attrs).get("id")
            if id_ and not self.stack:
                self.top.add(id_)
            self.stack.append((tag, id_, self._offset()))

    def handle_endtag(self, tag):
        while self.stack:
            name, id_, start = self.stack.pop()
            if name == tag:
                if id_:
                    end = self._offset() + len(f"</{tag}>")
                    self.found.setdefault(id_, self.html[start:end])
                return


# A new finding's out-of-band insertion: the strategy, its target, and the item.
_INSERT = re.compile(
    r'<div hx-swap-oob="(?P<how>beforebegin|beforeend):#(?P<target>[\w-]+)">'
    r'<li id="(?P<item>[\w-]+)"'
)


def _normal(html: str) -> str:
    html = html.replace(' hx-swap-oob="true"', "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", html)


def _check_against_a_fresh_page(client, review, response) -> set[str]:
    """Every region and paragraph the response swaps in equals the same element of the page
    rendered afresh; every item equals the item rendered in full. Returns the ids checked."""
    parsed = _ById(response.content.decode())
    swapped = {id_: parsed.found[id_] for id_ in parsed.top}
    inserted = _INSERT.search(response.content.decode())
    if inserted:
        # The new item, swapped into its list out of band.
        swapped[inserted.group("item")] = parsed.found[inserted.group("item")]
    page = _ById(client.get(review.get_absolute_url()).content.decode()).found
    checked = set()
    for id_, fragment in swapped.items():
        if id_ == "ws-live" or not re.match(
            r"^(source-p\d+|rewrite-p\d+|ws-progress|signoff-panel|findings-count|claims-count"
            r"|findings-panel|claims-panel|review-thread|col-source|col-rewrite|finding-\d+"
            r"|claim-\d+)$",
            id_,
        ):
            continue
        if id_.startswith(("finding-", "claim-")):
            kind, pk = id_.split("-")
            url = reverse("highlight_detail" if kind == "finding" else "claim_detail", args=[pk])
            expected = _ById(client.get(url, headers=HTMX).content.decode()).found[id_]
        elif id_ in ("findings-panel", "claims-panel"):
            continue  # holds the acted-on item in full, where the page has it compact
        else:
            expected = page[id_]
        assert _normal(fragment) == _normal(expected), id_
        checked.add(id_)
    return checked


def _write(client, review, name: str):
    """One htmx write on a populated review, as the page would post it."""
    highlight = review.highlights.exclude(status="dismissed").order_by("pk").first()
    suggested = review.highlights.filter(status="suggested").order_by("pk").first()
    claim = review.claims.filter(verdict="pending").order_by("pk").first()
    text = review.rewrite.body
    if name == "highlight":
        data = _selection(text, text[40:52]) | {"side": "rewrite", "category": "number"}
        url = reverse("review_highlight_create", args=[review.pk])
        return client.post(url, data | {"severity": "major"}, headers=HTMX)
    if name == "source-highlight":
        data = _selection(review.source.body, "Riverside") | {"side": "source", "category": "time"}
        url = reverse("review_highlight_create", args=[review.pk])
        return client.post(url, data | {"severity": "minor"}, headers=HTMX)
    if name in ("accept", "dismiss"):
        url = reverse("highlight_status", args=[suggested.pk])
        return client.post(url, {"action": name, "expected": "suggested"}, headers=HTMX)
    if name == "edit":
        url = reverse("highlight_edit", args=[highlight.pk])
        return client.post(url, {"category": "quote", "severity": "minor"}, headers=HTMX)
    if name == "dispute":
        url = reverse("claim_verdict", args=[claim.pk])
        data = {"verdict": "disputed", "note": "No", "expected": "pending"}
        return client.post(url, data, headers=HTMX)
    if name == "verify":
        # The last claim: no unsettled finding covers it (see _populate).
        claim = review.claims.filter(verdict="pending").order_by("-start").first()
        url = reverse("claim_verdict", args=[claim.pk])
        sel = _selection(review.source.body, "Repairs will cost $1.2 million")
        data = {"verdict": "verified", "expected": "pending"}
        return client.post(url, data | {f"evidence_{k}": v for k, v in sel.items()}, headers=HTMX)
    if name == "verify-support":
        supported = review.claims.filter(verdict="pending", support_start__isnull=False)
        url = reverse("claim_verdict", args=[supported.order_by("-start").first().pk])
        data = {"verdict": "verified", "expected": "pending", "evidence_support": "1"}
        return client.post(url, data, headers=HTMX)
    if name == "claim":
        url = reverse("review_claim_create", args=[review.pk])
        return client.post(url, _selection(text, text[60:90]), headers=HTMX)
    if name == "comment":
        url = reverse("review_comment_create", args=[review.pk])
        return client.post(url, {"body": "Overall fine"}, headers=HTMX)
    if name == "claim-comment":
        url = reverse("review_comment_create", args=[review.pk])
        return client.post(url, {"claim": claim.pk, "body": "Checked"}, headers=HTMX)
    raise AssertionError(name)


WRITES = [
    "highlight",
    "source-highlight",
    "accept",
    "dismiss",
    "edit",
    "dispute",
    "verify",
    "verify-support",
    "claim",
    "comment",
    "claim-comment",
]


@pytest.mark.parametrize("name", WRITES)
def test_a_write_answers_with_exactly_what_a_fresh_page_shows(
    reviewer_client, reviewer, review, name
):
    _populate(review, reviewer, 12)
    before = _ById(reviewer_client.get(review.get_absolute_url()).content.decode()).found
    response = _write(reviewer_client, review, name)
    assert response.status_code == 200, response.content[:300]
    checked = _check_against_a_fresh_page(reviewer_client, review, response)
    assert "ws-progress" in checked or name in ("comment", "claim-comment")
    # And whatever the answer leaves out is the same on a fresh page as it was before.
    _check_the_rest_is_unchanged(before, reviewer_client, review, response)


_UNIT = re.compile(
    r"^(source-p\d+|rewrite-p\d+|ws-progress|ws-header|analysis-status|signoff-panel"
    r"|findings-count|claims-count|findings-panel|claims-panel|review-thread|col-source"
    r"|col-rewrite|finding-\d+|claim-\d+|findings-list|dismissed-list|claims-list)$"
)


def _skeleton(id_: str, found: dict[str, str]) -> str:
    """An element with each swappable part inside it reduced to a placeholder: what is left is
    what only a swap of the element itself would change (and the parts' order)."""
    html = found[id_]
    inner = [i for i in found if i != id_ and _UNIT.match(i) and found[i] in html]
    for child in sorted(inner, key=lambda i: -len(found[i])):
        html = html.replace(found[child], f"<#{child}>")
    return _normal(html)


def _check_the_rest_is_unchanged(before: dict, client, review, response) -> None:
    parsed = _ById(response.content.decode())
    sent = set(parsed.found)
    after = _ById(client.get(review.get_absolute_url()).content.decode()).found
    expected = {i: _skeleton(i, before) for i in before if _UNIT.match(i)}
    inserted = _INSERT.search(response.content.decode())
    if inserted:
        # htmx puts the new item into its list, before the item named or at the end.
        new = inserted.group("item")
        if inserted.group("how") == "beforebegin":
            into, target = "findings-list", f"<#{inserted.group('target')}>"
        else:
            into, target = inserted.group("target"), "</ol>"
        skeleton = expected[into]
        cut = skeleton.index(target)
        expected[into] = skeleton[:cut] + f"<#{new}>" + skeleton[cut:]
    for id_ in {i for i in after if _UNIT.match(i)} | set(expected):
        if id_ in sent:
            continue
        got = _skeleton(id_, after) if id_ in after else None
        assert expected.get(id_) == got, id_


def test_the_editors_sign_off_panel_stays_exact_after_a_write(editor_client, reviewer, review):
    """The editor has both roles: each role's list of blockers must follow the write."""
    _populate(review, reviewer, 12)
    response = _write(editor_client, review, "dispute")
    assert response.status_code == 200
    assert "signoff-panel" in _check_against_a_fresh_page(editor_client, review, response)


def test_a_verdict_answers_with_the_claim_counts_sign_off_and_new_state(reviewer_client, review):
    claim = ClaimFactory(review=review)
    response = reviewer_client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict": "disputed", "expected": "pending", "note": "Source says eight months"},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<li id="claim-{claim.pk}"' in html and 'data-verdict="disputed"' in html
    assert '<span id="claims-count" class="ws-count" hx-swap-oob="true">0 of 1 verified' in html
    assert 'id="ws-progress"' in html
    assert 'id="signoff-panel"' in html
    assert f'1 claim disputed: <a href="#claim-{claim.pk}" data-go="c{claim.pk}"' in html
    # The claim's underline changes: its rewrite paragraph comes back; the source's does not.
    assert f'class="claim v-disputed" data-claim-ids="{claim.pk}"' in html
    assert '<span class="ws-para" id="rewrite-p' in html and 'id="source-p' not in html
    assert _events(response)["reviewChanged"] == {
        "claim": claim.pk,
        "verdict": "disputed",
        "number": 1,
        "tag": "C1✗",
        "title": "Claim C1, disputed",
    }


# --- Query counts: a write costs the same whatever the review holds ---------------------

# The most queries each write may make, with the request's own (session, user, permissions).
WRITE_QUERIES = {
    "highlight": 21,
    "source-highlight": 21,
    "accept": 23,
    "dismiss": 27,
    "edit": 27,
    "dispute": 22,
    "verify": 25,  # one of them asks whether anything still blocks sign-off (notifications)
    "verify-support": 24,
    "claim": 26,
    "comment": 18,
    "claim-comment": 20,
}


@pytest.mark.parametrize("name", WRITES)
@pytest.mark.parametrize("n", [10, 40])
def test_a_write_makes_a_constant_number_of_queries(
    reviewer_client, reviewer, review, n, name, django_assert_max_num_queries
):
    _populate(review, reviewer, n)
    with django_assert_max_num_queries(WRITE_QUERIES[name]):
        response = _write(reviewer_client, review, name)
    assert response.status_code == 200


def test_a_claim_a_blocking_finding_covers_cannot_be_verified(reviewer_client, review):
    """The engine's nearest passage is no proof: settle the finding that contradicts it first."""
    claim = ClaimFactory(review=review, text="voted 9-0", support_start=0, support_end=10)
    HighlightFactory(review=review, text="9-0", status="suggested", origin="engine", author=None)
    page = reviewer_client.get(review.get_absolute_url()).content.decode()
    item = page[page.index(f'id="claim-{claim.pk}"') :]
    item = item[: item.index("</li>")]
    assert 'data-field="contested"' in item
    assert 'data-action="verify-support"' not in item
    events = Event.objects.count()
    response = reviewer_client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict": "verified", "expected": "pending", "evidence_support": "1"},
        headers=HTMX,
    )
    assert response.status_code == 409
    assert "An unsettled critical number finding covers this claim" in response.content.decode()
    claim.refresh_from_db()
    assert claim.verdict == "pending"
    assert Event.objects.count() == events


def _caution(html: str, claim: Claim) -> str:
    """The claim item's line naming the finding that keeps it from being verified."""
    item = html[html.index(f'<li id="claim-{claim.pk}"') :]
    item = item[: item.index("</li>")]
    found = re.search(r'<p class="ws-caution" data-field="contested">(.*?)</p>', item)
    return found.group(1) if found else ""


def test_a_verdict_names_the_contesting_finding_as_the_claims_own_page_does(
    reviewer_client, review
):
    """A verdict's answer finds what contests the claim among the findings its paragraph loads:
    the riskiest unsettled critical or major rewrite finding over it, nothing else."""
    claim = ClaimFactory(review=review, text="voted 9-0", support_start=0, support_end=10)
    HighlightFactory(review=review, text="voted", category="entity", severity="major")
    HighlightFactory(review=review, text="9-0", category="number", severity="critical")
    HighlightFactory(review=review, text="council voted", severity="critical", status="resolved")
    HighlightFactory(review=review, text="9-0", category="time", severity="minor")
    source = review.source.body
    start = source.index("council")
    HighlightFactory(
        review=review, side="source", text="council", start=start, end=start + 7, quote="council"
    )
    response = reviewer_client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict": "disputed", "expected": "pending", "note": "Minutes say 7-2"},
        headers=HTMX,
    )
    assert response.status_code == 200
    detail = reviewer_client.get(reverse("claim_detail", args=[claim.pk]), headers=HTMX)
    caution = _caution(response.content.decode(), claim)
    assert "the critical number finding" in caution
    assert caution == _caution(detail.content.decode(), claim)


def test_a_verdict_on_an_uncontested_claim_names_no_finding(reviewer_client, review):
    claim = ClaimFactory(review=review, text="voted 9-0", support_start=0, support_end=10)
    HighlightFactory(review=review, text="9-0", severity="minor")
    HighlightFactory(review=review, text="Tuesday", category="time")  # beside it, not over it
    response = reviewer_client.post(
        reverse("claim_verdict", args=[claim.pk]),
        {"verdict": "disputed", "expected": "pending", "note": "Minutes say 7-2"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert _caution(response.content.decode(), claim) == ""
    assert 'data-action="verify-support"' in response.content.decode()  # it may be verified


def test_once_the_finding_is_dismissed_the_claim_can_be_verified(reviewer, review):
    claim = ClaimFactory(review=review, text="voted 9-0")
    finding = HighlightFactory(review=review, text="9-0", status="suggested", author=None)
    link = "https://example.org/council-minutes"
    with pytest.raises(workflow.Conflict):
        workflow.set_verdict(claim=claim, user=reviewer, verdict="verified", evidence_url=link)
    workflow.set_highlight_status(
        highlight=finding, user=reviewer, action="dismiss", reason="Minutes show 9-0"
    )
    claim = workflow.set_verdict(claim=claim, user=reviewer, verdict="verified", evidence_url=link)
    assert claim.verdict == "verified"
