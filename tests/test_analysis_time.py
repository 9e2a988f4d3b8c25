"""The engine's time detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.detectors import time

from ._analysis import quoted, run

SOURCE = "The bakery on Elm Street closed on Thursday after the owners retired."


def test_a_contradicted_weekday_is_found():
    rw = "The bakery on Elm Street closed on Friday after the owners retired."
    found = run(time, SOURCE, rw)
    assert quoted(found, rw) == ["Friday"]
    assert found[0].severity == "major"


def test_a_definite_time_made_vague_is_minor():
    rw = "The bakery on Elm Street closed recently after the owners retired."
    (f,) = run(time, SOURCE, rw)
    assert f.severity == "minor"


def test_the_same_time_is_not_a_finding():
    rw = "After the owners retired, the Elm Street bakery closed on Thursday."
    assert run(time, SOURCE, rw) == []


def test_a_changed_length_is_found_when_the_source_uses_its_unit_elsewhere():
    source = (
        "The ferry left 35 minutes after the storm warning was lifted.\n\n"
        "The crossing takes about two hours in good weather."
    )
    rewrite = "The ferry left more than an hour after the storm warning was lifted."
    found = run(time, source, rewrite)
    assert any("an hour" in f.message for f in found)


def test_a_length_the_source_gives_in_a_sentence_about_the_same_things_is_not_a_finding():
    source = (
        "Repairs began 40 minutes after the pump failed. The new pump can restart the "
        "station's water supply in under three minutes, engineers said."
    )
    rewrite = (
        "Repairs began 40 minutes after the pump failed, and engineers said the new pump "
        "restarts the station's water supply in less than three minutes."
    )
    assert not [f for f in run(time, source, rewrite) if "three minutes" in f.message]


def test_hours_a_day_is_a_rate_not_a_length():
    source = "Crews will close the tunnel for nine days and work around the clock."
    rewrite = "Crews will close the tunnel for nine days and work 24 hours a day."
    assert not run(time, source, rewrite)


def test_a_vague_word_the_source_uses_elsewhere_still_loses_the_definite_time():
    source = (
        "The mayor signed the order last week.\n\nBus fares have recently risen in two other towns."
    )
    rewrite = "The mayor recently signed the order."
    found = run(time, source, rewrite)
    assert any("recently" in f.message and f.severity == "minor" for f in found)


def test_a_calendar_reference_replaced_by_another_is_found():
    source = "The library said it would move its archive to the new wing by the end of June."
    rw = "The library said it would move its archive to the new wing by the end of the year."
    found = run(time, source, rw)
    assert any("the end of the year" in f.message for f in found)


def test_next_season_for_this_season_is_found():
    source = "Work on the stadium roof had been planned for next summer, the club said."
    rw = "Work on the stadium roof had been planned for this summer, the club said."
    assert any("this summer" in f.message for f in run(time, source, rw))


def test_a_comparison_period_or_a_part_of_day_is_not_a_moved_time():
    source = "Ticket sales rose 8% on Tuesday from a year earlier, the theatre said."
    rw = "Ticket sales rose 8% from the same period last year, the theatre said on Tuesday."
    assert run(time, source, rw) == []
    source = "The ferry ran aground early on Tuesday near the harbour mouth."
    rw = "The ferry ran aground on Tuesday morning near the harbour mouth."
    assert run(time, source, rw) == []


def test_a_sequence_adverb_does_not_replace_a_date():
    source = "The mayor signed the order on Wednesday after months of delay."
    rw = "The mayor later signed the order after months of delay."
    assert not any("where the source says" in f.message for f in run(time, source, rw))


def test_a_vague_word_does_not_replace_a_length():
    source = "The museum will reopen its east wing in three years."
    rw = "The museum will reopen its east wing soon."
    assert not any("where the source says" in f.message for f in run(time, source, rw))


def test_a_deictic_vague_word_still_replaces_a_date():
    source = "The mayor signed the order last week after months of delay."
    rw = "The mayor recently signed the order after months of delay."
    found = run(time, source, rw)
    assert any("where the source says" in f.message for f in found)


def test_a_restated_streak_of_years_is_not_a_finding():
    source = "Exports fell for a sixth consecutive year, the trade office said."
    rw = "Exports fell for the sixth year running, the trade office said."
    assert run(time, source, rw) == []


def test_a_day_moved_to_one_the_source_gives_another_event_is_found():
    source = (
        "The glacier lake overflowed shortly before dawn on Thursday, the park service said. "
        "Trails near the lake will stay shut on Friday and Saturday."
    )
    rw = (
        "The glacier lake overflowed on Friday morning, the park service said. "
        "Trails near the lake will stay shut on Friday and Saturday."
    )
    found = run(time, source, rw)
    assert quoted(found, rw) == ["Friday"]
    assert source[found[0].source_span[0] : found[0].source_span[1]] == "Thursday"


def test_a_statement_day_beside_another_clause_is_not_a_moved_day():
    source = (
        "The harbour board will close the east pier to ferries for six hours a day from next "
        "Thursday, its first closure in a decade. Cargo boats may still dock, the board said "
        "on Monday."
    )
    rw = (
        "Ferries will be barred from the east pier for six hours a day starting next Thursday, "
        "the harbour board said on Monday, its first closure in a decade."
    )
    assert run(time, source, rw) == []


def test_a_clause_with_the_source_day_among_others_is_not_a_moved_day():
    source = "Bread prices rose 4 percent in June, down from a peak of 9 percent in February."
    rw = "Bread price growth slowed from 9 percent in March to 4 percent in June."
    assert not any("June" in q for q in quoted(run(time, source, rw), rw))


def test_an_earliest_date_stated_as_firm_is_found():
    source = "The coastal road will stay shut until at least Friday, the county said."
    rw = "The coastal road will stay shut until Friday, the county said."
    found = run(time, source, rw)
    assert quoted(found, rw) == ["Friday"]
    assert "at least Friday" in found[0].message


def test_a_bound_turned_round_is_found():
    source = "Crews fought the warehouse blaze for nearly six hours on Sunday."
    rw = "Crews fought the warehouse blaze for more than six hours on Sunday."
    found = run(time, source, rw)
    assert quoted(found, rw) == ["more than six hours"]


def test_over_as_a_span_of_time_is_not_a_bound():
    source = "The trust cut 300 posts over two years, its annual report said."
    rw = "The trust cut 300 posts in two years, its annual report said."
    assert run(time, source, rw) == []
    source = "The ferry was delayed for more than a day by the storm."
    rw = "The ferry was delayed for over a day by the storm."
    assert run(time, source, rw) == []


def test_a_length_in_tens_written_as_a_word_is_the_same_length():
    source = "The old signal box had been in use for more than two decades, the railway said."
    rw = "The old signal box had been in use for more than twenty years, the railway said."
    assert run(time, source, rw) == []


def test_a_comparison_with_a_year_earlier_is_not_a_bound_on_the_time():
    source = "Rents in the city were 3 percent higher than a year earlier, the agency said."
    rw = "Rents in the city were down 3 percent from a year earlier, the agency said."
    assert not any("a year earlier" in f.message for f in run(time, source, rw))


def test_a_year_the_source_never_gives_is_found():
    source = "Grain prices at the port rose for a third month, the exchange said on Monday."
    rw = "Grain prices at the port rose to their highest since 2011, the exchange said on Monday."
    found = run(time, source, rw)
    assert quoted(found, rw) == ["2011"]


def test_a_year_the_source_gives_elsewhere_is_not_new():
    source = "The mill opened in 1921. Its owners said on Monday that it would close in March."
    rw = "The mill, open since 1921, will close in March, its owners said on Monday."
    assert run(time, source, rw) == []


def test_a_span_counted_in_no_number_for_a_definite_start_is_a_minor_finding():
    source = "The bakery has supplied the town's schools since 1987, its owner said."
    rw = "The bakery has supplied the town's schools for decades, its owner said."
    (f,) = run(time, source, rw)
    assert quoted([f], rw) == ["decades"] and f.severity == "minor"
    assert "1987" in f.message


def test_a_span_in_years_does_not_stand_for_a_clock_time_or_a_weekday():
    source = "The lifeboat left the harbour at 6 a.m. on Friday, the crew said."
    rw = "The lifeboat left the harbour on Friday, for the first time in years, the crew said."
    assert not [f for f in run(time, source, rw) if "years" in f.message]


def test_the_same_span_in_both_texts_is_quiet():
    source = "Bus fares in the valley have risen in recent years, the council said."
    rw = "The council said bus fares in the valley have risen in recent years."
    assert run(time, source, rw) == []


def test_a_span_that_measures_something_is_not_a_time():
    source = "The council closed the library in 2019 to save money, its leader said."
    rw = "The council closed the library after years of cuts to save money, its leader said."
    assert not [f for f in run(time, source, rw) if "years" in f.message]
