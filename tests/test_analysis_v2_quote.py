"""Engine v2 quote detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.v2.detectors import quote

from ._v2 import run

SOURCE = '"The orchard has never had a harvest this poor," said farmer Ruth Okonkwo.'


def test_an_altered_quotation_is_found():
    rw = '"The orchard has never had a harvest this good," said farmer Ruth Okonkwo.'
    (f,) = run(quote, SOURCE, rw)
    assert f.category == "quote"
    assert f.source_span is not None


def test_an_invented_quotation_is_found():
    rw = '"Prices for apples will double by winter," said farmer Ruth Okonkwo.'
    (f,) = run(quote, SOURCE, rw)
    assert "no quotation" in f.message


def test_a_quotation_given_to_another_speaker_is_found():
    rw = '"The orchard has never had a harvest this poor," said inspector Dev Malhotra.'
    (f,) = run(quote, SOURCE, rw)
    assert "dev malhotra" in f.message


def test_the_same_quotation_is_not_a_finding():
    rw = 'Farmer Ruth Okonkwo said: "The orchard has never had a harvest this poor."'
    assert run(quote, SOURCE, rw) == []
