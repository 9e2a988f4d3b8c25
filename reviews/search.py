"""Search over stories: titles, story text (every version) and review comments, ranked.

On PostgreSQL it is full-text search (django.contrib.postgres.search): each searched table has a
stored, generated English tsvector column with a GIN index (migrations 0007 and 0008), matched
with `@@` against a websearch query and ranked with SearchRank over the vector weighted by kind
(titles A, story text B, comments C, so a title hit outweighs a text hit, which outweighs a
comment); the shown hits get SearchHeadline snippets. A story's score adds its best title, text
and comment ranks. On SQLite, which has no full-text search here, every word must occur
(case-insensitively) and the same weights rank the kinds of text; the snippet is the text
around the first word found.

Snippets are escaped here: the database marks matches with private-use characters, never with
markup, and only our own <mark> tags are put back in their place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from django.db import connection
from django.db.models import Expression, Func, Q, Value
from django.utils.safestring import SafeString, mark_safe

from newsdesk.models import Story, StoryVersion
from reviews.models import Comment, item_url

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
    snippet_pk: int | None = None
    comment_url: str = ""  # the comment in its thread, when the snippet is a comment's


def clean_query(q: str) -> str:
    """The query as searched: control characters removed (none may reach the database, and
    PostgreSQL cannot store NUL), whitespace collapsed, at most MAX_QUERY_CHARS."""
    return " ".join(_CONTROL.sub(" ", q or "").split())[:MAX_QUERY_CHARS]


def _marked(headline: str) -> SafeString:
    """The database's headline, escaped, with its match markers turned into <mark> tags."""
    html = escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - every character of the text was escaped above


def search(q: str, *, limit: int = RESULTS) -> list[Hit]:
    """Stories matching q, best first (empty for an empty query).

    Ranking reads no snippet: the snippets (SearchHeadline re-reads the whole text, the costly
    part) are made afterwards for the shown hits only, one query per kind of text.
    """
    q = clean_query(q)
    if not q:
        return []
    postgres = connection.vendor == "postgresql"
    rows = _postgres(q) if postgres else _fallback(q)
    hits, wanted = _merge(rows, limit)
    snippets = _pg_snippets(q, wanted) if postgres else _fallback_snippets(q, wanted)
    for hit in hits:
        if hit.snippet_kind and hit.snippet_pk is not None:
            hit.snippet = _marked(snippets.get((hit.snippet_kind, hit.snippet_pk), ""))
    return hits


# A row: (kind, story id, rank, the matching row's pk, a comment's URL or "")
Row = tuple[str, int, float, int, str]
COMMENT_FIELDS = ("pk", "review__story_id", "review_id", "highlight_id", "claim_id")
MODELS: dict[str, tuple[type[Story] | type[StoryVersion] | type[Comment], str]] = {
    "title": (Story, "title"),
    "text": (StoryVersion, "body"),
    "comment": (Comment, "body"),
}


class StoredVector(Expression):
    """A table's stored search_vector column (PostgreSQL only: migration 0008).

    The models do not declare the column, so it is named here; the table name is the model's
    own, quoted, never anything a user typed.
    """

    def __init__(self, model) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.table = model._meta.db_table

    def as_sql(self, compiler, connection):
        return f"{connection.ops.quote_name(self.table)}.search_vector", []


def stored_vector(model) -> StoredVector:
    """The model's stored search vector, as an expression to annotate, filter and rank by."""
    return StoredVector(model)


def _postgres(q: str) -> list[Row]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

    query = SearchQuery(q, search_type="websearch", config=CONFIG)

    def ranked(model, weight: str):
        vector = stored_vector(model)
        weighted = Func(
            vector, Value(weight), function="setweight", output_field=SearchVectorField()
        )
        return (
            model.objects.annotate(matched=vector, rank=SearchRank(weighted, query))
            .filter(matched=query)
            .order_by("-rank", "-pk")
        )

    rows: list[Row] = []
    for pk, rank in ranked(Story, "A").values_list("pk", "rank")[:PER_KIND]:
        rows.append(("title", pk, rank, pk, ""))
    for pk, story_id, rank in ranked(StoryVersion, "B").values_list("pk", "story_id", "rank")[
        :PER_KIND
    ]:
        rows.append(("text", story_id, rank, pk, ""))
    for pk, story_id, review_id, h_id, c_id, rank in ranked(Comment, "C").values_list(
        *COMMENT_FIELDS, "rank"
    )[:PER_KIND]:
        rows.append(("comment", story_id, rank, pk, item_url(review_id, h_id, c_id, pk)))
    return rows


def _pg_snippets(q: str, wanted: dict[str, list[int]]) -> dict[tuple[str, int], str]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    query = SearchQuery(q, search_type="websearch", config=CONFIG)
    out: dict[tuple[str, int], str] = {}
    for kind, pks in wanted.items():
        model, column = MODELS[kind]
        headline = SearchHeadline(
            column,
            query,
            config=CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = model.objects.filter(pk__in=pks).annotate(snippet=headline)
        out |= {(kind, pk): snippet for pk, snippet in rows.values_list("pk", "snippet")}
    return out


def _fallback(q: str) -> list[Row]:
    words = q.split()[:10]

    def every_word(column: str) -> Q:
        cond = Q()
        for w in words:
            cond &= Q(**{f"{column}__icontains": w})
        return cond

    rows: list[Row] = []
    for pk in (
        Story.objects.filter(every_word("title"))
        .order_by("-pk")
        .values_list("pk", flat=True)[:PER_KIND]
    ):
        rows.append(("title", pk, WEIGHTS["title"], pk, ""))
    for pk, story_id in (
        StoryVersion.objects.filter(every_word("body"))
        .order_by("-pk")
        .values_list("pk", "story_id")[:PER_KIND]
    ):
        rows.append(("text", story_id, WEIGHTS["text"], pk, ""))
    for pk, story_id, review_id, h_id, c_id in (
        Comment.objects.filter(every_word("body"))
        .order_by("-pk")
        .values_list(*COMMENT_FIELDS)[:PER_KIND]
    ):
        url = item_url(review_id, h_id, c_id, pk)
        rows.append(("comment", story_id, WEIGHTS["comment"], pk, url))
    return rows


def _fallback_snippets(q: str, wanted: dict[str, list[int]]) -> dict[tuple[str, int], str]:
    words = q.split()[:10]
    out: dict[tuple[str, int], str] = {}
    for kind, pks in wanted.items():
        model, column = MODELS[kind]
        for pk, text in model.objects.filter(pk__in=pks).values_list("pk", column):
            out[(kind, pk)] = _excerpt(text, words)
    return out


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


def _merge(rows: list[Row], limit: int) -> tuple[list[Hit], dict[str, list[int]]]:
    """One hit per story: its best rank for each kind of text added up; and, by kind, the rows
    whose snippets the hits show.

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
    hits: list[Hit] = []
    wanted: dict[str, list[int]] = {}
    for pk in order:
        if pk not in stories:
            continue
        hit = Hit(story=stories[pk], score=scores[pk])
        for kind in ("text", "comment", "title"):
            found = best.get((pk, kind))
            if found is None:
                continue
            row = found
            hit.kinds.add(kind)
            if not hit.snippet_kind:
                hit.snippet_kind, hit.snippet_pk = kind, row[3]
                if kind == "comment":
                    hit.comment_url = row[4]
                wanted.setdefault(kind, []).append(row[3])
        hits.append(hit)
    return hits, wanted
