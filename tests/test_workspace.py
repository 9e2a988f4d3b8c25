"""The review workspace page: access, what it shows, analysis states, and its query count."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from reviews import workflow
from reviews.models import Claim, Comment, Highlight, Review
from tests.factories import ClaimFactory, CommentFactory, HighlightFactory

HTMX = {"HX-Request": "true"}


def _url(review: Review) -> str:
    return reverse("review_workspace", args=[review.pk])


def test_it_renders_for_the_assigned_reviewer(reviewer_client, review):
    HighlightFactory(review=review, text="9-0")
    ClaimFactory(review=review)
    response = reviewer_client.get(_url(review))
    assert response.status_code == 200
    html = response.content.decode()
    assert review.story.title in html
    assert 'id="col-source"' in html and 'id="col-rewrite"' in html
    assert 'id="findings-panel"' in html and 'id="claims-panel"' in html
    assert 'id="signoff-panel"' in html
    assert "test-model" in html  # the rewrite's provenance
    assert 'id="selection-form"' in html
    assert "Keyboard shortcuts" in html


def test_it_renders_for_the_editor_with_the_editor_sign_off(editor_client, review):
    response = editor_client.get(_url(review))
    assert response.status_code == 200
    assert 'data-role="editor"' in response.content.decode()


def test_it_is_404_for_an_outsider(outsider_client, review):
    assert outsider_client.get(_url(review)).status_code == 404


def test_unassigned_reviewer_sees_it_read_only(client, other_reviewer, review):
    client.force_login(other_reviewer)
    response = client.get(_url(review))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-read-only="true"' in html
    assert 'id="selection-form"' not in html
    assert "not assigned to work on it" in html


def test_it_requires_login(client, review):
    response = client.get(_url(review))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_htmx_request_with_a_region_target_gets_only_that_region(reviewer_client, review):
    HighlightFactory(review=review, text="9-0")
    response = reviewer_client.get(_url(review), headers={**HTMX, "HX-Target": "findings-panel"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="findings-panel"')
    assert "<html" not in html
    assert 'id="col-rewrite"' not in html


def test_findings_are_ordered_by_risk(reviewer_client, review):
    minor = HighlightFactory(review=review, text="Riverside", category="entity", severity="minor")
    critical = HighlightFactory(review=review, text="9-0", category="number")
    html = reviewer_client.get(_url(review)).content.decode()
    assert html.index(f'id="finding-{critical.pk}"') < html.index(f'id="finding-{minor.pk}"')


def test_risk_order_sorts_loaded_highlights_as_by_risk_does(review):
    """querysets.risk_order, for rows already loaded, is by_risk's order exactly."""
    from itertools import product

    from reviews.models import Highlight
    from reviews.querysets import risk_order

    body = review.rewrite.body
    kinds = product(["critical", "major", "minor"], ["number", "entity", "meaning", "other"])
    for i, (severity, category) in enumerate(kinds):
        for side, at in (("rewrite", 3 * i), ("source", 2 * i), ("rewrite", 60 - i)):
            HighlightFactory(
                review=review,
                side=side,
                start=at,
                end=at + 4,
                quote=body[at : at + 4],
                severity=severity,
                category=category,
            )
    rows = list(Highlight.objects.filter(review=review).order_by("?"))
    key = lambda h: risk_order(h.severity, h.category, h.side, h.start, h.pk)  # noqa: E731
    in_python = sorted(rows, key=key)
    assert [h.pk for h in in_python] == list(
        Highlight.objects.filter(review=review).by_risk().values_list("pk", flat=True)
    )


def test_engine_suggestions_show_message_confidence_and_accept(reviewer_client, review):
    HighlightFactory(
        review=review,
        text="9-0",
        status="suggested",
        origin="engine",
        message="rewrite says 9-0; source says 7-2",
        confidence=0.82,
    )
    html = reviewer_client.get(_url(review)).content.decode()
    assert "rewrite says 9-0; source says 7-2" in html
    assert "82% confidence" in html
    assert 'data-action="accept"' in html
    assert "st-suggested" in html and "suggested" in html


def test_dismissed_findings_sit_behind_a_toggle(reviewer_client, review):
    HighlightFactory(review=review, text="9-0", status="dismissed")
    html = reviewer_client.get(_url(review)).content.decode()
    assert "Show dismissed (1)" in html
    assert "is-dismissed" in html


def test_the_progress_meter_counts_settled_items(reviewer_client, review):
    HighlightFactory(review=review, text="9-0", status="resolved")
    HighlightFactory(review=review, text="Riverside")
    ClaimFactory(review=review)
    html = reviewer_client.get(_url(review)).content.decode()
    assert 'data-count="findings">1 / 2<' in html
    assert 'data-count="claims">0 / 1<' in html


def test_the_sign_off_panel_lists_blockers_for_the_reviewer(reviewer_client, review):
    claim = ClaimFactory(review=review)
    html = reviewer_client.get(_url(review)).content.decode()
    assert "What still blocks your sign-off" in html
    assert f'href="#claim-{claim.pk}"' in html
    assert 'data-action="sign-off"' not in html


def test_the_sign_off_button_appears_once_nothing_blocks(reviewer_client, review):
    html = reviewer_client.get(_url(review)).content.decode()
    assert 'data-action="sign-off"' in html
    assert f'value="{review.rewrite.sha256}"' in html


def test_the_sign_off_panel_links_the_fidelity_record_before_and_after_sign_off(
    reviewer_client, editor, reviewer, review
):
    record = reverse("review_record", args=[review.story.slug, review.pk])
    html = reviewer_client.get(_url(review)).content.decode()
    assert f'<a href="{record}">Fidelity record so far</a>' in html
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    workflow.sign_off(review=review, user=editor, role="editor")
    html = reviewer_client.get(_url(review)).content.decode()
    assert f'<a href="{record}">Fidelity record</a>' in html
    assert reverse("review_record_json", args=[review.story.slug, review.pk]) in html


def test_an_editor_may_sign_over_content_blockers(editor_client, reviewer, review):
    ClaimFactory(review=review)
    html = editor_client.get(_url(review)).content.decode()
    # The editor's sign-off also waits for the reviewer's (a hard blocker): no override yet.
    assert 'data-action="override"' not in html
    assert "The reviewer must sign off first." in html


def test_comments_render_escaped_with_line_breaks(reviewer_client, reviewer, review):
    h = HighlightFactory(review=review, text="9-0")
    CommentFactory(review=review, highlight=h, author=reviewer, body="<script>x</script>\nline 2")
    url = reverse("highlight_detail", args=[h.pk])
    html = reviewer_client.get(url, headers=HTMX).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;<br>line 2" in html


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("UTC", '<time datetime="2025-07-01T23:30:00+00:00">1 Jul 23:30</time>'),
        ("Europe/London", '<time datetime="2025-07-02T00:30:00+01:00">2 Jul 00:30</time>'),
    ],
)
def test_comment_times_show_in_the_active_time_zone(
    reviewer_client, reviewer, review, settings, zone, shown
):
    settings.TIME_ZONE = zone
    comment = CommentFactory(review=review, author=reviewer, body="Checked.")
    at = datetime(2025, 7, 1, 23, 30, tzinfo=UTC)
    Comment.objects.filter(pk=comment.pk).update(created_at=at)
    html = reviewer_client.get(_url(review)).content.decode()
    assert shown in html


def test_panel_items_are_compact_and_expand_on_demand(reviewer_client, reviewer, review):
    h = HighlightFactory(review=review, text="9-0")
    claim = ClaimFactory(review=review)
    CommentFactory(review=review, highlight=h, author=reviewer, body="Thread body")
    html = reviewer_client.get(_url(review)).content.decode()
    assert f'data-lazy="{reverse("highlight_detail", args=[h.pk])}"' in html
    assert "Thread body" not in html
    assert "Comments (1)" in html
    response = reviewer_client.get(reverse("claim_detail", args=[claim.pk]), headers=HTMX)
    item = response.content.decode()
    assert item.lstrip().startswith(f'<li id="claim-{claim.pk}"')
    assert 'data-action="pick-evidence"' in item and "data-lazy" not in item


def test_an_item_has_its_own_page_without_javascript(reviewer_client, reviewer, review):
    h = HighlightFactory(review=review, text="9-0")
    CommentFactory(review=review, highlight=h, author=reviewer, body="Thread body")
    response = reviewer_client.get(reverse("highlight_detail", args=[h.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "Thread body" in html and "Back to the review" in html


def test_item_pages_are_404_for_an_outsider(outsider_client, review):
    h = HighlightFactory(review=review, text="9-0")
    claim = ClaimFactory(review=review)
    assert outsider_client.get(reverse("highlight_detail", args=[h.pk])).status_code == 404
    assert outsider_client.get(reverse("claim_detail", args=[claim.pk])).status_code == 404


def test_only_the_author_gets_an_edit_button(reviewer_client, reviewer, editor, review):
    mine = CommentFactory(review=review, author=reviewer, body="mine")
    theirs = CommentFactory(review=review, author=editor, body="theirs")
    html = reviewer_client.get(_url(review)).content.decode()
    assert reverse("comment_edit", args=[mine.pk]) in html
    assert reverse("comment_edit", args=[theirs.pk]) not in html


@pytest.mark.parametrize(
    ("status", "text"),
    [
        ("pending", 'hx-trigger="every 2s"'),
        ("running", "Analysing…"),
        ("failed", "Retry analysis"),
        ("none", "Run analysis"),
    ],
)
def test_the_analysis_region_shows_its_state(reviewer_client, review, status, text):
    Review.objects.filter(pk=review.pk).update(analysis_status=status, analysis_error="Boom")
    html = reviewer_client.get(_url(review)).content.decode()
    assert text in html


def test_the_status_poll_keeps_polling_while_running(reviewer_client, review):
    Review.objects.filter(pk=review.pk).update(analysis_status="running")
    url = reverse("review_analysis_status", args=[review.pk]) + "?was=running"
    response = reviewer_client.get(url, headers=HTMX)
    assert 'hx-trigger="every 2s"' in response.content.decode()
    assert "HX-Trigger" not in response


def test_the_status_poll_swaps_in_the_findings_when_done(reviewer_client, review):
    Review.objects.filter(pk=review.pk).update(analysis_status="done")
    HighlightFactory(review=review, text="9-0", status="suggested", origin="engine")
    url = reverse("review_analysis_status", args=[review.pk]) + "?was=running"
    response = reviewer_client.get(url, headers=HTMX)
    html = response.content.decode()
    assert "analysisDone" in response["HX-Trigger"]
    assert 'id="findings-panel" class="ws-panel" aria-labelledby="findings-h" hx-swap-oob' in html
    assert "every 2s" not in html


def test_the_status_poll_is_404_for_an_outsider(outsider_client, review):
    url = reverse("review_analysis_status", args=[review.pk])
    assert outsider_client.get(url, headers=HTMX).status_code == 404


# --- Query counts ------------------------------------------------------------------------


def _populate(review: Review, reviewer, n: int) -> None:
    """n highlights (some overlapping, some engine, some dismissed), n/2 + 1 claims, 2n comments.

    The highlights keep clear of the rewrite's last 30 characters, where the last claim sits
    uncontested (no unsettled finding covers it), so it can be verified.
    """
    text = review.rewrite.body
    source = review.source.body
    highlights = []
    for i in range(n):
        start = (i * 7) % (len(text) - 50)
        highlights.append(
            Highlight(
                review=review,
                side="rewrite" if i % 3 else "source",
                start=start,
                end=start + 5 + i % 9,
                quote=(text if i % 3 else source)[start : start + 5 + i % 9],
                category=["number", "quote", "entity", "time"][i % 4],
                severity=["critical", "major", "minor"][i % 3],
                status=["open", "suggested", "resolved", "dismissed"][i % 4],
                origin="engine" if i % 2 else "reviewer",
                author=None if i % 2 else reviewer,
                other_start=3 if i % 5 == 0 else None,
                other_end=12 if i % 5 == 0 else None,
            )
        )
    highlights = Highlight.objects.bulk_create(highlights)
    claims = []
    for i in range(n // 2):
        start = (i * 11) % (len(text) - 30)
        claims.append(
            Claim(
                review=review,
                start=start,
                end=start + 20,
                quote=text[start : start + 20],
                verdict="pending",
                support_start=0 if i % 2 else None,
                support_end=10 if i % 2 else None,
            )
        )
    claims.append(
        Claim(
            review=review,
            start=len(text) - 25,
            end=len(text) - 1,
            quote=text[-25:-1],
            verdict="pending",
            support_start=0,
            support_end=10,
        )
    )
    claims = Claim.objects.bulk_create(claims)
    for i in range(n):
        target = {"highlight": highlights[i]} if i % 2 else {"claim": claims[i % len(claims)]}
        top = Comment.objects.create(review=review, author=reviewer, body=f"c{i}", **target)
        Comment.objects.create(review=review, author=reviewer, body=f"r{i}", parent=top, **target)


@pytest.mark.parametrize("n", [10, 40])
def test_the_page_makes_a_constant_number_of_queries(
    reviewer_client, reviewer, review, n, django_assert_max_num_queries
):
    _populate(review, reviewer, n)
    with django_assert_max_num_queries(14):
        response = reviewer_client.get(_url(review))
    assert response.status_code == 200
    assert response.content.decode().count('data-kind="finding"') == n


@pytest.mark.parametrize("n", [10, 40])
def test_an_action_makes_a_constant_number_of_queries(
    reviewer_client, reviewer, review, n, django_assert_max_num_queries
):
    _populate(review, reviewer, n)
    claim = review.claims.first()
    url = reverse("claim_verdict", args=[claim.pk])
    with django_assert_max_num_queries(17):
        response = reviewer_client.post(
            url, {"verdict": "disputed", "note": "No", "expected": "pending"}, headers=HTMX
        )
    assert response.status_code == 200
