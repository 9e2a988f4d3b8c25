"""Dashboard and story page: filters, search, htmx fragments, query counts, diff, editor actions.

Edith is an editor, Rita a reviewer assigned to the review, Ravi an unassigned reviewer, and Oscar
has an account but no newsroom role.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsdesk.diff import diff_stats, word_diff
from newsdesk.models import Story, StoryVersion
from reviews import workflow
from reviews.models import Event, Review
from tests.factories import (
    ClaimFactory,
    HighlightFactory,
    ReviewFactory,
    StoryFactory,
    VersionFactory,
)

DASHBOARD = reverse("dashboard")


def _story_url(review: Review) -> str:
    return reverse("story_detail", args=[review.story.slug])


# --- Dashboard ---------------------------------------------------------------------------


def test_it_lists_stories_with_status_and_counts(editor_client, review):
    HighlightFactory(review=review, status="open")
    HighlightFactory(review=review, status="suggested", origin="engine", severity="critical")
    HighlightFactory(review=review, status="suggested", origin="engine", severity="minor")
    HighlightFactory(review=review, status="dismissed", origin="engine", severity="major")
    ClaimFactory(review=review)
    ClaimFactory(review=review, verdict="disputed", verdict_note="Wrong count")

    response = editor_client.get(DASHBOARD)

    assert response.status_code == 200
    row = response.context["page"].object_list[0]
    assert row.current_status == "open"
    assert row.open_highlights == 3
    assert (row.pending_claims, row.disputed_claims) == (1, 1)
    assert (row.engine_critical, row.engine_major, row.engine_minor) == (1, 0, 1)
    assert [u.username for u in row.assigned] == ["rita"]
    html = response.content.decode()
    assert review.story.title in html
    assert "Needs review" in html
    assert "1 critical" in html


def test_story_without_review_shows_as_draft(editor_client, editor):
    StoryFactory(title="Only a draft", created_by=editor)

    response = editor_client.get(DASHBOARD)

    row = response.context["page"].object_list[0]
    assert row.current_status == "draft"
    assert "Draft" in response.content.decode()


def test_mine_tab_shows_stories_created_by_or_assigned_to_me(client, review, reviewer, editor):
    other = ReviewFactory(story__title="Someone else's story")
    client.force_login(reviewer)

    response = client.get(DASHBOARD, {"tab": "mine"})

    titles = [s.title for s in response.context["page"].object_list]
    assert titles == [review.story.title]
    assert other.story.title not in response.content.decode()


@pytest.mark.parametrize(
    ("tab", "status"),
    [
        ("needs_review", "open"),
        ("changes_requested", "changes_requested"),
        ("signed_off", "signed_off"),
    ],
)
def test_status_tabs_filter_by_current_review_status(editor_client, editor, tab, status):
    for s in ("open", "changes_requested", "signed_off"):
        ReviewFactory(story__title=f"Story {s}", story__created_by=editor, status=s)

    response = editor_client.get(DASHBOARD, {"tab": tab})

    assert [s.title for s in response.context["page"].object_list] == [f"Story {status}"]


def test_search_matches_title_and_desk(editor_client, editor):
    StoryFactory(title="Flood in the valley", desk="Regional", created_by=editor)
    StoryFactory(title="Budget vote", desk="Politics", created_by=editor)

    by_title = editor_client.get(DASHBOARD, {"q": "flood"})
    by_desk = editor_client.get(DASHBOARD, {"q": "politics"})

    assert [s.title for s in by_title.context["page"].object_list] == ["Flood in the valley"]
    assert [s.title for s in by_desk.context["page"].object_list] == ["Budget vote"]


def test_htmx_request_gets_only_the_story_list_fragment(editor_client, review):
    response = editor_client.get(DASHBOARD, {"q": "pool"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="story-list"')
    assert "<html" not in html
    assert review.story.title in html
    assert "HX-Request" in response["Vary"]


def test_search_box_and_tabs_work_without_javascript(editor_client, review):
    html = editor_client.get(DASHBOARD).content.decode()

    assert 'method="get" action="/"' in html
    assert 'hx-get="/"' in html
    assert 'hx-push-url="true"' in html
    assert 'href="?tab=mine"' in html
    assert 'hx-get="?tab=mine"' in html


def test_dashboard_paginates_25_a_page(editor_client, editor):
    for n in range(27):
        StoryFactory(title=f"Story {n}", created_by=editor)

    first = editor_client.get(DASHBOARD)
    second = editor_client.get(DASHBOARD, {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2
    assert "page=2" in first.content.decode()


def _stories_with_findings(editor, reviewer, count: int) -> None:
    for n in range(count):
        review = ReviewFactory(story__title=f"Story {n}", story__created_by=editor)
        review.reviewers.add(reviewer)
        for status in ("open", "suggested", "resolved"):
            HighlightFactory(review=review, status=status, origin="engine", author=None)
        for _ in range(3):
            ClaimFactory(review=review, created_by=editor)


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(DASHBOARD).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_does_not_grow_with_stories(
    editor_client, editor, reviewer, django_assert_max_num_queries
):
    _stories_with_findings(editor, reviewer, 3)
    few = _dashboard_queries(editor_client)
    _stories_with_findings(editor, reviewer, 27)

    with django_assert_max_num_queries(few):
        response = editor_client.get(DASHBOARD)

    assert len(response.context["page"].object_list) == 25
    assert few <= 12


def test_outsider_gets_no_stories_on_the_dashboard(outsider_client, review):
    response = outsider_client.get(DASHBOARD)

    assert response.status_code == 403
    assert review.story.title not in response.content.decode()


# --- Story page --------------------------------------------------------------------------


def test_story_page_shows_versions_reviews_and_events(editor_client, review, editor, reviewer):
    workflow.sign_off(review=review, user=reviewer, role="reviewer", statement="Checked all")
    workflow.record_event(actor=editor, verb="story.noted", obj=review.story, story=review.story)

    response = editor_client.get(_story_url(review))

    html = response.content.decode()
    assert response.status_code == 200
    assert review.rewrite.sha256[:12] in html
    assert "test-model" in html
    assert "Checked all" in html
    assert "edith</strong> recorded story.noted" in html  # a kind the log does not know
    assert "rita</strong> signed as reviewer on v2" in html


def test_story_page_diff_defaults_to_source_vs_single_rewrite(editor_client, review):
    response = editor_client.get(_story_url(review))

    assert response.context["diff_a"] == review.source
    assert response.context["diff_b"] == review.rewrite
    assert "<del>" in response.content.decode()


def test_story_page_diff_defaults_to_previous_vs_newest_rewrite(editor_client, review, editor):
    workflow.add_rewrite_version(
        story=review.story,
        user=editor,
        data=workflow.VersionInput(body=review.rewrite.body + "\nOne more line.", origin="staff"),
    )

    response = editor_client.get(_story_url(review))

    assert (response.context["diff_a"].number, response.context["diff_b"].number) == (2, 3)
    assert "<ins>One more line.</ins>" in response.content.decode()


def test_story_page_diff_takes_versions_from_get_params(editor_client, review):
    response = editor_client.get(_story_url(review), {"a": 2, "b": 1})

    assert (response.context["diff_a"].number, response.context["diff_b"].number) == (2, 1)


def test_story_page_diff_htmx_returns_only_the_diff(editor_client, review):
    response = editor_client.get(
        _story_url(review), {"a": 1, "b": 2}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="version-diff"')
    assert "<html" not in html


def test_version_diff_escapes_html_in_story_text(editor_client, editor):
    story = StoryFactory(created_by=editor)
    source = VersionFactory(story=story, body="Plain source text.")
    VersionFactory(
        story=story,
        role="rewrite",
        body="Plain <script>alert(1)</script> text.",
        based_on=source,
    )

    html = editor_client.get(reverse("story_detail", args=[story.slug])).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_word_diff_marks_changed_words_only():
    pieces = word_diff("Six people were killed on Saturday.", "19 people were killed on Saturday.")

    assert pieces == [
        ("delete", "Six "),
        ("insert", "19 "),
        ("equal", "people were killed on Saturday."),
    ]
    assert diff_stats(pieces) == {"added": 1, "removed": 1, "hunks": 1}


def test_story_page_is_404_for_outsider(outsider_client, review):
    assert outsider_client.get(_story_url(review)).status_code == 404


def test_story_page_is_404_for_unknown_story(editor_client):
    assert editor_client.get(reverse("story_detail", args=["no-such-story"])).status_code == 404


def test_reviewer_sees_story_page_without_editor_forms(reviewer_client, review):
    response = reviewer_client.get(_story_url(review))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Edit the rewrite" not in html
    assert "Assign reviewers" not in html


# --- Editing the rewrite -----------------------------------------------------------------


def test_edit_form_is_prefilled_with_newest_rewrite(editor_client, review):
    response = editor_client.get(_story_url(review))

    assert response.context["rewrite_form"]["body"].value() == review.rewrite.body


def test_editing_rewrite_creates_version_and_review_and_supersedes(editor_client, review):
    url = reverse("story_add_rewrite", args=[review.story.slug])

    response = editor_client.post(
        url,
        {
            "body": "The council voted 7-2 on Tuesday to close the pool.",
            "origin": "staff",
            "origin_detail": "Edith",
            "prompt": "",
            "headline": "Pool closes",
        },
    )

    new_review = Review.objects.exclude(pk=review.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("review_workspace", args=[new_review.pk])
    assert new_review.rewrite.number == 3
    assert new_review.rewrite.origin_detail == "Edith"
    review.refresh_from_db()
    assert review.status == "superseded"
    assert review.superseded_by == new_review


def test_editing_rewrite_with_unchanged_text_is_a_no_op_that_says_so(editor_client, review):
    url = reverse("story_add_rewrite", args=[review.story.slug])

    response = editor_client.post(
        url, {"body": review.rewrite.body, "origin": "staff"}, follow=True
    )

    assert response.redirect_chain == [(review.story.get_absolute_url(), 302)]
    assert "No changes to save" in response.content.decode()
    assert StoryVersion.objects.filter(story=review.story).count() == 2


def test_reviewer_cannot_edit_the_rewrite(reviewer_client, review):
    url = reverse("story_add_rewrite", args=[review.story.slug])

    response = reviewer_client.post(url, {"body": "Changed text.", "origin": "staff"})

    assert response.status_code == 403
    assert StoryVersion.objects.filter(story=review.story).count() == 2


def test_outsider_cannot_edit_the_rewrite(outsider_client, review):
    url = reverse("story_add_rewrite", args=[review.story.slug])

    response = outsider_client.post(url, {"body": "Changed text.", "origin": "staff"})

    assert response.status_code == 404


def test_edit_rewrite_needs_post(editor_client, review):
    url = reverse("story_add_rewrite", args=[review.story.slug])

    assert editor_client.get(url).status_code == 405


# --- Assigning reviewers -----------------------------------------------------------------


def test_editor_assigns_reviewers(editor_client, review, other_reviewer):
    url = reverse("review_assign", args=[review.story.slug, review.pk])

    response = editor_client.post(url, {"reviewers": [other_reviewer.pk]})

    assert response.status_code == 302
    assert list(review.reviewers.all()) == [other_reviewer]
    assert Event.objects.filter(verb="review.reviewers_set", review=review).exists()


def test_assigning_a_non_reviewer_is_refused(editor_client, review, outsider):
    url = reverse("review_assign", args=[review.story.slug, review.pk])

    response = editor_client.post(url, {"reviewers": [outsider.pk]})

    assert response.status_code == 400
    assert [u.username for u in review.reviewers.all()] == ["rita"]


def test_assigning_on_a_closed_review_shows_the_conflict(editor_client, review, other_reviewer):
    Review.objects.filter(pk=review.pk).update(status="signed_off")
    url = reverse("review_assign", args=[review.story.slug, review.pk])

    response = editor_client.post(url, {"reviewers": [other_reviewer.pk]})

    assert response.status_code == 409
    assert "takes no more changes" in response.content.decode()


def test_reviewer_cannot_assign_reviewers(reviewer_client, review, other_reviewer):
    url = reverse("review_assign", args=[review.story.slug, review.pk])

    response = reviewer_client.post(url, {"reviewers": [other_reviewer.pk]})

    assert response.status_code == 403
    assert [u.username for u in review.reviewers.all()] == ["rita"]


def test_assign_is_404_for_review_of_another_story(editor_client, review, other_reviewer):
    other = ReviewFactory()
    url = reverse("review_assign", args=[review.story.slug, other.pk])

    assert editor_client.post(url, {"reviewers": [other_reviewer.pk]}).status_code == 404


def test_story_count_unchanged_by_page_views(editor_client, review):
    editor_client.get(_story_url(review))
    editor_client.get(DASHBOARD)

    assert Story.objects.count() == 1


def test_word_diff_matches_lines_first_and_keeps_the_new_text_exact():
    old = "First line stays.\nSix people were killed.\nLast line stays."
    new = "First line stays.\n19 people were killed.\nLast line stays.\nAn added line."

    pieces = word_diff(old, new)

    assert "".join(text for op, text in pieces if op != "delete") == new
    assert ("delete", "Six ") in pieces
    assert ("insert", "19 ") in pieces
    assert diff_stats(pieces)["hunks"] == 2


def test_word_diff_shows_a_huge_rewritten_block_replaced_whole():
    old, new = "alpha beta " * 5000, "gamma delta " * 5000

    assert word_diff(old, new) == [("delete", old), ("insert", new)]


def _story_page_queries(client, story) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("story_detail", args=[story.slug]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_story_page_query_count_does_not_grow_with_versions_and_sign_offs(
    editor_client, editor, reviewer, django_assert_max_num_queries
):
    story, review = workflow.create_story(
        user=editor,
        title="Versions pile up",
        desk="",
        source=workflow.VersionInput(body="The council voted 7-2 on Tuesday.", origin="wire"),
        rewrite=workflow.VersionInput(body="The council voted 9-0 on Tuesday.", origin="ai"),
        reviewers=[reviewer],
    )
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    few = _story_page_queries(editor_client, story)
    for n in range(6):
        review = workflow.add_rewrite_version(
            story=story,
            user=editor,
            data=workflow.VersionInput(body=f"The council voted {n}-2 on Tuesday.", origin="staff"),
        )
    workflow.sign_off(review=review, user=reviewer, role="reviewer")
    workflow.sign_off(review=review, user=editor, role="editor")
    assert story.versions.count() == 8
    assert story.reviews.count() == 7
    with django_assert_max_num_queries(few):
        editor_client.get(reverse("story_detail", args=[story.slug]))
