"""The engine, stage 2: clause frames and the figures bound to what they count."""

from __future__ import annotations

from reviews.analysis.frames import extract, name_key, time_norm
from reviews.analysis.parse import parse


def frames(text):
    return extract(parse(text)).frames


def frame_with(text, predicate):
    return next(f for f in frames(text) if f.predicate == predicate)


def test_a_number_is_bound_to_the_noun_it_counts():
    (q,) = frame_with("Storms flattened 14 barns across the county.", "flatten").numbers
    assert (q.value, q.noun) == (14.0, "barn")


def test_a_number_keeps_its_qualifier_and_unit():
    f = frame_with("The library raised at least $3 million from donors.", "raise")
    (q,) = f.numbers
    assert (q.value, q.unit, q.qualifier) == (3_000_000.0, "dollar", "min")


def test_number_words_have_values():
    (q,) = frame_with("Seven climbers reached the summit.", "reach").numbers
    assert q.value == 7.0


def test_a_plain_year_is_not_a_figure():
    assert frame_with("The mill reopened in 2019 after a fire.", "reopen").numbers == ()


def test_negation_is_polarity_of_the_clause():
    assert frame_with("The council did not approve the plan.", "approve").negated
    assert not frame_with("The council approved the plan.", "approve").negated


def test_a_modal_lowers_certainty_and_records_the_hedge():
    f = frame_with("The new vaccine may reduce hospital stays.", "reduce")
    assert f.certainty < 0.8
    assert "may" in f.hedges


def test_a_plan_is_not_reported_as_done():
    assert frame_with("The airline plans to cut 200 jobs.", "plan").factuality == "planned"
    assert frame_with("The airline cut 200 jobs.", "cut").factuality == "done"


def test_an_allegation_is_marked_alleged():
    f = frame_with("The treasurer allegedly moved the funds to a private account.", "move")
    assert f.factuality == "alleged"


def test_an_arrest_on_suspicion_is_itself_done():
    f = frame_with("A janitor was arrested on suspicion of arson.", "arrest")
    assert f.factuality == "done"


def test_not_until_is_a_time_not_a_negation():
    assert not frame_with("The ferry did not leave until noon.", "leave").negated


def test_no_on_the_object_negates_the_clause():
    assert frame_with("The survivors received no warning.", "receive").negated


def test_a_reported_clause_carries_its_speaker():
    f = frame_with("The road was closed for repairs, Mayor Ines Duarte said.", "close")
    assert f.speaker == "ines duarte"


def test_a_pronoun_speaker_is_the_last_named_person():
    fs = frames("Coach Elena Varga praised the team. She said the defence was superb.")
    reported = [f for f in fs if f.speaker]
    assert reported and reported[-1].speaker == "elena varga"


def test_causal_strength_is_recorded():
    assert frame_with("The outage was linked to a faulty cable.", "link").causal == "weak"
    assert frame_with("A faulty cable caused the outage.", "cause").causal == "strong"


def test_a_person_keeps_the_title_given_in_a_compound():
    f = frame_with("Senator Maya Lund voted against the bill.", "vote")
    (n,) = [n for n in f.names if n.label == "PERSON"]
    assert n.title == "senator"


def test_quotations_are_found_with_their_speaker():
    facts = extract(parse('"We will not give up," said Omar Haddad, the union leader.'))
    (q,) = facts.quotes
    assert q.text.startswith("We will not give up")
    assert q.speaker == "omar haddad"


def test_keys_and_time_norms_ignore_punctuation_and_articles():
    assert name_key("the U.S. Navy") == "us navy"
    assert time_norm("Oct. 7") == "october 7"


def test_frame_spans_lie_inside_their_sentence():
    text = "Rain fell all night. The river rose and the town flooded."
    for f in frames(text):
        assert f.sent_span[0] <= f.span[0] < f.span[1] <= f.sent_span[1]


def test_a_conditional_clause_is_not_done():
    f = frame_with("The result would be a first if it is confirmed by a second team.", "confirm")
    assert f.factuality == "conditional"


def test_a_universal_over_a_counted_noun_is_recorded():
    f = frame_with("With all 42 precincts reporting, the mayor led.", "lead")
    assert [noun for noun, _ in f.universals] == ["precinct"]


def test_a_whether_clause_is_an_open_question():
    (_, asked) = frames("Inspectors are checking whether the crane was overloaded.")
    assert asked.open_question


def test_a_refused_or_negated_statement_leaves_its_complement_open():
    declined = frames("The airline declined to confirm that the route would be cut.")
    assert [f.open_question for f in declined] == [False, True]
    unsaid = frames("The mayor did not say that the tunnel would reopen.")
    assert [f.open_question for f in unsaid] == [False, True]


def test_a_stated_complement_is_not_open():
    said = frames("The airline confirmed that the route would be cut.")
    assert not any(f.open_question for f in said)


def test_a_relative_pronoun_speaker_is_its_antecedent():
    text = (
        "Mayor Ines Varga opened the bridge. The plan drew fire from Councillor Tom Reyes, "
        "who said the bridge was too narrow."
    )
    said = next(f for f in frames(text) if f.predicate == "be narrow")
    assert said.speaker == "tom reyes"
    assert said.speaker_kind == "person"


def test_a_bare_surname_is_the_person_named_earlier():
    text = (
        "Mayor Gail Okonjo lost the runoff to Victor Lund. Turnout was about 31%. "
        'Later Okonjo congratulated her rival. "I respect that," she told supporters.'
    )
    quoted = [f for f in frames(text) if f.predicate == "respect"]
    assert quoted and quoted[0].speaker == "okonjo"


def test_a_bare_complement_takes_its_governors_time():
    f = frame_with("Shops in the square will have their power cut off on Monday.", "cut")
    assert f.factuality == "expected"
    g = frame_with("Witnesses said the driver cut across two lanes.", "cut")
    assert g.factuality == "done"


def test_past_and_perfect_forms_are_past_and_a_schedule_is_not():
    assert frame_with("The depot closed on Friday.", "close").past
    assert frame_with("The depot has closed.", "close").past
    assert not frame_with("The depot reopens on Friday.", "reopen").past


def test_not_before_a_date_says_when_not_whether():
    text = "The council said the pool would not reopen before the end of May."
    assert not frame_with(text, "reopen").negated


def test_not_before_an_event_is_still_a_negation():
    text = "The council said the pool was not inspected before its opening."
    assert frame_with(text, "inspect").negated


def test_the_month_may_is_not_a_modal():
    f = frame_with(
        "The bakery has been linked to four cases of food poisoning since early May.", "link"
    )
    assert f.hedges == () and f.certainty == 1.0
    f = frame_with("The bakery may be linked to four cases of food poisoning.", "link")
    assert f.hedges == ("may",)
