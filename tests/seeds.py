"""Locate the shared seed texts: $NEWSDESK_SEEDS, else <repo root>/../shared/seeds."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    """The directory holding source_wire_story.txt and rewrite_ai.txt."""
    env = os.environ.get("NEWSDESK_SEEDS")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "seeds"


def seed_text(name: str) -> str:
    """Read one seed file exactly as stored (UTF-8, no newline translation)."""
    return (seeds_dir() / name).read_bytes().decode("utf-8")


def seed_pair() -> tuple[str, str]:
    """The (source, rewrite) seed pair."""
    return seed_text("source_wire_story.txt"), seed_text("rewrite_ai.txt")
