"""Search over stories: titles, story text (every version) and review comments, ranked.

On PostgreSQL it is full-text search (django.contrib.postgres.search): each kind of text is
matched with `@@` against an English SearchVector that a GIN index covers (migration 0007),
ranked with SearchRank over a weighted vector (titles A, story text B, comments C, so a title
hit outweighs a text hit, which outweighs a comment), and shown with a SearchHeadline snippet.
A story's score adds its best title, text and comment ranks. On SQLite, which has no full-text
search here, every word must occur (case-insensitively) and the same weights rank the kinds of
text; the snippet is the text around the first word found.

Snippets are escaped here: the database marks matches with private-use characters, never with
markup, and only our own <mark> tags are put back in their place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from django.db import connection
from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe

from newsdesk.models import Story, StoryVersion
from reviews.models import Comment

CONFIG = "english"
MAX_QUERY_CHARS = 200
PER_KIND = 50  # rows read per kind of text, best first; a story needs only its best one
RESULTS = 25
# SearchRank's default weights for the A, B and C labels; the fallback ranks with the same.
WEIGHTS = {"title": 1.0, "text": 0.4, "comment": 0.2}
_START, _STOP = "\ue000", "\ue001"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SNIPPET_CHARS = 160


@dataclass
class Hit:
    """One story found, with why: its score, and a snippet from its best match."""

    story: Story
    score: float = 0.0
    kinds: set[str] = field(default_factory=set)
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))
    snippet_kind: str = ""
    comment_id: int | None = None
    review_id: int | None = None


def clean_query(q: str) -> str:
    """The query as searched: control characters removed (none may reach the database, and
    PostgreSQL cannot store NUL), whitespace collapsed, at most MAX_QUERY_CHARS."""
    return " ".join(_CONTROL.sub(" ", q or "").split())[:MAX_QUERY_CHARS]


def _marked(headline: str) -> SafeString:
    """The database's headline, escaped, with its match markers turned into <mark> tags."""
    html = escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - every character of the text was escaped above


def search(q: str, *, limit: int = RESULTS) -> list[Hit]:
    """Stories matching q, best first (empty for an empty query)."""
    q = clean_query(q)
    if not q:
        return []
    rows = _postgres(q) if connection.vendor == "postgresql" else _fallback(q)
    return _merge(rows, limit)


# A row: (kind, story id, rank, snippet, comment id, review id)
Row = tuple[str, int, float, str, int | None, int | None]


def _postgres(q: str) -> list[Row]:
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    query = SearchQuery(q, search_type="websearch", config=CONFIG)

    def ranked(qs, column: str, weight: str):
        return (
            qs.annotate(
                matched=SearchVector(column, config=CONFIG),
                rank=SearchRank(SearchVector(column, weight=weight, config=CONFIG), query),
                snippet=SearchHeadline(
                    column,
                    query,
                    config=CONFIG,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .filter(matched=query)
            .order_by("-rank", "-pk")
        )

    rows: list[Row] = []
    for pk, rank, snippet in ranked(Story.objects.all(), "title", "A").values_list(
        "pk", "rank", "snippet"
    )[:PER_KIND]:
        rows.append(("title", pk, rank, snippet, None, None))
    for story_id, rank, snippet in ranked(StoryVersion.objects.all(), "body", "B").values_list(
        "story_id", "rank", "snippet"
    )[:PER_KIND]:
        rows.append(("text", story_id, rank, snippet, None, None))
    for pk, story_id, review_id, rank, snippet in ranked(
        Comment.objects.all(), "body", "C"
    ).values_list("pk", "review__story_id", "review_id", "rank", "snippet")[:PER_KIND]:
        rows.append(("comment", story_id, rank, snippet, pk, review_id))
    return rows


def _fallback(q: str) -> list[Row]:
    words = q.split()[:10]

    def every_word(column: str) -> Q:
        cond = Q()
        for w in words:
            cond &= Q(**{f"{column}__icontains": w})
        return cond

    rows: list[Row] = []
    for pk, title in Story.objects.filter(every_word("title")).values_list("pk", "title")[
        :PER_KIND
    ]:
        rows.append(("title", pk, WEIGHTS["title"], _excerpt(title, words), None, None))
    for story_id, body in (
        StoryVersion.objects.filter(every_word("body"))
        .order_by("-pk")
        .values_list("story_id", "body")[:PER_KIND]
    ):
        rows.append(("text", story_id, WEIGHTS["text"], _excerpt(body, words), None, None))
    for pk, story_id, review_id, body in (
        Comment.objects.filter(every_word("body"))
        .order_by("-pk")
        .values_list("pk", "review__story_id", "review_id", "body")[:PER_KIND]
    ):
        rows.append(("comment", story_id, WEIGHTS["comment"], _excerpt(body, words), pk, review_id))
    return rows


def _excerpt(text: str, words: list[str]) -> str:
    """The text around the first word found, with every word found marked (as a headline)."""
    lower = text.lower()
    at = min((i for i in (lower.find(w.lower()) for w in words) if i >= 0), default=0)
    start = max(0, at - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    piece = " ".join(text[start:end].split())
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    piece = pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", piece)
    return ("… " if start else "") + piece + (" …" if end < len(text) else "")


def _merge(rows: list[Row], limit: int) -> list[Hit]:
    """One hit per story: its best rank for each kind of text added up, best snippet kept.

    The snippet comes from the story text if it matched, else a comment, else the title.
    """
    best: dict[tuple[int, str], Row] = {}
    for row in rows:
        key = (row[1], row[0])
        if key not in best or row[2] > best[key][2]:
            best[key] = row
    scores: dict[int, float] = {}
    for (story_id, _kind), row in best.items():
        scores[story_id] = scores.get(story_id, 0.0) + float(row[2])
    order = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:limit]
    stories = Story.objects.select_related("created_by").in_bulk(order)
    hits = []
    for pk in order:
        if pk not in stories:
            continue
        hit = Hit(story=stories[pk], score=scores[pk])
        for kind in ("text", "comment", "title"):
            row = best.get((pk, kind))
            if row is None:
                continue
            hit.kinds.add(kind)
            if not hit.snippet_kind:
                hit.snippet, hit.snippet_kind = _marked(row[3]), kind
                hit.comment_id, hit.review_id = row[4], row[5]
        hits.append(hit)
    return hits
