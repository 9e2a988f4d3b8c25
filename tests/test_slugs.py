"""Story slugs: unique however many editors file the same title at once."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from newsdesk import models as newsdesk_models
from newsdesk.models import Story
from reviews import workflow
from tests.test_workflow import _race, racing

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs write transactions one at a time, so inserts never race on a slug",
)

pytestmark = pytest.mark.django_db


def _create(editor, title: str = "Storm hits coast"):
    story, _ = workflow.create_story(
        user=editor,
        title=title,
        desk="",
        source=workflow.VersionInput(body="Source text.", origin="wire"),
        rewrite=workflow.VersionInput(body="Rewrite text.", origin="ai"),
    )
    return story


@requires_postgres
@racing
def test_stories_with_the_same_title_filed_at_once_all_get_a_slug(editor, monkeypatch):
    """Eight editors at once: each checks the slug is free, then all insert the same one."""
    real = Story.unique_slug.__func__

    def slow(cls, title):
        slug = real(cls, title)
        time.sleep(0.2)  # let every racer reach the same answer before anyone inserts
        return slug

    monkeypatch.setattr(Story, "unique_slug", classmethod(slow))
    results = _race(*[lambda: _create(editor)] * 8, timeout=60)
    assert all(isinstance(r, Story) for r in results), results
    slugs = sorted(s.slug for s in Story.objects.all())
    assert len(set(slugs)) == 8
    assert "storm-hits-coast" in slugs


def test_a_slug_taken_on_every_numbered_attempt_gets_a_random_suffix(editor, monkeypatch):
    first = _create(editor)
    monkeypatch.setattr(Story, "unique_slug", classmethod(lambda cls, title: first.slug))
    second = _create(editor)
    assert second.slug.startswith("storm-hits-coast-")
    assert second.slug != first.slug
    assert len(second.slug) == len(first.slug) + 9


def test_numbered_attempts_are_bounded(editor, monkeypatch):
    """Each retry means another story got the slug; the bound only ends a long contest."""
    _create(editor)
    calls = []
    real = Story.unique_slug.__func__

    def stale(cls, title):
        calls.append(title)
        return "storm-hits-coast"

    monkeypatch.setattr(Story, "unique_slug", classmethod(stale))
    _create(editor)
    assert len(calls) == newsdesk_models.SLUG_ATTEMPTS + 1
    monkeypatch.setattr(Story, "unique_slug", classmethod(real))
    assert _create(editor).slug == "storm-hits-coast-2"
