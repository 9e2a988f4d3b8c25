"""Newsdesk's comparison engine: checks a rewrite against its source (pure Python, no Django).

A pipeline of small stages over one spaCy parse of each text: parse (``parse.py``) -> frames
per clause (``frames.py``, ``quantities.py``, ``roles.py``) -> alignment (``align.py``) -> one
detector per category (``detectors/``) -> severity policy and de-duplication (``rank.py``).
Thresholds live in ``thresholds.py``, word lists in ``data/``. ``compare`` returns a
``Report``; ``compare_many`` parses many pairs in one batch; ``analyse`` gives stages 1-3.
"""

from __future__ import annotations

from .engine import analyse, compare, compare_many
from .report import CATEGORIES, SEVERITIES, ClaimCandidate, Finding, Report

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "ClaimCandidate",
    "Finding",
    "Report",
    "analyse",
    "compare",
    "compare_many",
]
