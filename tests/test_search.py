"""Search: titles outrank story text, which outranks comments; snippets are escaped; on
PostgreSQL it is full-text search with GIN indexes, on SQLite a word search.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from reviews import search
from tests.factories import CommentFactory, ReviewFactory, StoryFactory, VersionFactory

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


def _titles(q: str) -> list[str]:
    return [h.story.title for h in search.search(q)]


@pytest.fixture
def three_stories(editor):
    in_title = ReviewFactory(story__title="Harbour ferry strike", story__created_by=editor)
    in_text = ReviewFactory(story__title="Transport news", story__created_by=editor)
    VersionFactory(
        story=in_text.story,
        role="rewrite",
        body="Crews on the harbour ferry walked out on Monday.",
        based_on=in_text.source,
    )
    in_comment = ReviewFactory(story__title="Weekend round-up", story__created_by=editor)
    CommentFactory(review=in_comment, author=editor, body="Check the harbour ferry times.")
    return in_title, in_text, in_comment


def test_a_title_outranks_story_text_which_outranks_a_comment(db, three_stories):
    assert _titles("harbour ferry") == [
        "Harbour ferry strike",
        "Transport news",
        "Weekend round-up",
    ]


def test_a_story_matching_in_more_places_ranks_higher(db, editor):
    title_only = StoryFactory(title="Lighthouse keeper retires", created_by=editor)
    both = StoryFactory(title="Lighthouse repairs", created_by=editor)
    VersionFactory(story=both, body="The lighthouse will reopen in spring.")
    assert [h.story for h in search.search("lighthouse")] == [both, title_only]
    hit = search.search("lighthouse")[0]
    assert hit.kinds == {"title", "text"} and hit.snippet_kind == "text"


def test_the_snippet_marks_the_words_and_escapes_the_text(db, editor):
    story = StoryFactory(title="Other", created_by=editor)
    VersionFactory(story=story, body='A walrus <script>alert("x")</script> if 5 < 7 & more.')
    [hit] = search.search("walrus")
    assert "<mark>walrus</mark>" in hit.snippet
    # PostgreSQL's headline drops what looks like a tag; the fallback escapes it. Either way
    # no markup from the text survives, and the rest is escaped.
    assert "<script" not in hit.snippet
    assert "5 &lt; 7 &amp; more" in hit.snippet


def test_a_comment_hit_links_to_the_comment(db, three_stories, reviewer_client):
    _, _, in_comment = three_stories
    comment = in_comment.comments.get()
    page = reviewer_client.get(reverse("search"), {"q": "ferry times"}).content.decode()
    assert f"{in_comment.get_absolute_url()}#comment-{comment.pk}" in page


def test_a_comment_on_a_finding_links_to_the_findings_page(db, editor, reviewer_client):
    from tests.factories import HighlightFactory

    r = ReviewFactory(story__title="Quiet", story__created_by=editor)
    h = HighlightFactory(review=r, author=editor)
    c = CommentFactory(review=r, highlight=h, author=editor, body="The albatross count is off")
    page = reviewer_client.get(reverse("search"), {"q": "albatross"}).content.decode()
    assert f'href="{reverse("highlight_detail", args=[h.pk])}#comment-{c.pk}"' in page


def test_nothing_matches_nothing(db, three_stories):
    assert search.search("") == [] and search.search("   ") == []
    assert _titles("zeppelin") == []


@on_postgres
def test_postgres_matches_word_forms_and_phrases(db, editor):
    story = StoryFactory(title="Council", created_by=editor)
    VersionFactory(story=story, body="The councillors voted to close the baths.")
    assert _titles("voting") == ["Council"]  # the English stemmer: vote, voted, voting
    assert _titles('"close the baths"') == ["Council"]
    assert _titles("baths -council") == ["Council"]  # "councillors" is not "council"
    assert _titles("baths -councillors") == []


@on_postgres
def test_postgres_searches_the_stored_vectors_through_their_gin_indexes(db, editor):
    from django.contrib.postgres.search import SearchQuery

    from newsdesk.models import Story, StoryVersion
    from reviews.models import Comment

    story = StoryFactory(title="Ferry", created_by=editor)
    VersionFactory(story=story, body="The ferry sails.")
    # The generated column follows the text: PostgreSQL computes it on insert.
    assert _titles("sails") == ["Ferry"]
    query = SearchQuery("ferry", config=search.CONFIG)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    for model in (Story, StoryVersion, Comment):
        qs = model.objects.annotate(v=search.stored_vector(model)).filter(v=query)
        assert f"{model._meta.db_table}_search_vector" in qs.explain()


@on_sqlite
def test_the_sqlite_fallback_needs_every_word(db, three_stories):
    assert _titles("FERRY harbour") == [
        "Harbour ferry strike",
        "Transport news",
        "Weekend round-up",
    ]
    assert _titles("harbour zeppelin") == []
    assert _titles("ferr") == ["Harbour ferry strike", "Transport news", "Weekend round-up"]


def test_control_characters_never_reach_the_database(reviewer_client, db):
    assert search.clean_query("fer\x00ry\ttimes\x7f") == "fer ry times"
    assert reviewer_client.get(reverse("search"), {"q": "ferry\x00"}).status_code == 400


def test_the_search_page_and_its_htmx_results(reviewer_client, three_stories):
    page = reviewer_client.get(reverse("search"), {"q": "harbour ferry"})
    assert page.status_code == 200
    assert "3 stories found" in page.content.decode()
    part = reviewer_client.get(reverse("search"), {"q": "ferry"}, HTTP_HX_REQUEST="true")
    body = part.content.decode()
    assert body.lstrip().startswith('<section id="search-results"') and "<html" not in body


def test_search_is_for_the_newsroom_only(outsider_client, three_stories):
    assert outsider_client.get(reverse("search"), {"q": "ferry"}).status_code == 404


@pytest.mark.parametrize("n", [3, 30])
def test_search_takes_a_fixed_number_of_queries(
    reviewer_client, editor, n, django_assert_max_num_queries
):
    for i in range(n):
        r = ReviewFactory(story__title=f"Ferry story {i}", story__created_by=editor)
        CommentFactory(review=r, author=editor, body=f"ferry comment {i}")
    # request (session, user, role: 4), ranking (3), stories (1), snippets (one per kind: 3)
    with django_assert_max_num_queries(11):
        response = reviewer_client.get(reverse("search"), {"q": "ferry"})
    assert response.content.decode().count('class="search-hit"') == min(n, search.RESULTS)
