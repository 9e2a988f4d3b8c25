"""Helpers for the engine's detector tests: run one detector on a pair of texts."""

from __future__ import annotations

from reviews.analysis import analyse


def run(detector, source: str, rewrite: str):
    """The findings of one detector module on a source and rewrite."""
    return detector.detect(analyse(source, rewrite))


def quoted(findings, text: str) -> list[str]:
    """The rewrite (else source) text each finding points at."""
    out = []
    for f in findings:
        span = f.rewrite_span or f.source_span
        out.append(text[span[0] : span[1]] if span else "")
    return out
