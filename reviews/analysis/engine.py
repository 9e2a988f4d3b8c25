"""The pipeline: parse, frames, align, detect, rank. ``compare`` is the only entry point."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from .align import align, build_index
from .detectors import DETECTORS
from .frames import DocFacts, extract
from .pair import AlignedPair
from .parse import parse_many
from .rank import SEV_RANK, rank
from .report import ClaimCandidate, Finding, Report


def analyse(source: str, rewrite: str) -> AlignedPair:
    """Stages 1-3: both texts parsed (once, batched), their frames and both alignments."""
    return _analyse_docs(*parse_many([source, rewrite]))


def _analyse_docs(src_doc: Any, rw_doc: Any) -> AlignedPair:
    src, rw = extract(src_doc), extract(rw_doc)
    index, rw_index = build_index(src), build_index(rw)
    return AlignedPair(src, rw, index, align(src, rw, index), rw_index, align(rw, src, rw_index))


def _claims(pair: AlignedPair) -> list[ClaimCandidate]:
    """Rewrite sentences with checkable facts, each with its best source sentence."""
    out = []
    starts = [s for s, _ in pair.rewrite.sentences]
    quoted = {max(bisect_right(starts, q.span[0]) - 1, 0) for q in pair.rewrite.quotes}
    by_sent: dict[int, list] = {}
    for f in pair.rewrite.frames:
        by_sent.setdefault(f.sent, []).append(f)
    for sent, frames in by_sent.items():
        kinds = []
        if any(f.numbers for f in frames):
            kinds.append("number")
        if any(f.names for f in frames):
            kinds.append("entity")
        if any(f.speaker for f in frames):
            kinds.append("attribution")
        if sent in quoted:
            kinds.append("quote")
        if any(f.times for f in frames) and kinds:
            kinds.append("time")
        if not kinds:
            continue
        sources = [j for f in frames for j in pair.supports[f.index].sources]
        best = pair.source.sentences[pair.source.frames[sources[0]].sent] if sources else None
        span = pair.rewrite.sentences[sent]
        out.append(ClaimCandidate(span, best, tuple(kinds), pair.rewrite.text[span[0] : span[1]]))
    return out


def compare(source: str, rewrite: str) -> Report:
    """Compare a rewrite with its source and return findings, claim candidates and stats."""
    return _report(analyse(source, rewrite), source, rewrite)


def compare_many(pairs: Iterable[tuple[str, str]]) -> list[Report]:
    """``compare`` for many pairs, every text piped through spaCy in one batch (a source
    shared by several pairs is parsed once). Each report is the one ``compare`` gives."""
    pairs = list(pairs)
    docs = parse_many([t for pair in pairs for t in pair])
    return [
        _report(_analyse_docs(docs[2 * i], docs[2 * i + 1]), source, rewrite)
        for i, (source, rewrite) in enumerate(pairs)
    ]


def _report(pair: AlignedPair, source: str, rewrite: str) -> Report:
    findings: list[Finding] = []
    if source.strip() != rewrite.strip():
        for detector in DETECTORS:
            findings.extend(detector.detect(pair))
    findings = rank(findings)
    claims = _claims(pair)
    stats = _stats(pair.source, pair.rewrite, pair, claims, findings)
    return Report(findings, claims, stats)


def _stats(src: DocFacts, rw: DocFacts, pair: AlignedPair, claims, findings) -> dict[str, int]:
    stats = {
        "source_sentences": len(src.sentences),
        "rewrite_sentences": len(rw.sentences),
        "aligned": sum(1 for s in pair.supports if s.sources),
        "claims": len(claims),
        "findings": len(findings),
    }
    for sev in SEV_RANK:
        stats[sev] = sum(1 for f in findings if f.severity == sev)
    return stats
