"""GIN indexes for full-text search (reviews/search.py), on PostgreSQL only.

Each index is on the same expression the search filters with, to_tsvector('english',
COALESCE(column, '')) as django.contrib.postgres's SearchVector writes it, so the planner uses
it for `@@`. SQLite has no GIN indexes and searches by substring instead: there this migration
does nothing.
"""

from django.db import migrations

# (index name, table, column)
INDEXES = [
    ("newsdesk_story_title_fts", "newsdesk_story", "title"),
    ("newsdesk_storyversion_body_fts", "newsdesk_storyversion", "body"),
    ("reviews_comment_body_fts", "reviews_comment", "body"),
]
CONFIG = "english"  # reviews.search.CONFIG at the time of writing


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin '
            f"(to_tsvector('{CONFIG}'::regconfig, COALESCE(\"{column}\", '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("newsdesk", "0001_initial"),
        ("reviews", "0006_review_due_at"),
    ]

    operations = [migrations.RunPython(create, drop)]
