"""Engine v2 time detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.v2.detectors import time

from ._v2 import quoted, run

SOURCE = "The bakery on Elm Street closed on Thursday after the owners retired."


def test_a_contradicted_weekday_is_found():
    rw = "The bakery on Elm Street closed on Friday after the owners retired."
    found = run(time, SOURCE, rw)
    assert quoted(found, rw) == ["Friday"]
    assert found[0].severity == "major"


def test_a_definite_time_made_vague_is_minor():
    rw = "The bakery on Elm Street closed recently after the owners retired."
    (f,) = run(time, SOURCE, rw)
    assert f.severity == "minor"


def test_the_same_time_is_not_a_finding():
    rw = "After the owners retired, the Elm Street bakery closed on Thursday."
    assert run(time, SOURCE, rw) == []
