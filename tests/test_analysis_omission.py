"""The engine's omission detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.detectors import omission

from ._analysis import run

SOURCE = (
    "A gas leak forced the evacuation of Corran Primary School on Monday morning. "
    "Firefighters sealed the broken pipe within two hours. "
    "Three pupils were treated for dizziness at the county hospital."
)


def test_a_dropped_sentence_is_found_on_the_source_side():
    rw = (
        "A gas leak forced Corran Primary School to evacuate on Monday morning. "
        "Firefighters sealed the broken pipe within two hours."
    )
    (f,) = run(omission, SOURCE, rw)
    assert f.rewrite_span is None
    assert SOURCE[f.source_span[0] : f.source_span[1]].startswith("Three pupils")


def test_a_complete_rewrite_drops_nothing():
    rw = (
        "On Monday morning a gas leak forced the evacuation of Corran Primary School. "
        "Within two hours firefighters had sealed the broken pipe. "
        "Three pupils were treated at the county hospital for dizziness."
    )
    assert run(omission, SOURCE, rw) == []


def test_a_dropped_dateline_and_credit_is_minor():
    source = "PORTVALE, Maine (Newswire) — " + SOURCE
    rw = SOURCE
    found = [f for f in run(omission, source, rw) if "dateline" in f.message]
    assert len(found) == 1
    assert found[0].severity == "minor"
    assert source[found[0].source_span[0] : found[0].source_span[1]].startswith("PORTVALE")


def test_a_dropped_caveat_inside_a_kept_sentence_is_found():
    source = (
        "The council said the ferry pier would reopen in May, "
        "though engineers could not rule out further delays from the storm damage."
    )
    rw = "The council said the ferry pier would reopen in May."
    found = run(omission, source, rw)
    assert any("drops this denial" in f.message for f in found)
    (f,) = [f for f in found if "drops this" in f.message]
    assert "rule out" in source[f.source_span[0] : f.source_span[1]]


def test_a_dropped_denial_in_a_short_sentence_is_found():
    source = "The mill will close in June. Its owner said no jobs would be cut."
    rw = "The mill will close in June, its owner said."
    found = run(omission, source, rw)
    assert any("drops this denial" in f.message for f in found)


def test_a_kept_denial_is_not_a_finding():
    source = "The mill will close in June. Its owner said no jobs would be cut."
    rw = "The mill will close in June; no jobs will be cut, its owner said."
    assert not any("drops this" in f.message for f in run(omission, source, rw))


def test_a_negated_relative_clause_about_a_participant_is_background():
    source = (
        "The trial found the drug cut migraine days by half, said Dr Mara Lind, "
        "who did not work on the study."
    )
    rw = "The trial found the drug cut migraine days by half, Dr Mara Lind said."
    assert not any("drops this" in f.message for f in run(omission, source, rw))


def test_a_figure_replaced_by_another_is_not_also_dropped():
    source = (
        "The bakery chain reported a loss of $4 million for the spring, "
        "against a profit of $9 million a year before."
    )
    rw = (
        "The bakery chain reported a loss of $4 million for the spring, "
        "against a profit of $19 million a year before."
    )
    assert not any("drops the figure" in f.message for f in run(omission, source, rw))


def test_a_figure_dropped_beside_a_kept_one_is_still_found():
    source = (
        "The bakery chain reported a loss of $4 million for the spring, "
        "against a profit of $9 million a year before."
    )
    rw = "The bakery chain reported a loss of $4 million for the spring."
    found = [f for f in run(omission, source, rw) if "drops the figure" in f.message]
    assert len(found) == 1 and "9 million" in found[0].message


def test_a_figure_kept_inside_an_age_or_time_phrase_is_not_dropped():
    source = (
        "Nine cases of whooping cough have been confirmed in Dunmore, "
        "six of them in children younger than 5, the clinic said."
    )
    rw = (
        "The clinic said nine whooping cough cases were confirmed in Dunmore, "
        "six in children under 5."
    )
    assert not any("drops the figure" in f.message for f in run(omission, source, rw))


SPILL = (
    "The water board said there was no risk of flooding, although the river rose two metres "
    "overnight and some families left their homes."
)


def test_a_denial_restated_by_a_verb_of_denial_is_kept():
    rw = (
        "The water board ruled out flooding, although the river rose two metres overnight, "
        "prompting a flooding alert from the police and sending some families from their homes."
    )
    assert not any("drops this denial" in f.message for f in run(omission, SPILL, rw))


def test_a_denial_beside_an_unrelated_negation_is_still_dropped():
    rw = (
        "The water board said the river rose two metres overnight, and the police did not "
        "say how many families left their homes."
    )
    assert any("drops this denial" in f.message for f in run(omission, SPILL, rw))


def test_a_dateline_whose_place_the_rewrite_names_is_not_dropped():
    source = "PORTVALE, Maine (Newswire) — " + SOURCE
    rw = SOURCE.replace("Corran Primary School", "Portvale's Corran Primary School")
    assert [f for f in run(omission, source, rw) if "dateline" in f.message] == []


def test_a_dateline_set_off_by_a_hyphen_is_not_a_dropped_sentence():
    source = "PORT VALE, Northshire (Coastal News Service) - " + SOURCE
    found = run(omission, source, SOURCE)
    assert [f for f in found if "drops this sentence" in f.message] == []
    assert len([f for f in found if "dateline" in f.message]) == 1


def test_a_dropped_speculation_is_not_a_dropped_caveat():
    source = (
        "The bakery chain said sales rose 4 percent in the spring and that further price "
        "rises were possible before the summer."
    )
    rw = "The bakery chain said sales rose 4 percent in the spring."
    found = run(omission, source, rw)
    assert not any("caveat" in f.message for f in found)


def test_a_dropped_counterpoint_inside_a_kept_sentence_is_found():
    source = (
        "The orchard said its cider sales doubled over the summer, "
        "though its export orders to the mainland fell sharply."
    )
    rw = "The orchard said its cider sales doubled over the summer."
    found = run(omission, source, rw)
    (f,) = [f for f in found if "counterpoint" in f.message]
    assert source[f.source_span[0] : f.source_span[1]].startswith("though its export")


def test_a_counterpoint_in_a_report_is_found_on_its_content():
    source = "The ferry firm welcomed the new timetable but said the winter crossings would stop."
    rw = "The ferry firm welcomed the new timetable."
    found = run(omission, source, rw)
    (f,) = [f for f in found if "counterpoint" in f.message]
    assert "winter crossings" in source[f.source_span[0] : f.source_span[1]]


def test_a_counterpoint_the_rewrite_keeps_is_not_dropped():
    source = (
        "The orchard said its cider sales doubled over the summer, "
        "though its export orders to the mainland fell sharply."
    )
    rw = "Cider sales at the orchard doubled this summer, but export orders to the mainland fell."
    assert not any("counterpoint" in f.message for f in run(omission, source, rw))


def test_a_short_sentence_whose_count_the_rewrite_gives_for_something_else_is_dropped():
    source = (
        "Gunmen attacked two police posts near the border on Friday, officials said. "
        "Another three were wounded, they added."
    )
    rw = "Gunmen attacked three police posts near the border on Friday, officials said."
    found = [f for f in run(omission, source, rw) if "figure three" in f.message]
    assert len(found) == 1
    assert source[found[0].source_span[0] : found[0].source_span[1]].startswith("Another three")


def test_a_short_sentence_whose_count_the_rewrite_keeps_is_not_dropped():
    source = (
        "Gunmen attacked two police posts near the border on Friday, officials said. "
        "Another three were wounded, they added."
    )
    rw = (
        "Gunmen attacked two police posts near the border on Friday, wounding three more "
        "people, officials said."
    )
    assert not [f for f in run(omission, source, rw) if "figure three" in f.message]


def test_a_dropped_figure_about_casualties_is_major():
    source = (
        "The landslide killed nine villagers on Sunday, rescuers said. Three of the dead were "
        "children from the same school."
    )
    rw = "The landslide killed nine villagers on Sunday, rescuers said. The dead included children."
    dropped = [f for f in run(omission, source, rw) if "figure" in f.message]
    assert [f.severity for f in dropped] == ["major"]
