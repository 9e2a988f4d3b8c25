"""Stage 5, rank: one severity policy, then ordering and de-duplication.

Policy: a finding is critical when it misstates a central fact (casualties, money, verdicts
and charges; who did or said it in the lead sentence; a statement invented for a party the
source quotes), major when a material fact is wrong,
invented or dropped, minor for nuance, vagueness and credit lines. Detectors say which of
the three kinds of evidence they have; this module alone turns that into a severity.
"""

from __future__ import annotations

from collections.abc import Iterable

from .frames import Frame
from .lexicon import words
from .report import SEVERITIES, Finding

SEV_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def is_central(frame: Frame) -> bool:
    """The clause states a central fact: a casualty, money, a verdict or a charge."""
    central = words("central_nouns")
    if frame.predicate in central:
        return True
    return any(q.noun in central or q.predicate in central or q.unit in {"dollar", "euro", "pound"}
               for q in frame.numbers)  # fmt: skip


def severity(*, material: bool, central: bool = False) -> str:
    """critical for a central fact, major for a material one, else minor."""
    if central and material:
        return "critical"
    return "major" if material else "minor"


def _key(f: Finding) -> tuple[int, int, int, str, str]:
    span = f.rewrite_span or f.source_span or (0, 0)
    side = 0 if f.rewrite_span else 1
    return (SEV_RANK[f.severity], side, span[0], f.category, f.message)


def rank(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first; one finding per (category, span), the most severe kept.

    Overlapping rewrite findings of one category keep only the first (the most severe): a
    sentence reported as unsupported is not reported again clause by clause. Findings of two
    categories on exactly the same text say one thing twice (an invented statement is both
    unsupported and misattributed): the most severe is kept.
    """
    ordered = sorted(findings, key=_key)
    out: list[Finding] = []
    taken: dict[tuple[str, str], list[tuple[int, int]]] = {}
    exact: set[tuple[str, tuple[int, int]]] = set()
    for f in ordered:
        side, span = ("rw", f.rewrite_span) if f.rewrite_span else ("src", f.source_span)
        if span is None or (side, span) in exact:
            continue
        spans = taken.setdefault((f.category, side), [])
        if any(a < span[1] and span[0] < b for a, b in spans):
            continue
        spans.append(span)
        exact.add((side, span))
        out.append(f)
    return sorted(out, key=_key)
