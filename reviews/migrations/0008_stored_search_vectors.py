"""Stored search vectors for full-text search (reviews/search.py), on PostgreSQL only.

Ranking needs each matched row's tsvector; computed from the text at query time it costs about
0.5 ms per 2 KB row, for every row a common word matches. So each searched table gets a
generated, stored `search_vector` column (to_tsvector('english', COALESCE(column, ''))), kept
up to date by PostgreSQL itself on every insert and update, with a GIN index on it; the
functional indexes of migration 0007 are dropped. The models do not declare the column (SQLite
has no tsvector): reviews/search.py reads it only on PostgreSQL. On SQLite this does nothing.
"""

from django.db import migrations

# (table, column, functional index from 0007)
TABLES = [
    ("newsdesk_story", "title", "newsdesk_story_title_fts"),
    ("newsdesk_storyversion", "body", "newsdesk_storyversion_body_fts"),
    ("reviews_comment", "body", "reviews_comment_body_fts"),
]
CONFIG = "english"  # reviews.search.CONFIG at the time of writing


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, old_index in TABLES:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS search_vector tsvector '
            f"GENERATED ALWAYS AS (to_tsvector('{CONFIG}'::regconfig, "
            f"COALESCE(\"{column}\", ''))) STORED"
        )
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search_vector" ON "{table}" '
            "USING gin (search_vector)"
        )
        schema_editor.execute(f'DROP INDEX IF EXISTS "{old_index}"')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, old_index in TABLES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_vector"')
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS search_vector')
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{old_index}" ON "{table}" USING gin '
            f"(to_tsvector('{CONFIG}'::regconfig, COALESCE(\"{column}\", '')))"
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0007_full_text_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
