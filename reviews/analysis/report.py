"""The engine's public result types, shared by the engine and the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CATEGORIES = (
    "number",
    "entity",
    "attribution",
    "time",
    "unsupported",
    "omission",
    "meaning",
    "quote",
    "other",
)
SEVERITIES = ("critical", "major", "minor")


@dataclass(frozen=True)
class Finding:
    """One discrepancy between rewrite and source."""

    category: str
    severity: str
    rewrite_span: tuple[int, int] | None
    source_span: tuple[int, int] | None
    message: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with spans as lists."""
        return {
            "category": self.category,
            "severity": self.severity,
            "rewrite_span": list(self.rewrite_span) if self.rewrite_span else None,
            "source_span": list(self.source_span) if self.source_span else None,
            "message": self.message,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class ClaimCandidate:
    """A checkable rewrite sentence and the source span that best supports it."""

    rewrite_span: tuple[int, int]
    source_span: tuple[int, int] | None
    kinds: tuple[str, ...]
    text: str


@dataclass
class Report:
    """The engine's result: findings, claim candidates and counts."""

    findings: list[Finding] = field(default_factory=list)
    claims: list[ClaimCandidate] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: findings and stats."""
        return {"findings": [f.to_dict() for f in self.findings], "stats": dict(self.stats)}
