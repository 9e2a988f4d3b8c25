"""The v1 comparison engine: align a rewrite to its source and report what it gets wrong.

``compare`` builds a ``Context`` (both texts with their facts), aligns each rewrite sentence to
its source sentences, runs the rules of ``rules/`` on it, then the omission rules on the source,
and returns the findings deduplicated and ranked.
"""

from __future__ import annotations

from typing import Any

from .context import Context
from .facts import SentenceFacts
from .report import CATEGORIES, SEVERITIES, ClaimCandidate, Finding, Report
from .rules.attribution import (
    allegation_rule,
    attributed_clause_rule,
    attribution_rules,
    source_allegations,
)
from .rules.entity import entity_rules
from .rules.meaning import meaning_rules
from .rules.number import number_rules
from .rules.omission import omission_rules
from .rules.predicate import predicate_rules
from .rules.quote import quote_rules
from .rules.time import time_rules
from .rules.unsupported import UNSUPPORTED_COVERAGE, unsupported_rule
from .segment import Sentence

_SEV_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def _sort_key(f: Finding) -> tuple[int, int, int, str, str]:
    span = f.rewrite_span or f.source_span or (0, 0)
    side = 0 if f.rewrite_span else 1
    return (_SEV_RANK[f.severity], side, span[0], f.category, f.message)


def compare(source: str, rewrite: str) -> Report:
    """Compare a rewrite with its source and return findings, claim candidates and stats."""
    ctx = Context(source, rewrite)
    claims: list[ClaimCandidate] = []
    aligned_count = 0
    rw_aligned_to: dict[int, list[int]] = {}
    identical = source.strip() == rewrite.strip()
    allegations = [] if identical else source_allegations(ctx)
    for i, sf in enumerate(ctx.rw_body):
        al = ctx.src_index.align(sf.stem_set)
        aligned = [ctx.src_body[j] for j in al.picked]
        rw_aligned_to[i] = list(al.picked)
        if al.picked and al.coverage >= UNSUPPORTED_COVERAGE:
            aligned_count += 1
        kinds = _claim_kinds(sf)
        if kinds:
            best = aligned[0].sent if aligned else None
            claims.append(
                ClaimCandidate(
                    (sf.sent.start, sf.sent.end),
                    (best.start, best.end) if best else None,
                    kinds,
                    sf.sent.text,
                )
            )
        if identical:
            continue
        # A whole-sentence finding (invented attribution, no support) makes the finer
        # sentence-level rules below moot; the figure, time and quotation rules still run.
        whole = attribution_rules(ctx, i, sf, aligned, al)
        whole = whole or unsupported_rule(ctx, sf, al)
        number_rules(ctx, sf, aligned)
        time_rules(ctx, sf, aligned)
        quote_rules(ctx, sf, aligned)
        if not whole:
            attributed_clause_rule(ctx, sf)
            allegation_rule(ctx, sf, allegations)
            entity_rules(ctx, sf, aligned)
            meaning_rules(ctx, sf, aligned)
            predicate_rules(ctx, sf, aligned)
    if not identical:
        omission_rules(ctx, rw_aligned_to)
    findings = sorted(_dedupe(ctx.findings), key=_sort_key)
    stats = {
        "source_sentences": len(ctx.src_sents),
        "rewrite_sentences": len(ctx.rw_sents),
        "aligned": aligned_count,
        "claims": len(claims),
        "findings": len(findings),
    }
    for sev in SEVERITIES:
        stats[sev] = sum(1 for f in findings if f.severity == sev)
    return Report(findings, claims, stats)


def _claim_kinds(sf: SentenceFacts) -> tuple[str, ...]:
    kinds = []
    if sf.numbers:
        kinds.append("number")
    if sf.entities:
        kinds.append("entity")
    if sf.attribution is not None:
        kinds.append("attribution")
    if sf.quotes:
        kinds.append("quote")
    if sf.times and kinds:
        kinds.append("time")
    return tuple(kinds)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for f in findings:
        key = (f.category, f.rewrite_span, f.source_span)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "ClaimCandidate",
    "Finding",
    "Report",
    "Sentence",
    "compare",
]
