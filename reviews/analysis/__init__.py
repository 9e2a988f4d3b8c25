"""Newsdesk's comparison engine: checks a rewrite against its source (pure Python, no Django)."""

from __future__ import annotations

from .engine import CATEGORIES, SEVERITIES, ClaimCandidate, Finding, Report, compare

__all__ = ["CATEGORIES", "SEVERITIES", "ClaimCandidate", "Finding", "Report", "compare"]
