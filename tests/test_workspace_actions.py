"""The workspace's htmx actions: each calls one workflow function and returns changed regions."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from reviews import workflow
from reviews.anchoring import index_to_utf16
from reviews.models import Claim, Comment, Event, Highlight, Review, SignOff
from tests.factories import ClaimFactory, CommentFactory, HighlightFactory

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


def test_creating_a_highlight_returns_the_column_and_panel(reviewer_client, review):
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
    assert '<section id="col-rewrite"' in html and 'hx-swap-oob="true"' in html
    assert f'id="finding-{h.pk}"' in html
    assert f'data-highlight-ids="{h.pk}"' in html
    assert 'id="ws-progress"' in html
    events = _events(response)
    assert "reviewChanged" in events and events["highlightCreated"] == {"id": h.pk}


def test_creating_a_highlight_on_the_source_side(reviewer_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    data = _selection(review.source.body, "7-2") | {
        "side": "source",
        "category": "number",
        "severity": "major",
    }
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    assert Highlight.objects.get().side == "source"
    assert '<section id="col-source"' in response.content.decode()


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
    assert _events(response)["reviewChanged"] == {"highlight": h.pk}
    assert 'id="findings-panel"' in response.content.decode()


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
