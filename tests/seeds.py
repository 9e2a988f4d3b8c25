"""Locate the shared seed texts: $NEWSDESK_SEEDS, else <repo root>/../shared/seeds.

Outside CI a checkout without shared/ beside it skips the seed tests; in CI (CI=true, where
shared/ is always there) a missing seed folder is an error, so the tests cannot quietly vanish.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    """The directory holding source_wire_story.txt and rewrite_ai.txt (skips if absent)."""
    env = os.environ.get("NEWSDESK_SEEDS")
    path = Path(env) if env else REPO_ROOT.parent / "shared" / "seeds"
    if not (path / "source_wire_story.txt").is_file():
        if os.environ.get("CI", "").lower() == "true":
            raise FileNotFoundError(f"seed texts not found in {path} (set NEWSDESK_SEEDS)")
        pytest.skip(f"seed texts not found in {path} (set NEWSDESK_SEEDS to the seeds folder)")
    return path


def seed_text(name: str) -> str:
    """Read one seed file exactly as stored (UTF-8, no newline translation)."""
    return (seeds_dir() / name).read_bytes().decode("utf-8")


def seed_pair() -> tuple[str, str]:
    """The (source, rewrite) seed pair."""
    return seed_text("source_wire_story.txt"), seed_text("rewrite_ai.txt")
