"""The engine's meaning detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.detectors import meaning

from ._analysis import run


def test_a_reversed_polarity_is_found():
    source = "The school board did not approve the new bus contract."
    rw = "The school board approved the new bus contract."
    (f,) = run(meaning, source, rw)
    assert "affirms" in f.message


def test_a_hedge_stated_as_fact_is_found():
    source = "The new drainage system may prevent flooding in the lower town."
    rw = "The new drainage system prevents flooding in the lower town."
    (f,) = run(meaning, source, rw)
    assert "hedges" in f.message


def test_an_association_stated_as_cause_is_found():
    source = "Heavy phone use was linked to poor sleep among students."
    rw = "Heavy phone use caused poor sleep among students."
    found = run(meaning, source, rw)
    assert any("cause" in f.message for f in found)


def test_a_faithful_paraphrase_is_not_a_finding():
    source = "The school board approved the new bus contract on Monday."
    rw = "On Monday the school board approved the new bus contract."
    assert run(meaning, source, rw) == []


def test_all_for_a_counted_part_is_a_generalisation():
    source = "The jury convicted the driver on three counts and acquitted him on two."
    rw = "The jury convicted the driver on all counts."
    found = run(meaning, source, rw)
    assert any("all counts" in f.message for f in found)


def test_confirmed_for_a_tentative_finding_is_found():
    source = "The probe found tentative signs of ice near the crater, which would need more data."
    rw = "The probe confirmed ice near the crater."
    found = run(meaning, source, rw)
    assert any("established" in f.message for f in found)


def test_an_antonym_reverses_a_result():
    source = "Quarterly sales at the toy maker rose 8% on strong holiday demand."
    rw = "Quarterly sales at the toy maker fell 8% on strong holiday demand."
    found = run(meaning, source, rw)
    assert any("'fall'" in f.message and "'rise'" in f.message for f in found)


def test_a_first_since_stated_as_first_ever_is_found():
    source = "The rowing club won the regional cup for the first time since 1998."
    rw = "The rowing club won the regional cup for the first time in its history."
    found = run(meaning, source, rw)
    assert any("first ever" in f.message for f in found)


def test_a_universal_elsewhere_in_the_source_does_not_excuse_a_generalisation():
    source = (
        "The tribunal upheld three of the five complaints against the landlord.\n\n"
        "Each complaint can bring a fine of up to $500."
    )
    rewrite = "The tribunal upheld all complaints against the landlord."
    found = run(meaning, source, rewrite)
    assert any("all complaints" in f.message for f in found)


def test_an_event_the_source_denies_elsewhere_in_its_paragraph_is_found():
    source = (
        "Officers detained the driver, Mara Quist, on suspicion of reckless driving after the "
        "crash on Elm Street. She has not been charged, a spokesman said.\n\n"
        "The street reopened in the afternoon."
    )
    rewrite = "A driver has been charged with reckless driving over the Elm Street crash."
    found = run(meaning, source, rewrite)
    assert any("says it did not" in f.message and f.severity == "critical" for f in found)


def test_a_denied_event_with_other_participants_is_not_this_finding():
    source = (
        "The council did not approve the stadium loan.\n\n"
        "Separately, the school board approved a new bus contract on Monday."
    )
    rewrite = "The school board approved a new bus contract on Monday."
    assert not [f for f in run(meaning, source, rewrite) if "says it did not" in f.message]


def test_an_event_the_source_also_affirms_is_not_denied():
    source = "The first vote did not pass. A second vote passed an hour later."
    rewrite = "The measure passed on a second vote."
    assert not [f for f in run(meaning, source, rewrite) if "says it did not" in f.message]


def test_a_word_may_have_several_opposites():
    from reviews.analysis.lexicon import antonyms

    assert {"beat", "exceed"} <= antonyms()["miss"]


def test_an_open_question_stated_as_fact_is_found():
    source = (
        "Firefighters put out the blaze at the depot. Investigators are examining whether "
        "the blaze was started by faulty wiring."
    )
    rw = "Firefighters put out the blaze at the depot, which was started by faulty wiring."
    found = run(meaning, source, rw)
    assert any("leaves this open" in f.message for f in found)


def test_a_declined_confirmation_stated_as_fact_is_found():
    source = "The airline declined to confirm that the northern route would be cut next year."
    rw = "The airline's northern route will be cut next year."
    found = run(meaning, source, rw)
    assert any("leaves this open" in f.message for f in found)


def test_an_open_question_kept_open_is_not_a_finding():
    source = "Investigators are examining whether the blaze was started by faulty wiring."
    rw = "It is unclear whether faulty wiring started the blaze; investigators are examining it."
    assert not any("leaves this open" in f.message for f in run(meaning, source, rw))


def test_a_scheduled_event_in_the_present_is_not_reported_as_done():
    source = "The aquarium will reopen on Thursday after repairs to its roof."
    rw = "The aquarium reopens on Thursday after repairs to its roof."
    assert not any("as done" in f.message for f in run(meaning, source, rw))
    done = "The aquarium reopened on Thursday after repairs to its roof."
    assert any("as done" in f.message for f in run(meaning, source, done))


def test_an_antonym_after_an_inverting_word_restates_the_source():
    source = "The cheapest option for the ring road was a second bridge."
    rw = "The least expensive option for the ring road was a second bridge."
    assert not any("where the source says" in f.message for f in run(meaning, source, rw))
    wrong = "The most expensive option for the ring road was a second bridge."
    assert any("'expensive'" in f.message for f in run(meaning, source, wrong))


def test_a_start_reported_as_an_end_is_a_reversal():
    source = "The sentencing phase of the trial begins on Tuesday in Boston."
    rw = "The sentencing phase of the trial ends on Tuesday in Boston."
    assert any("'end'" in f.message for f in run(meaning, source, rw))


def test_a_one_word_clause_is_judged_against_its_sentences_support():
    source = "Sales fell 9% to $2.3 million, slightly above the $2.1 million analysts had expected."
    rw = "Sales fell 9% to $2.3 million, missing the $2.1 million analysts had expected."
    assert any("'miss'" in f.message for f in run(meaning, source, rw))


def test_an_exceptive_negation_restated_with_only_is_not_a_reversal():
    source = (
        "The deputy mayor, who does not speak at meetings except to answer questions, "
        "backed the budget. "
        "The ferry will not sail unless the wind drops."
    )
    rw = (
        "The deputy mayor, who speaks at meetings only to answer questions, backed the budget. "
        "The ferry will sail only if the wind drops."
    )
    assert not [f for f in run(meaning, source, rw) if "what the source" in f.message]


def test_a_plain_negation_affirmed_with_only_is_still_a_reversal():
    source = "The ferry will not sail from Dover this winter."
    rw = "The ferry will sail only from Dover this winter."
    assert [f for f in run(meaning, source, rw) if "what the source" in f.message]


def test_a_reported_would_restated_as_will_is_not_a_hedge_dropped():
    source = "The bank said it would not pay a bonus dividend before the end of March."
    rw = "No bonus dividend will be paid until the end of March."
    assert not [f for f in run(meaning, source, rw) if "what the source" in f.message]
    assert not [f for f in run(meaning, source, rw) if "hedges" in f.message]


def test_an_unreported_would_stated_as_fact_is_still_a_hedge_dropped():
    source = "A new bridge would cut the journey to the island by an hour."
    rw = "A new bridge will cut the journey to the island by an hour."
    assert [f for f in run(meaning, source, rw) if "hedges" in f.message]


def test_failed_to_restated_as_did_not_keeps_the_polarity():
    source = (
        "The council fined the landlord for failing to fix boilers and to test smoke alarms"
        " in flats."
    )
    rw = (
        "The council fined the landlord, who had failed to fix boilers and had not tested"
        " smoke alarms in flats."
    )
    found = run(meaning, source, rw)
    assert not any("affirms" in f.message or "denies" in f.message for f in found)


def test_a_modal_moved_to_the_governing_verb_keeps_the_doubt():
    source = "Under the plan, permits would be issued within ten days."
    rw = "Under the plan, applicants would have their permits issued within ten days."
    assert not any("hedges" in f.message for f in run(meaning, source, rw))


def test_a_pledge_restated_as_a_commitment_is_not_a_plan_done():
    source = "The city pledged 40 million dollars for new tram lines on Monday."
    rw = "The city committed 40 million dollars for new tram lines on Monday."
    assert not any("as done" in f.message for f in run(meaning, source, rw))


def test_the_same_verb_denied_for_another_object_is_another_event():
    source = "Officials shut the coastal road. They said they had not closed any schools."
    rw = "Officials closed the coastal road."
    assert not any("did not" in f.message for f in run(meaning, source, rw))


def test_a_finding_still_to_come_is_not_stated_as_established():
    source = "A review panel would decide whether the test results were valid."
    rw = "A review panel will determine whether the test results were valid."
    assert not any("established" in f.message for f in run(meaning, source, rw))


def test_up_in_a_quantity_qualifier_is_not_a_direction():
    source = "Forecasters said waves of up to six metres were expected along the coast."
    rw = "Forecasters said waves were expected to die down along the coast by six metres."
    assert not any("'down'" in f.message for f in run(meaning, source, rw))


def test_a_negated_one_word_clause_is_compared_by_its_subject():
    source = "The coach said he did not believe, as the club had claimed, that the player lied."
    rw = "The coach said he believed, as the club had claimed, that the player lied."
    found = run(meaning, source, rw)
    assert any("affirms" in f.message for f in found)


def test_an_opposite_made_with_un_is_a_reversal():
    source = "The probe was uncrewed when it reached the moon on Sunday."
    rw = "The probe was crewed when it reached the moon on Sunday."
    found = run(meaning, source, rw)
    assert any("'uncrewed'" in f.message for f in found)


def test_an_opposite_of_age_is_a_reversal():
    source = "A young elephant was rescued from the river by park rangers on Friday."
    rw = "An old elephant was rescued from the river by park rangers on Friday."
    found = run(meaning, source, rw)
    assert any("'old'" in f.message for f in found)


def test_a_synonym_of_the_source_word_is_no_reversal():
    source = "Sales fell 5 percent after prices rose in the spring."
    rw = "Sales dropped 5 percent after prices rose in the spring."
    assert not any("where the source says" in f.message for f in run(meaning, source, rw))


def test_not_x_restated_as_un_x_is_no_reversal():
    source = "Homes on the hill were not affected by the outage, the utility said."
    rw = "Homes on the hill were unaffected by the outage, the utility said."
    assert not any("where the source says" in f.message for f in run(meaning, source, rw))


def test_an_inquiry_restated_with_its_answer_presupposed_is_found():
    source = "The safety board is examining whether the late repairs caused any of the injuries."
    rw = "The safety board is investigating the injuries caused by the late repairs."
    found = run(meaning, source, rw)
    assert any("leaves this open" in f.message for f in found)


def test_a_denial_the_source_also_makes_of_the_same_verb_is_not_a_reversal():
    source = (
        "The panel has spoken to the drivers who reported the faults. "
        "It has not yet spoken to the managers who signed off the repairs."
    )
    rw = "The panel has not yet spoken to the managers who signed off the repairs."
    assert not any("denies what the source affirms" in f.message for f in run(meaning, source, rw))
