"""Benchmark the pages around the review: inbox, unread count, dashboard with due dates, queue
jump and search, on SQLite and PostgreSQL.

    .venv/bin/python bench/newsroom.py [--runs 30] [--db sqlite] [--db postgres]

In a throwaway test database it builds a newsroom (scale 1: 200 stories, each with a review
assigned to the benchmark reviewer with a due time, 3 comments and a finding each, and 400
notifications for the reviewer), times each page through Django's test client (p50, min), and
counts its SQL queries; then doubles everything and counts again, to show the number of queries
does not grow with the data.
"""

from __future__ import annotations

import statistics
from datetime import timedelta

from _testdb import bench_story, bench_users, main, time_ms

WORDS = [
    "council",
    "harbour",
    "ferry",
    "budget",
    "election",
    "hospital",
    "school",
    "police",
    "court",
    "river",
    "bridge",
    "minister",
    "strike",
    "flood",
    "storm",
    "museum",
    "market",
    "railway",
    "airport",
    "stadium",
]


def _build(scale: int, offset: int) -> tuple:
    from django.utils import timezone

    from reviews.models import Comment, Highlight, Notification, Review

    editor, reviewer = bench_users()
    now = timezone.now()
    comments, highlights, notes = [], [], []
    for i in range(200 * scale):
        n = offset + i
        w1, w2 = WORDS[n % len(WORDS)], WORDS[(n * 7 + 3) % len(WORDS)]
        body = (
            f"The {w1} report was published on Monday. Officials said the {w2} plan "
            f"would cost {n} million. " * 20
        )
        story, source, rewrite = bench_story(
            f"The {w1} story {n}", editor, body, body.replace("Monday", "Tuesday")
        )
        review = Review.objects.create(
            story=story,
            source=source,
            rewrite=rewrite,
            created_by=editor,
            due_at=now + timedelta(hours=i - 20),
        )
        review.reviewers.add(reviewer)
        start = rewrite.body.index("Tuesday")
        highlights.append(
            Highlight(
                review=review,
                side="rewrite",
                start=start,
                end=start + 7,
                quote="Tuesday",
                category="time",
                severity="major",
                author=reviewer,
            )
        )
        for j in range(3):
            comments.append(
                Comment(review=review, author=editor, body=f"@bench-reviewer check the {w2} {j}")
            )
    Highlight.objects.bulk_create(highlights)
    Comment.objects.bulk_create(comments)
    reviews = list(Review.objects.filter(reviewers=reviewer).order_by("-pk")[: 200 * scale])
    for i in range(400 * scale):
        notes.append(
            Notification(
                recipient=reviewer,
                kind="mention",
                actor=editor,
                review=reviews[i % len(reviews)],
                message="check this",
            )
        )
    Notification.objects.bulk_create(notes)
    return reviewer


def _measure(runs: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    pages = {
        "inbox": (reverse("inbox"), {}),
        "unread_count": (reverse("inbox_count"), {}),
        "dashboard": (reverse("dashboard"), {}),
        "queue_next": (reverse("queue_next"), {}),
        "search": (reverse("search"), {"q": "ferry plan"}),
    }
    out: dict = {"database": connection.vendor, "pages": {}}
    built = 0
    for scale in (1, 2):
        reviewer = _build(1, built)  # the second round doubles what the first built
        built += 200
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would, after a bulk load
        client = Client()
        client.force_login(reviewer)
        for name, (url, params) in pages.items():
            response = client.get(url, params)
            assert response.status_code in (200, 302), (name, response.status_code)
            with CaptureQueriesContext(connection) as ctx:
                client.get(url, params)
            row = out["pages"].setdefault(name, {})
            row[f"queries_x{scale}"] = len(ctx.captured_queries)
            if scale == 2:
                times = time_ms(lambda c=client, u=url, p=params: c.get(u, p), runs, warm_up=True)
                row["p50_ms"] = round(statistics.median(times), 1)
                row["min_ms"] = round(min(times), 1)
    out["stories"] = built
    return out


def _report(db: str, r: dict) -> None:
    print(f"\n== {db}: {r['stories']} stories, reviews and due times at the larger size ==")
    for name, row in r["pages"].items():
        same = "constant" if row["queries_x1"] == row["queries_x2"] else "GROWS"
        print(
            f"  {name:13} p50 {row['p50_ms']:6} ms, min {row['min_ms']:6} ms;"
            f" SQL queries {row['queries_x1']} at 200 stories, {row['queries_x2']} at"
            f" 400 ({same})"
        )


if __name__ == "__main__":
    main(__file__, __doc__, _measure, _report, runs=30)
