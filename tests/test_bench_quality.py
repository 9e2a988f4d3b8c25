"""bench/quality.py's ROC AUC and the per-row score it ranks (finding confidence)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from _common import Found
from quality import rewrite_score, roc_auc


def _finding(category: str, span: tuple[int, int] | None, confidence: float) -> Found:
    return Found(category, "major", span, None, "", confidence)


def test_auc_is_one_when_every_positive_outscores_every_negative():
    assert roc_auc([0.9, 0.8], [0.1, 0.0]) == 1.0


def test_auc_is_zero_when_the_order_is_reversed():
    assert roc_auc([0.1], [0.9, 0.5]) == 0.0


def test_ties_count_half():
    assert roc_auc([0.5, 0.5], [0.5, 0.5]) == 0.5
    assert roc_auc([0.7, 0.5], [0.5]) == pytest.approx(0.75)


def test_auc_needs_both_classes():
    assert roc_auc([], [0.3]) is None
    assert roc_auc([0.3], []) is None


def test_score_is_the_highest_rewrite_side_confidence():
    findings = [
        _finding("number", (0, 4), 0.6),
        _finding("meaning", (10, 20), 0.8),
        _finding("omission", (0, 4), 0.95),  # source-side: not a score for the rewrite
    ]
    assert rewrite_score(findings) == 0.8
    assert rewrite_score(findings, [(0, 5)]) == 0.6
    assert rewrite_score(findings, [(30, 40)]) == 0.0
    assert rewrite_score([]) == 0.0
