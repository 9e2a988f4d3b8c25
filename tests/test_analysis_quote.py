"""The engine's quote detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.detectors import quote

from ._analysis import run

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
    assert "Dev Malhotra" in f.message


def test_the_same_quotation_is_not_a_finding():
    rw = 'Farmer Ruth Okonkwo said: "The orchard has never had a harvest this poor."'
    assert run(quote, SOURCE, rw) == []


def test_a_pronoun_speaker_next_to_the_sources_speaker_is_not_a_move():
    filler = (
        "The committee met in the old town hall, which was built in 1902 and restored a decade "
        "ago. Heating in the chamber failed twice during the morning session. Several members "
        "arrived late because of road works on the ring road. The agenda ran to forty pages. "
    )
    source = (
        "Clara Diaz spoke first at the hearing. " + filler + "Ann Roe rejected the plan. "
        '"The grant is welcome but it will not fix the roof," she said.'
    )
    rw = (
        "Clara Diaz spoke first at the hearing. " + filler + "The plan was rejected by Ann Roe. "
        '"The grant is welcome but it will not fix the roof," she said.'
    )
    assert [f for f in run(quote, source, rw) if f.category == "attribution"] == []


def test_a_quotation_moved_from_a_pronoun_speaker_to_the_next_person_named_is_found():
    source = (
        "Festival director Olu Bassey said ticket sales had doubled. "
        '"We could have sold the hall twice over," he said. '
        "Treasurer Greta Lind said the accounts would be published in May."
    )
    rw = (
        "Festival director Olu Bassey said ticket sales had doubled. "
        '"We could have sold the hall twice over," Treasurer Greta Lind said. '
        "Treasurer Greta Lind said the accounts would be published in May."
    )
    (f,) = run(quote, source, rw)
    assert f.category == "attribution" and "Olu Bassey" in f.message
