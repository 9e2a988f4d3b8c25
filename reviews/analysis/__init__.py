"""Newsdesk's comparison engine: checks a rewrite against its source (pure Python, no Django).

Two engines live here while v2 is being built: v1 (``engine.py`` and ``rules/``, regexes over
surface text) and v2 (``v2/``, a pipeline over a spaCy parse). ``NEWSDESK_ENGINE`` picks one per
process ("v1" by default); both return the same ``Report``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from .report import CATEGORIES, SEVERITIES, ClaimCandidate, Finding, Report

ENGINES = ("v1", "v2")


def engine_name() -> str:
    """The engine chosen by ``NEWSDESK_ENGINE``; raises ValueError on an unknown name."""
    name = os.environ.get("NEWSDESK_ENGINE", "v1").strip() or "v1"
    if name not in ENGINES:
        raise ValueError(f"NEWSDESK_ENGINE={name!r} is not one of {', '.join(ENGINES)}")
    return name


def compare(source: str, rewrite: str) -> Report:
    """Compare a rewrite with its source using the engine ``NEWSDESK_ENGINE`` selects."""
    if engine_name() == "v2":
        from .v2 import compare as compare_v2

        return compare_v2(source, rewrite)
    from .engine import compare as compare_v1

    return compare_v1(source, rewrite)


def compare_many(pairs: Iterable[tuple[str, str]]) -> list[Report]:
    """``compare`` for each (source, rewrite) pair, in order; v2 parses them in one batch."""
    pairs = list(pairs)
    if engine_name() == "v2":
        from .v2 import compare_many as compare_many_v2

        return compare_many_v2(pairs)
    return [compare(source, rewrite) for source, rewrite in pairs]


__all__ = [
    "CATEGORIES",
    "ENGINES",
    "SEVERITIES",
    "ClaimCandidate",
    "Finding",
    "Report",
    "compare",
    "compare_many",
]
