"""The engine's modality detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.detectors import modality

from ._analysis import run


def test_a_possibility_reworded_as_a_firm_commitment_is_found():
    source = "The tenants' union said it might challenge the eviction notices in court."
    rw = "The tenants' union said it would take the eviction notices to court."
    found = run(modality, source, rw)
    assert any("may happen" in f.message for f in found)


def test_a_possibility_made_will_in_reported_speech_is_found():
    source = "A second ballot could follow in June, the election board said."
    rw = "A second ballot will follow in June, the election board said."
    found = run(modality, source, rw)
    assert any("may happen" in f.message for f in found)


def test_a_kept_possibility_is_not_a_finding():
    source = "A second ballot could follow in June, the election board said."
    rw = "The election board said a second ballot could follow in June."
    assert run(modality, source, rw) == []


def test_a_comparison_of_likelihoods_is_not_a_hedge():
    source = "Smokers were more likely to be admitted with pneumonia, the survey found."
    rw = "Smokers were admitted with pneumonia more often, the survey found."
    assert not any("may happen" in f.message for f in run(modality, source, rw))


def test_a_scheduled_event_reported_as_done_is_found():
    source = "The harbour authority said the new ferry terminal was due to open in the autumn."
    rw = "The harbour authority said the new ferry terminal had opened in the autumn."
    found = run(modality, source, rw)
    assert any("as done" in f.message for f in found)


def test_a_pending_decision_reported_as_taken_is_found():
    source = "The governor would decide on Friday whether to declare a drought emergency."
    rw = "The governor has declared a drought emergency."
    found = run(modality, source, rw)
    assert any("as done" in f.message for f in found)


def test_an_event_the_source_reports_as_done_is_not_a_finding():
    source = "The new ferry terminal opened in the autumn, the harbour authority said."
    rw = "The harbour authority said the new ferry terminal had opened in the autumn."
    assert run(modality, source, rw) == []


def test_a_record_since_a_date_widened_to_all_time_is_found():
    source = "The flood was the worst in the valley since 1961, when the dam burst."
    rw = "The flood was the worst in the valley's history."
    found = run(modality, source, rw)
    assert any("record" in f.message for f in found)


def test_an_invented_first_of_its_kind_is_found():
    source = "The county opened a library for tool lending on Saturday."
    rw = "The county opened a library for tool lending on Saturday, the first of its kind."
    found = run(modality, source, rw)
    assert any("no such claim" in f.message for f in found)


def test_a_record_verb_is_not_a_scope():
    source = "The station measured its wettest April in more than a decade."
    rw = "The station recorded its wettest April in more than a decade."
    assert run(modality, source, rw) == []


def test_an_option_under_consideration_reported_as_a_decision_is_found():
    source = "The regulator said it would consider revoking the clinic's permit."
    rw = "The regulator will revoke the clinic's permit."
    found = run(modality, source, rw)
    assert any("may happen" in f.message for f in found)


def test_would_in_a_complement_clause_is_a_reported_will():
    source = "The mayor spoke on Monday, noting that the city might sue the contractor."
    rw = "The mayor spoke on Monday, adding that the city would sue the contractor."
    found = run(modality, source, rw)
    assert any("may happen" in f.message for f in found)


def test_a_possibility_not_ruled_out_reported_as_expected_is_found():
    source = "Engineers said further landslides on the eastern slope could not be ruled out."
    rw = "Further landslides on the eastern slope are expected, engineers said."
    found = run(modality, source, rw)
    assert any("may happen" in f.message for f in found)


def test_a_type_named_with_of_this_kind_is_not_an_all_time_scope():
    source = "Engineers said cracks in the main girder were serious and needed urgent repair."
    rw = "Cracks of this kind are among the most serious faults a bridge can have."
    assert not any("of all time" in f.message for f in run(modality, source, rw))


def test_a_first_of_its_kind_the_source_never_claims_is_found():
    source = "The town opened a covered market in the old tram depot on Saturday."
    rw = "The town opened the first covered market of its kind in the old tram depot on Saturday."
    assert any("of all time" in f.message for f in run(modality, source, rw))
