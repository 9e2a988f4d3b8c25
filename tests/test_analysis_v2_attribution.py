"""Engine v2 attribution detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.v2.detectors import attribution

from ._v2 import run

SOURCE = "Neighbours said the van drove off toward the harbour before dawn."


def test_a_changed_speaker_is_found():
    rw = "Detectives said the van drove off toward the harbour before dawn."
    (f,) = run(attribution, SOURCE, rw)
    assert "detective" in f.message


def test_the_same_speaker_is_not_a_finding():
    rw = "The van drove off toward the harbour before dawn, neighbours said."
    assert run(attribution, SOURCE, rw) == []


def test_a_contested_claim_stated_as_fact_is_found():
    source = "The rebel group claimed that its fighters captured the airfield."
    rw = "The rebel group's fighters captured the airfield."
    (f,) = run(attribution, source, rw)
    assert "claim" in f.message
