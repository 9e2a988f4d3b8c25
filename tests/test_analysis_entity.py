"""The engine's entity detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis import analyse
from reviews.analysis.detectors import entity

from ._analysis import quoted, run

SOURCE = "Mayor Clara Benning opened the new library in Stroud on Tuesday."


def test_a_name_the_source_never_gives_is_found():
    rw = "Mayor Clara Benning and Paul Osterhagen opened the new library in Stroud on Tuesday."
    found = run(entity, SOURCE, rw)
    assert quoted(found, rw) == ["Paul Osterhagen"]
    assert found[0].severity == "major"


def test_a_misspelt_name_is_minor():
    rw = "Mayor Clara Bening opened the new library in Stroud on Tuesday."
    (f,) = run(entity, SOURCE, rw)
    assert f.severity == "minor"


def test_a_changed_title_is_found():
    rw = "Governor Clara Benning opened the new library in Stroud on Tuesday."
    (f,) = run(entity, SOURCE, rw)
    assert "governor" in f.message
    assert quoted([f], rw) == ["Governor Clara Benning"]  # the title is what changed


def test_the_same_names_are_not_a_finding():
    rw = "On Tuesday, Stroud's new library was opened by Mayor Clara Benning."
    assert run(entity, SOURCE, rw) == []


def test_a_name_swapped_for_another_in_the_story_is_found():
    source = (
        "The orchestra from Leipzig played in Vienna on Saturday night to a full hall. "
        "Its next concert will be held in Prague."
    )
    rw = (
        "The orchestra from Leipzig played in Prague on Saturday night to a full hall. "
        "Its next concert will be held in Prague."
    )
    found = run(entity, source, rw)
    assert any("Vienna" in f.message for f in found)


def test_two_participants_swapped_between_roles_are_found():
    source = (
        "The gold medal went to Anna Kovacs of Hungary. "
        "The bronze medal was awarded to Maria Lindqvist, the Swedish champion."
    )
    rw = "Maria Lindqvist took the gold medal, and the bronze medal went to Anna Kovacs."
    found = run(entity, source, rw)
    assert any("role the source gives Anna Kovacs" in f.message for f in found)


def test_participants_in_their_own_roles_are_not_swapped():
    source = (
        "The gold medal went to Anna Kovacs of Hungary. "
        "The bronze medal was awarded to Maria Lindqvist, the Swedish champion."
    )
    rw = "Anna Kovacs took the gold medal, and the bronze went to Maria Lindqvist."
    assert not any("role the source" in f.message for f in run(entity, source, rw))


def test_a_dateline_place_is_not_a_participant():
    source = "HOLMBY (Newswire) — The northern town of Ardsley recorded 39 degrees on Monday."
    pair = analyse(source, "The northern town of Ardsley recorded 39 degrees on Monday.")
    names = {n.text: n.span for f in pair.source.frames for n in f.names}
    assert pair.in_dateline((0, len("HOLMBY")))
    assert not pair.in_dateline(names["Ardsley"])


def test_a_rewrite_opening_with_a_pronoun_has_lost_its_antecedent():
    source = "Lena Marsh, a glassblower from Ulm, won the city's craft prize on Friday."
    rw = "She won the city's craft prize on Friday."
    found = run(entity, source, rw)
    assert any("opens with 'She'" in f.message for f in found)
    assert quoted([f for f in found if "opens with" in f.message], rw) == ["She"]


def test_an_opening_expletive_it_or_a_named_subject_is_not_dangling():
    source = "The ferry service between Ulm and Kehl will resume in May, the operator said."
    named = "The ferry service between Ulm and Kehl will resume in May, its operator said."
    expletive = "It is expected that the ferry service between Ulm and Kehl will resume in May."
    for rw in (named, expletive):
        assert not any("opens with" in f.message for f in run(entity, source, rw))


def test_a_title_from_an_apposition_changed_for_the_same_person_is_found():
    source = "A spokeswoman for the port authority, Ingrid Malm, said the quay would reopen."
    rw = "The port authority's director, Ingrid Malm, said the quay would reopen."
    found = run(entity, source, rw)
    assert any("director" in f.message for f in found)


def test_a_title_given_where_the_source_has_another_description_is_found():
    source = "Regional hydrologist Dr. Tobias Renner said the river had peaked."
    rw = "Dr. Tobias Renner, the region's water commissioner, said the river had peaked."
    found = run(entity, source, rw)
    assert any("commissioner" in f.message for f in found)


def test_a_dropped_rank_qualifier_is_a_raised_rank():
    source = "Deputy Transport Minister Oskar Lind said the line would close in May."
    rw = "Transport Minister Oskar Lind said the line would close in May."
    found = run(entity, source, rw)
    assert any("deputy minister" in f.message for f in found)


def test_the_same_title_in_other_words_is_not_a_finding():
    source = "A spokeswoman for the port authority, Ingrid Malm, said the quay would reopen."
    rw = "Port authority spokeswoman Ingrid Malm said the quay would reopen."
    assert run(entity, source, rw) == []


def test_an_acronym_spelt_out_is_a_name_the_source_gives():
    source = "The EU agreed new fishing limits on Friday."
    rw = "The European Union agreed new fishing limits on Friday."
    assert run(entity, source, rw) == []


def test_an_agency_credit_after_an_accented_dateline_is_not_a_participant():
    source = (
        "ØRBY, Norvia (Reuters) — A coalition of dairy farmers on Monday filed a complaint "
        "against the new milk levy with the regional court. "
        "The Valley Growers Union, the largest member, leads the coalition."
    )
    rw = (
        "In Ørby on Monday, the coalition, led by the Valley Growers Union, filed a complaint "
        "against the new milk levy with the regional court."
    )
    assert [f for f in run(entity, source, rw) if "role the source gives" in f.message] == []


def test_a_venue_is_not_swapped_for_a_name_modifying_another_noun():
    source = (
        "Mia Holt has urged Arsenal team-mate Jo Penn to follow her lead by signing a new deal. "
        "Holt has played at Highbury since 2019."
    )
    rw = "Mia Holt has signed a new deal at Highbury."
    assert [f for f in run(entity, source, rw) if "role the source gives" in f.message] == []
