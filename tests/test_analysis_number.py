"""The engine's number detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.detectors import number

from ._analysis import quoted, run

SOURCE = "Floodwater damaged 40 homes in Marlow on Sunday, and at least 12 people were injured."


def test_a_contradicted_figure_for_the_same_noun_is_found():
    rw = "Floodwater damaged 60 homes in Marlow on Sunday, and at least 12 people were injured."
    found = run(number, SOURCE, rw)
    assert quoted(found, rw) == ["60"]
    assert "40" in found[0].message


def test_a_casualty_figure_is_critical():
    rw = "Floodwater damaged 40 homes in Marlow on Sunday, and at least 30 people were injured."
    (f,) = run(number, SOURCE, rw)
    assert f.severity == "critical"


def test_a_dropped_qualifier_is_minor():
    rw = "Floodwater damaged 40 homes in Marlow on Sunday, and 12 people were injured."
    (f,) = run(number, SOURCE, rw)
    assert f.severity == "minor"
    assert "qualifier" in f.message


def test_the_same_figures_in_other_words_are_not_a_finding():
    rw = "At least twelve people were hurt on Sunday when floodwater damaged 40 houses in Marlow."
    assert run(number, SOURCE, rw) == []


def test_a_total_made_a_rate_is_found():
    source = "The new fee will cost each household about $40 over the three-year contract."
    rw = "The new fee will cost each household about $40 a year."
    (f,) = run(number, source, rw)
    assert "a year" in f.message


def test_a_near_figure_that_is_not_rounded_is_a_different_figure():
    source = "The winner received 31,406 votes."
    rw = "The winner received 31,604 votes."
    (f,) = run(number, source, rw)
    assert "31,406" in f.message


def test_a_figure_moved_to_another_verb_is_found():
    source = (
        "Six hikers were rescued from the gorge on Saturday, and two remain in hospital with "
        "broken bones, the ranger service said."
    )
    rewrite = "Six hikers remain in hospital after a rescue from the gorge on Saturday."
    found = run(number, source, rewrite)
    assert any("remain" in f.message and "two" in f.message for f in found)


def test_a_figure_kept_with_its_own_verb_is_not_moved():
    source = "Six hikers were rescued from the gorge, and two remain in hospital."
    rewrite = "Rescuers brought six hikers out of the gorge; two remain in hospital."
    assert not [f for f in run(number, source, rewrite) if "in the source" in f.message]


def test_a_figure_written_as_in_the_source_is_not_new():
    source = "Buses on Route 44 will stop running in March."
    rw = "From March, buses will no longer run on route 44."
    assert not any("never gives" in f.message for f in run(number, source, rw))


def test_a_new_figure_is_still_found_beside_a_source_word():
    source = "Astronomers said the comet passed close to the sun on Monday."
    rw = "Astronomers said the comet passed 417 times close to the sun on Monday."
    assert any("never gives" in f.message for f in run(number, source, rw))


def test_a_count_the_source_states_with_both_or_an_ordinal_is_not_new():
    source = (
        "The mayor urged both unions to return to talks. After a third wet summer in a row, "
        "the harvest fell by a fifth. The club is ranked 12th in the league."
    )
    rw = (
        "The mayor urged the two unions to return to talks. After three consecutive wet summers, "
        "the harvest fell by a fifth. The club is No. 12 in the league."
    )
    assert not [f for f in run(number, source, rw) if "never gives" in f.message]


def test_a_figure_the_source_states_no_way_is_still_new():
    source = "The mayor urged the unions to return to talks."
    rw = "The mayor urged the two unions to return to talks."
    assert [f for f in run(number, source, rw) if "never gives" in f.message]


def test_a_figure_from_elsewhere_in_the_source_swapped_into_a_clause_is_found():
    # The source's "about 2,050" counts homes, in a sentence not aligned to the clause;
    # the clause's own source gives 600 tests.
    source = (
        "The clinic has confirmed 14 cases of whooping cough this month, and 600 more tests "
        "are awaiting results. The district has about 2,050 homes."
    )
    rw = (
        "The clinic has confirmed 14 cases of whooping cough this month, and 2,000 more "
        "tests are awaiting results."
    )
    found = run(number, source, rw)
    assert quoted(found, rw) == ["2,000"]
    assert source[found[0].source_span[0] : found[0].source_span[1]] == "600"


def test_a_range_whose_period_is_written_once_is_not_a_new_rate():
    source = "The charity said the new levy would raise between $4 million and $6 million a year."
    rw = "The new levy would raise $4 million to $6 million a year, the charity said."
    assert not [f for f in run(number, source, rw) if "rewrite gives" in f.message]


def test_a_share_a_year_ago_is_not_a_yearly_rate():
    source = "Turnout fell to 61 percent, down from 64 percent last year."
    rw = "Turnout fell to 61 percent, compared with 64 percent a year ago."
    assert not [f for f in run(number, source, rw) if "rewrite gives" in f.message]


def test_upper_bounds_written_other_ways_are_the_same_bound():
    source = (
        "Floodwater up to four metres deep covered the lower town, and boats under 9 metres sank."
    )
    rw = (
        "Floodwater as much as four metres deep covered the lower town; boats shorter than "
        "9 metres sank."
    )
    assert not any("qualifier" in f.message for f in run(number, source, rw))


def test_a_changed_sum_is_marked_with_its_currency_sign_and_scale():
    source = "The district borrowed €3.5 million to rebuild its two oldest schools."
    rw = "The district borrowed €5.5 million to rebuild its two oldest schools."
    (f,) = run(number, source, rw)
    assert quoted([f], rw) == ["€5.5 million"]
    assert "€3.5 million" in f.message


def test_a_changed_share_is_marked_with_its_unit_word():
    source = "Turnout in the mayoral vote reached 41 percent, officials said."
    rw = "Turnout in the mayoral vote reached 47 percent, officials said."
    (f,) = run(number, source, rw)
    assert quoted([f], rw) == ["47 percent"]
    assert "41 percent" in f.message


def test_a_message_names_the_counted_noun_as_written():
    source = "The storm cut power to 9,000 homes and left 14 ferries in port."
    rw = "The storm cut power to 9,000 homes and left 22 ferries in port."
    (f,) = run(number, source, rw)
    assert "14 ferries" in f.message


def test_per_before_a_period_is_a_rate_not_per_cent():
    source = "Parking in the new garage will cost $3 per hour, the council said."
    rw = "Parking in the new garage will cost $3 per day, the council said."
    (f,) = run(number, source, rw)
    assert "$3 an hour" in f.message


def test_a_range_given_as_one_end_is_found():
    source = "Repairs to the pier are expected to cost between 3 million and 5 million pounds."
    rw = "Repairs to the pier are expected to cost 5 million pounds."
    (f,) = run(number, source, rw)
    assert quoted([f], rw) == ["5 million pounds"]
    assert "range" in f.message


def test_the_top_of_a_range_given_as_a_ceiling_is_quiet():
    source = "Repairs to the pier are expected to cost between 3 million and 5 million pounds."
    rw = "Repairs to the pier are expected to cost up to 5 million pounds."
    assert run(number, source, rw) == []


def test_a_change_from_one_figure_to_another_is_no_range():
    source = "The board cut the number of weekly sailings from 30 to 18 this spring."
    rw = "The board cut weekly sailings to 18 this spring."
    assert run(number, source, rw) == []


def test_a_contradicted_figure_names_the_sources_other_figures_for_the_same_verb():
    source = (
        "The blast injured four workers at the plant, the operator said. "
        "A union official said the explosion injured seven people in all."
    )
    rw = "The blast injured 11 workers at the plant, the operator said."
    (f,) = [f for f in run(number, source, rw) if f.rewrite_span]
    assert "four workers" in f.message and "seven people" in f.message


def test_a_total_given_to_one_group_within_it_is_found():
    source = (
        "The bus left the road near Tarn on Sunday, killing five people. "
        "Three of the dead were pupils; the others were teachers."
    )
    rw = "Five pupils were killed when the bus left the road near Tarn on Sunday."
    (f,) = [f for f in run(number, source, rw) if f.rewrite_span]
    assert quoted([f], rw) == ["Five"]
    assert f.severity == "critical" and "pupils" in f.message


def test_a_total_kept_for_the_whole_group_is_quiet():
    source = (
        "The bus left the road near Tarn on Sunday, killing five people. "
        "Three of the dead were pupils; the others were teachers."
    )
    rw = "Five people were killed when the bus left the road near Tarn on Sunday."
    assert [f for f in run(number, source, rw) if f.rewrite_span] == []


def test_a_figure_borrowed_from_another_sentence_contradicts_the_clause_it_restates():
    source = (
        "Weekday ridership on the city's northern tram lines rose 6 percent in the first "
        "quarter as new timetables and longer trains drew commuters back. "
        "Separately, the operator said fares would go up by 8.9 percent in July."
    )
    rw = (
        "Weekday ridership on the city's northern tram lines rose 9 percent in the first "
        "quarter as new timetables and longer trains drew commuters back."
    )
    (f,) = [f for f in run(number, source, rw) if f.rewrite_span]
    assert quoted([f], rw) == ["9 percent"]
    assert "6 percent" in f.message


def test_a_result_given_as_the_size_of_the_change_is_found():
    source = "The audit reduced the charity's backlog to 27 cases, down from 140, it said."
    rw = "The audit reduced the charity's backlog of 140 cases by 27, it said."
    (f,) = [f for f in run(number, source, rw) if f.rewrite_span]
    assert quoted([f], rw) == ["by 27"]


def test_a_change_from_one_level_to_another_kept_is_quiet():
    source = "The audit reduced the charity's backlog to 27 cases, down from 140, it said."
    rw = "The audit reduced the charity's backlog from 140 cases to 27, it said."
    assert [f for f in run(number, source, rw) if f.rewrite_span] == []


def test_a_compound_number_word_split_by_its_hyphen_is_one_figure():
    source = "The operator cancelled 42 ferries on Monday because of the storm."
    rw = "Forty-two ferries were cancelled on Monday because of the storm, the operator said."
    assert run(number, source, rw) == []


def test_one_of_a_thing_the_source_mentions_is_not_a_new_figure():
    source = "Divers recovered a bronze helmet from the wreck, the museum said."
    rw = "Divers recovered one bronze helmet from the wreck, the museum said."
    assert run(number, source, rw) == []


def test_a_figure_the_source_writes_inside_a_misread_name_is_not_new():
    source = "Results gave Lorne 4,310 votes and Abbot 4,288."
    rw = "Lorne won 4,310 votes to 4,288 for Abbot, the results showed."
    assert [f for f in run(number, source, rw) if "never" in f.message] == []


def test_a_figure_kept_with_another_unit_is_found():
    source = "The landslide buried the road under about 12 metres of mud, engineers said."
    rw = "The landslide buried the road under about 12 feet of mud, engineers said."
    (f,) = run(number, source, rw)
    assert quoted([f], rw) == ["12 feet"]
    assert "12 metres" in f.message


def test_a_changed_multiple_is_found():
    source = "Applications to the nursing course more than doubled this year, the college said."
    rw = "Applications to the nursing course more than tripled this year, the college said."
    (f,) = run(number, source, rw)
    assert quoted([f], rw) == ["tripled"] and "doubled" in f.message


def test_a_total_given_what_the_source_says_of_part_of_it_is_found():
    source = "Forty-four pupils were sent home, six of them with burns, the school said."
    rw = "Forty-four pupils were burned, the school said."
    found = [f for f in run(number, source, rw) if f.rewrite_span]
    assert quoted(found, rw) == ["Forty-four"]


def test_no_one_is_not_a_figure():
    source = "The van struck a lamp post on Friday and no one was hurt, police said."
    rw = "The van struck a lamp post on Friday and one person was hurt, police said."
    assert quoted(run(number, source, rw), rw) == ["one"]


def test_crowns_are_a_currency_unit():
    source = "The club was fined 40,000 crowns over the crowd trouble."
    rw = "The club was fined 40,000 euros over the crowd trouble."
    (f,) = run(number, source, rw)
    assert "40,000 crowns" in f.message
