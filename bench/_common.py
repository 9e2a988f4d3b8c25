"""Shared helpers for the engine benchmarks: paths, engine loading, labelled pairs, spans.

Nothing here imports Django. ``add_repo_to_path`` makes ``reviews.analysis`` importable when a
bench script is run directly (``.venv/bin/python bench/quality.py``).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAIRS = REPO_ROOT / "tests" / "fixtures" / "pairs"
SEED_LABELS = REPO_ROOT / "tests" / "fixtures" / "seed_labels.json"
SEED_SOURCE = "source_wire_story.txt"
SEED_REWRITE = "rewrite_ai.txt"
DEFAULT_ENGINE = "reviews.analysis:compare"

Span = tuple[int, int]


def add_repo_to_path() -> None:
    """Put the repository root first on ``sys.path`` so project packages import."""
    root = str(REPO_ROOT)
    if root not in sys.path:
        sys.path.insert(0, root)


def shared_dir(env_var: str, name: str) -> Path:
    """Return ``$env_var`` if set, else ``<repo root>/../shared/<name>``."""
    value = os.environ.get(env_var)
    return Path(value) if value else REPO_ROOT.parent / "shared" / name


def seeds_dir() -> Path:
    """Directory of the seed pair (env ``NEWSDESK_SEEDS``)."""
    return shared_dir("NEWSDESK_SEEDS", "seeds")


def benchmarks_dir() -> Path:
    """Directory of the external benchmarks (env ``NEWSDESK_BENCHMARKS``)."""
    return shared_dir("NEWSDESK_BENCHMARKS", "benchmarks")


@dataclass(frozen=True, slots=True)
class Found:
    """An engine finding reduced to what the benchmarks score."""

    category: str
    severity: str
    rewrite_span: Span | None
    source_span: Span | None
    message: str
    confidence: float

    @property
    def rewrite_side(self) -> bool:
        """True for a finding about the rewrite's text (not an omission)."""
        return self.category != "omission" and self.rewrite_span is not None


Engine = Callable[[str, str], list[Found]]


def _span(value: Any) -> Span | None:
    """Normalise a span given as a tuple, a list or None."""
    if value is None:
        return None
    start, end = value
    return int(start), int(end)


def _field(obj: Any, name: str, default: Any = None) -> Any:
    """Read ``name`` from an object attribute or a mapping key."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def normalise(finding: Any) -> Found:
    """Convert an engine ``Finding`` (object or dict) into a ``Found``."""
    return Found(
        category=str(_field(finding, "category", "other")),
        severity=str(_field(finding, "severity", "minor")),
        rewrite_span=_span(_field(finding, "rewrite_span")),
        source_span=_span(_field(finding, "source_span")),
        message=str(_field(finding, "message", "")),
        confidence=float(_field(finding, "confidence", 0.0) or 0.0),
    )


def load_engine(spec: str = DEFAULT_ENGINE) -> Engine:
    """Import ``module:function`` and wrap it to return normalised findings.

    Raises ImportError (or AttributeError) when the engine is not available.
    """
    add_repo_to_path()
    module_name, _, func_name = spec.partition(":")
    module = importlib.import_module(module_name)
    compare = getattr(module, func_name or "compare")

    def run(source: str, rewrite: str) -> list[Found]:
        report = compare(source, rewrite)
        findings = _field(report, "findings", [])
        return [normalise(f) for f in findings]

    return run


def read_text(path: Path) -> str:
    """Read a UTF-8 file as the engine's command line does."""
    return path.read_text(encoding="utf-8")


def nth_span(text: str, quote: str, occurrence: int = 1) -> Span | None:
    """Span of the ``occurrence``-th (1-based) exact match of ``quote`` in ``text``."""
    start = -1
    for _ in range(max(occurrence, 1)):
        start = text.find(quote, start + 1)
        if start < 0:
            return None
    return start, start + len(quote)


def overlaps(a: Span, b: Span) -> bool:
    """True when two half-open spans share a character (empty spans count as one char)."""
    a_end = max(a[1], a[0] + 1)
    b_end = max(b[1], b[0] + 1)
    return a[0] < b_end and b[0] < a_end


def overlaps_any(span: Span | None, spans: Iterable[Span]) -> bool:
    """True when ``span`` overlaps at least one of ``spans``."""
    return span is not None and any(overlaps(span, other) for other in spans)


@dataclass(slots=True)
class Label:
    """One labelled discrepancy resolved to a character span."""

    side: str
    quote: str
    category: str
    severity: str
    note: str
    span: Span


@dataclass(slots=True)
class Pair:
    """A labelled source/rewrite pair."""

    name: str
    title: str
    domain: str
    faithful: bool
    source: str
    rewrite: str
    labels: list[Label] = field(default_factory=list)

    def text(self, side: str) -> str:
        """The text of ``side`` ("source" or "rewrite")."""
        return self.source if side == "source" else self.rewrite

    @property
    def words(self) -> int:
        """Words in the source plus the rewrite."""
        return len(self.source.split()) + len(self.rewrite.split())


def build_pair(name: str, source: str, rewrite: str, doc: dict[str, Any]) -> Pair:
    """Resolve a labels document against its texts; raise ValueError on a dangling quote."""
    pair = Pair(
        name=name,
        title=str(doc.get("title", name)),
        domain=str(doc.get("domain", "")),
        faithful=bool(doc.get("faithful", False)),
        source=source,
        rewrite=rewrite,
    )
    for raw in doc.get("labels", []):
        side = raw["side"]
        span = nth_span(pair.text(side), raw["quote"], int(raw.get("occurrence", 1)))
        if span is None:
            raise ValueError(f"{name}: quote not found on {side} side: {raw['quote']!r}")
        pair.labels.append(
            Label(
                side=side,
                quote=raw["quote"],
                category=raw["category"],
                severity=raw["severity"],
                note=raw.get("note", ""),
                span=span,
            )
        )
    return pair


def load_pairs(directory: Path) -> list[Pair]:
    """Load every ``<name>/{source.txt,rewrite.txt,labels.json}`` under ``directory``."""
    pairs = []
    for sub in sorted(p for p in directory.iterdir() if (p / "labels.json").is_file()):
        doc = json.loads(read_text(sub / "labels.json"))
        pairs.append(
            build_pair(sub.name, read_text(sub / "source.txt"), read_text(sub / "rewrite.txt"), doc)
        )
    return pairs


def load_seed_pair(directory: Path, labels_path: Path = SEED_LABELS) -> Pair | None:
    """The seed pair with its labels, or None when the seeds or the labels are missing."""
    source, rewrite = directory / SEED_SOURCE, directory / SEED_REWRITE
    if not (source.is_file() and rewrite.is_file() and labels_path.is_file()):
        return None
    doc = json.loads(read_text(labels_path))
    return build_pair("seed", read_text(source), read_text(rewrite), doc)


def snippet(text: str, span: Span | None, width: int = 90) -> str:
    """The quoted text of ``span`` on one line, shortened to ``width`` characters."""
    if span is None:
        return ""
    body = " ".join(text[span[0] : span[1]].split())
    return body if len(body) <= width else body[: width - 3] + "..."


def pct(numerator: float, denominator: float) -> str:
    """Format a ratio as a percentage, or "n/a" for an empty denominator."""
    return f"{100.0 * numerator / denominator:5.1f}%" if denominator else "  n/a"


def table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    """Render a plain fixed-width text table."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def spread(rows: Sequence[Any], limit: int | None) -> list[Any]:
    """At most ``limit`` rows, evenly spaced over ``rows`` so every part is represented."""
    if limit is None or limit >= len(rows):
        return list(rows)
    if limit <= 0:
        return []
    return [rows[i * len(rows) // limit] for i in range(limit)]
