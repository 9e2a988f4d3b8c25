"""The engine's attribution detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.detectors import attribution

from ._analysis import quoted, run

SOURCE = "Neighbours said the van drove off toward the harbour before dawn."


def test_a_changed_speaker_is_found():
    rw = "Detectives said the van drove off toward the harbour before dawn."
    (f,) = run(attribution, SOURCE, rw)
    assert "Detectives" in f.message


def test_the_same_speaker_is_not_a_finding():
    rw = "The van drove off toward the harbour before dawn, neighbours said."
    assert run(attribution, SOURCE, rw) == []


def test_a_contested_claim_stated_as_fact_is_found():
    source = "The rebel group claimed that its fighters captured the airfield."
    rw = "The rebel group's fighters captured the airfield."
    (f,) = run(attribution, source, rw)
    assert "claim" in f.message


def test_a_claim_the_source_never_has_its_speaker_make_is_found():
    source = (
        "Fire crews reached the warehouse within ten minutes, the Dunmore Fire Department said. "
        "Two workers were treated for smoke inhalation.\n\n"
        "The owner, Petra Vance, said the building had passed an inspection in March."
    )
    rewrite = (
        "Fire crews reached the warehouse within ten minutes. The Dunmore Fire Department said "
        "that faulty wiring installed by a contractor probably started the blaze."
    )
    found = [f for f in run(attribution, source, rewrite) if "never has" in f.message]
    assert found and "wiring" in rewrite[found[0].rewrite_span[0] : found[0].rewrite_span[1]]


def test_a_claim_its_speaker_does_make_is_not_an_invention():
    source = (
        "The Dunmore Fire Department said faulty wiring in the loading bay probably started "
        "the blaze."
    )
    rewrite = "The Dunmore Fire Department said that faulty wiring probably started the blaze."
    assert not [f for f in run(attribution, source, rewrite) if "never has" in f.message]


def test_a_paraphrased_report_by_the_same_speaker_is_not_an_invention():
    source = (
        "Copper prices in London rose 2% on Monday, though brokers said the Chilean strike "
        "had been widely anticipated. The mine's owner said talks would resume on Friday."
    )
    rewrite = (
        "London copper climbed 2% on Monday, although brokers said the Chilean walkout "
        "had been largely expected. The mine's owner said talks would resume on Friday."
    )
    assert not [f for f in run(attribution, source, rewrite) if "never has" in f.message]


def test_a_recording_that_shows_something_is_evidence_not_a_speaker():
    source = (
        "Footage filmed from the quay showed the crane toppling onto the pier, "
        "the harbour master said."
    )
    rewrite = "Video recorded from the quay showed the crane falling onto the pier."
    assert not [f for f in run(attribution, source, rewrite) if "attributes" in f.message]


def test_a_body_named_by_a_derivation_of_its_members_is_the_same_speaker():
    source = "Prosecutors said the firm billed the county for 4,000 meals it never served."
    rewrite = (
        "The firm billed the county for 4,000 meals it never served, according to the prosecution."
    )
    assert not [f for f in run(attribution, source, rewrite) if "attributes" in f.message]


def test_a_different_party_sharing_a_short_stem_is_a_changed_speaker():
    source = "Protesters said the firm billed the county for 4,000 meals it never served."
    rewrite = "Prosecutors said the firm billed the county for 4,000 meals it never served."
    assert [f for f in run(attribution, source, rewrite) if "attributes" in f.message]


BODY_SOURCE = (
    "Transport Secretary Lena Vogt opened the new tram depot on Monday. "
    "The city council said in a statement that the depot had cost the city far less "
    "than its planners expected."
)


def test_a_bodys_statement_given_to_a_person_the_source_names_is_found():
    rw = (
        "Transport Secretary Lena Vogt opened the new tram depot on Monday. "
        "Vogt said the depot had cost the city far less than its planners expected."
    )
    found = run(attribution, BODY_SOURCE, rw)
    assert any("vogt" in f.message.lower() and "council" in f.message.lower() for f in found)


def test_a_person_speaking_for_the_body_in_the_source_is_not_a_swap():
    source = (
        "Council spokeswoman Lena Vogt spoke to reporters on Monday. "
        "The city council said in a statement that the depot had cost the city far less "
        "than its planners expected."
    )
    rw = "Vogt said the depot had cost the city far less than its planners expected."
    assert run(attribution, source, rw) == []


def test_a_share_of_a_group_is_not_a_speaker_to_compare():
    source = "In the survey, 40 percent of tenants said the rent was too high."
    rw = "In the survey, 40% of tenants said the rent was too high."
    assert run(attribution, source, rw) == []


def test_a_changed_speaker_finding_covers_the_claim_as_well():
    rw = "Detectives said the van drove off toward the harbour before dawn."
    (f,) = run(attribution, SOURCE, rw)
    said = rw[f.rewrite_span[0] : f.rewrite_span[1]]
    assert said.startswith("Detectives") and "harbour" in said


def test_an_accusation_in_the_verb_itself_stated_as_fact_is_found():
    source = "The tenants' union accused the landlord of ignoring repeated repair requests."
    rw = "The landlord ignored repeated repair requests from tenants."
    found = run(attribution, source, rw)
    assert any("claim" in f.message for f in found)


def test_a_clause_only_loosely_joined_to_a_claim_is_not_a_claim_stated_as_fact():
    source = (
        "The vote came after a session that began at dawn. "
        "Critics claimed that the chair had rushed the count before it got dark."
    )
    rw = "The vote came after a session that got under way at dawn."
    assert [f for f in run(attribution, source, rw) if "claim" in f.message] == []


VAGUE_SOURCE = (
    "The harbour union said the strike had closed four of the port's six container terminals "
    "on Monday."
)


def test_a_claim_credited_to_no_one_is_found():
    rw = "It is reported that the strike closed four of the port's six container terminals."
    found = [f for f in run(attribution, VAGUE_SOURCE, rw) if "no one" in f.message]
    assert len(found) == 1
    assert rw[found[0].rewrite_span[0] : found[0].rewrite_span[1]].startswith("It is reported")
    rw = "The strike reportedly closed four of the port's six container terminals on Monday."
    assert [f for f in run(attribution, VAGUE_SOURCE, rw) if "reportedly" in f.message]


def test_a_body_called_it_is_not_a_vague_credit():
    rw = (
        "The harbour union met on Monday. It said the strike had closed four of the port's "
        "six container terminals on Monday."
    )
    assert not [f for f in run(attribution, VAGUE_SOURCE, rw) if "no one" in f.message]


def test_a_speaker_the_source_never_has_is_found():
    source = "The council approved the new bus lanes on Tuesday after a two-hour debate."
    rw = (
        "The council approved the new bus lanes on Tuesday after a two-hour debate. "
        "Shopkeepers on the high street said the new bus lanes would cost them trade."
    )
    found = [f for f in run(attribution, source, rw) if "no statement from" in f.message]
    assert len(found) == 1
    assert "Shopkeepers" in rw[found[0].rewrite_span[0] : found[0].rewrite_span[1]]


def test_a_speaker_the_source_names_or_a_document_is_not_invented():
    source = "The fire was set deliberately, according to police."
    rw = "Police said the fire was set deliberately."
    assert not [f for f in run(attribution, source, rw) if "no statement from" in f.message]
    source = (
        "The water board approved a 4 percent tariff rise on Thursday. Five of its seven "
        "directors voted for the rise, and two abstained."
    )
    rw = (
        "The water board approved a 4 percent tariff rise on Thursday. A record of the vote "
        "published on its website shows five of its seven directors voted for the rise."
    )
    assert not [f for f in run(attribution, source, rw) if "no statement from" in f.message]


def test_a_swapped_speaker_is_named_in_full_as_the_source_writes_them():
    source = (
        "Head coach Dana Whitfield said the squad was fit. "
        "Team doctor Paul Ambrose said two players had minor knocks."
    )
    rw = (
        "Head coach Dana Whitfield said the squad was fit. "
        "Whitfield said two players had minor knocks."
    )
    (f,) = run(attribution, source, rw)
    assert "Paul Ambrose" in f.message and "Whitfield" in f.message


SPEAKER_SOURCE = (
    "Harbour master Ines Costa said the channel had been dredged and would reopen in May. "
    "She said it was still too early to judge what the dredging had cost."
)


def test_a_clause_joined_to_a_report_that_the_speaker_never_said_is_found():
    rw = (
        "Harbour master Ines Costa said the channel had been dredged, and blamed the ferry "
        "operators for the silting."
    )
    (f,) = [f for f in run(attribution, SPEAKER_SOURCE, rw) if f.rewrite_span]
    assert quoted([f], rw) == ["blamed the ferry operators for the silting"]
    assert f.severity == "critical" and "Ines Costa" in f.message


def test_an_accusation_the_speaker_never_made_is_found():
    rw = (
        "Harbour master Ines Costa said the channel had been dredged; she accused the ferry "
        "operators of dumping ballast."
    )
    (f,) = [f for f in run(attribution, SPEAKER_SOURCE, rw) if f.rewrite_span]
    assert "accused the ferry operators" in quoted([f], rw)[0]


def test_what_the_speaker_says_after_a_pronoun_is_still_theirs():
    rw = (
        "Harbour master Ines Costa said the channel had been dredged, and said it was far too "
        "soon to put a number on the cost of the dredging."
    )
    assert [f for f in run(attribution, SPEAKER_SOURCE, rw) if f.rewrite_span] == []


def test_a_role_noun_speaker_is_the_person_holding_that_title():
    source = (
        "Coroner Rhys Pellow opened the inquest on Monday. "
        "Detective Inspector Mara Quist said the driver had not been drinking."
    )
    rw = (
        "Coroner Rhys Pellow opened the inquest on Monday. "
        "The coroner said the driver had not been drinking."
    )
    (f,) = [f for f in run(attribution, source, rw) if f.rewrite_span]
    assert quoted([f], rw)[0].startswith("The coroner said")
    assert "Mara Quist" in f.message


def test_a_role_noun_for_the_sources_own_speaker_is_quiet():
    source = (
        "Coroner Rhys Pellow opened the inquest on Monday. "
        "Pellow said the driver had not been drinking."
    )
    rw = "The coroner said the driver had not been drinking, Rhys Pellow having opened the inquest."
    assert [f for f in run(attribution, source, rw) if f.rewrite_span] == []


def test_a_company_continued_as_it_is_compared_with_a_person_the_source_never_names():
    source = (
        "Velmora Foods said it would recall the yoghurt. Stores would be restocked within a "
        "week, it added."
    )
    rw = (
        "Velmora Foods said it would recall the yoghurt. Stores would be restocked within a "
        "week, said Health Minister Tobias Renn."
    )
    assert [f for f in run(attribution, source, rw) if f.rewrite_span]


def test_one_word_in_common_with_the_speakers_other_sentence_is_no_paraphrase():
    source = (
        "Harbour master Ines Costa said the channel had been dredged. "
        "She said the silting had cost the port two months of traffic."
    )
    rw = (
        "Harbour master Ines Costa said the channel had been dredged, and blamed the ferry "
        "operators for the silting."
    )
    found = [f for f in run(attribution, source, rw) if f.rewrite_span]
    assert [f.category for f in found] == ["attribution"]
