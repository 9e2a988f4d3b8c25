"""The engine's polarity detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.detectors import polarity

from ._analysis import quoted, run


def test_a_denied_plan_asserted_with_another_verb_is_found():
    source = (
        "The library board met on Monday. It has no plans to close the branch on Elm Street, "
        "its chairwoman said."
    )
    rw = "The library board met on Monday and has decided to close the branch on Elm Street."
    found = run(polarity, source, rw)
    assert len(found) == 1
    assert "close the branch on Elm Street" in quoted(found, rw)[0]
    assert found[0].category == "meaning"


def test_a_denial_the_rewrite_keeps_is_not_found():
    source = "The library board has no plans to close the branch on Elm Street."
    rw = "The library board ruled out closing the branch on Elm Street."
    assert run(polarity, source, rw) == []


def test_a_denial_negated_is_a_possibility_not_a_denial():
    source = "Engineers cannot rule out further cracks in the harbour wall this winter."
    rw = "Further cracks in the harbour wall are expected this winter."
    assert run(polarity, source, rw) == []
