"""Stage 5, rank: severity order and de-duplication of the detectors' findings."""

from __future__ import annotations

from reviews.analysis.rank import rank
from reviews.analysis.report import Finding


def _f(category: str, severity: str, span: tuple[int, int]) -> Finding:
    return Finding(category, severity, span, None, f"{category} {severity}", 0.5)


def test_two_categories_on_exactly_the_same_text_keep_the_most_severe():
    kept = rank([_f("unsupported", "major", (10, 40)), _f("attribution", "critical", (10, 40))])
    assert [(f.category, f.severity) for f in kept] == [("attribution", "critical")]


def test_overlapping_findings_of_other_categories_both_stay():
    kept = rank([_f("unsupported", "minor", (0, 60)), _f("number", "major", (20, 25))])
    assert [f.category for f in kept] == ["number", "unsupported"]


def test_overlapping_findings_of_one_category_keep_the_first_by_severity():
    kept = rank([_f("time", "minor", (0, 30)), _f("time", "major", (10, 20))])
    assert [(f.severity, f.rewrite_span) for f in kept] == [("major", (10, 20))]
