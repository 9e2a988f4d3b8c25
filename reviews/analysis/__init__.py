"""Newsdesk's comparison engine: checks a rewrite against its source (pure Python, no Django).

A pipeline of small stages over one spaCy parse of each text (``v2/``): parse, frames per
clause, alignment, one detector per category, severity policy and de-duplication. ``compare``
returns a ``Report``; ``compare_many`` parses many pairs in one batch.
"""

from __future__ import annotations

from .report import CATEGORIES, SEVERITIES, ClaimCandidate, Finding, Report
from .v2 import compare, compare_many

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "ClaimCandidate",
    "Finding",
    "Report",
    "compare",
    "compare_many",
]
