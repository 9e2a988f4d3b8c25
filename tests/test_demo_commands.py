"""loaddemo and importpair: demo accounts and story without duplicates; pairs from text files."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from newsdesk import demo
from newsdesk.models import Story, StoryVersion
from reviews.models import Review
from tests.seeds import seeds_dir


def _run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_loaddemo_creates_accounts_and_story(db):
    output = _run("loaddemo")

    User = get_user_model()
    editor = User.objects.get(username="editor")
    assert editor.groups.filter(name="Editors").exists()
    assert User.objects.get(username="reviewer").groups.filter(name="Reviewers").exists()
    assert User.objects.get(username="reviewer2").groups.filter(name="Reviewers").exists()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password("newsdesk-admin")
    assert editor.check_password("newsdesk-editor")
    story = Story.objects.get(title=demo.TITLE)
    review = Review.objects.get(story=story)
    assert [u.username for u in review.reviewers.all()] == ["reviewer"]
    assert review.rewrite.origin == "ai" and review.rewrite.prompt == demo.PROMPT
    assert review.source.origin_detail == "Nordwire"
    assert "newsdesk-reviewer" in output
    assert "http://127.0.0.1:8000/" in output
    assert f"/reviews/{review.pk}/" in output


def test_loaddemo_is_idempotent(db):
    _run("loaddemo")
    _run("loaddemo")

    assert get_user_model().objects.filter(username__in=["editor", "reviewer"]).count() == 2
    assert Story.objects.count() == 1
    assert StoryVersion.objects.count() == 2
    assert Review.objects.count() == 1


def test_demo_rewrite_differs_from_its_source_in_the_promised_ways():
    assert "1,200" in demo.SOURCE and "2,100" in demo.REWRITE
    assert "underinvestment" in demo.REWRITE and "underinvestment" not in demo.SOURCE
    assert "Monday" in demo.SOURCE and "Tuesday morning" in demo.REWRITE
    assert "hypothermia" not in demo.REWRITE
    assert "long and difficult recovery" in demo.REWRITE
    assert 200 <= len(demo.SOURCE.split()) <= 300


@pytest.fixture
def demo_editor(db):
    _run("loaddemo")
    return get_user_model().objects.get(username="editor")


def test_importpair_imports_the_seed_pair(demo_editor):
    output = _run(
        "importpair",
        str(seeds_dir() / "source_wire_story.txt"),
        str(seeds_dir() / "rewrite_ai.txt"),
        title="Airstrikes in eastern Syria",
        desk="World",
        source_detail="AP",
        rewrite_detail="some-model",
    )

    story = Story.objects.get(title="Airstrikes in eastern Syria")
    review = Review.objects.get(story=story)
    assert story.desk == "World"
    assert story.created_by == demo_editor
    assert (review.source.origin, review.source.origin_detail) == ("wire", "AP")
    assert (review.rewrite.origin, review.rewrite.origin_detail) == ("ai", "some-model")
    assert review.source.body.startswith("BAGHDAD (AP)")
    assert f"/reviews/{review.pk}/" in output


def _pair(tmp_path: Path, source: bytes, rewrite: bytes = b"A rewrite.") -> tuple[str, str]:
    (tmp_path / "s.txt").write_bytes(source)
    (tmp_path / "r.txt").write_bytes(rewrite)
    return str(tmp_path / "s.txt"), str(tmp_path / "r.txt")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Caf\xe9".encode("latin-1"), "is not UTF-8"),
        (b"   \n", "is empty"),
        ("\u200b\n\u2060".encode(), "is empty"),
        (b"\x00\x01binary", "is binary"),
    ],
)
def test_importpair_refuses_bad_files(demo_editor, tmp_path, source, message):
    stories = Story.objects.count()

    with pytest.raises(CommandError, match=message):
        _run("importpair", *_pair(tmp_path, source), title="Bad")

    assert Story.objects.count() == stories


def test_importpair_refuses_a_missing_file(demo_editor, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        _run("importpair", str(tmp_path / "nope.txt"), str(tmp_path / "nope2.txt"), title="X")


def test_importpair_needs_an_existing_editor(db, tmp_path):
    with pytest.raises(CommandError, match="No user 'ghost'"):
        _run("importpair", *_pair(tmp_path, b"Source."), title="X", editor="ghost")


def test_importpair_refuses_a_user_without_the_editor_role(demo_editor, tmp_path):
    with pytest.raises(CommandError, match="Only editors"):
        _run("importpair", *_pair(tmp_path, b"Source."), title="X", editor="reviewer")
