"""Predicate-level rules: reversed predicates, negated or conditional claims, quantifiers, firsts,
rate periods, figures bound to the wrong noun or predicate. Each rule has a pair that must be
flagged (with its span) and a paraphrase that must stay quiet."""

from __future__ import annotations

from reviews.analysis import Report, compare


def _hits(report: Report, rewrite: str, needle: str, category: str | None = None):
    start = rewrite.index(needle)
    end = start + len(needle)
    return [
        f
        for f in report.findings
        if f.rewrite_span
        and f.rewrite_span[0] < end
        and f.rewrite_span[1] > start
        and (category is None or f.category == category)
    ]


def _rewrite_side(report: Report):
    return [f for f in report.findings if f.rewrite_span]


# ---------------------------------------------------------------- opposite predicates

TARGET_SRC = (
    "Revenue dropped 17% to $1.46 billion, slightly above the $1.41 billion analysts had "
    "expected, according to LSEG data."
)


def test_missing_an_estimate_the_source_says_was_beaten():
    rewrite = (
        "Revenue fell 17% to $1.46 billion, missing the $1.41 billion analysts had expected, "
        "according to LSEG data."
    )
    report = compare(TARGET_SRC, rewrite)
    (f,) = _hits(report, rewrite, "missing the $1.41 billion", "meaning")
    assert f.severity == "major"
    assert "above" in f.message
    assert TARGET_SRC[f.source_span[0] : f.source_span[1]].startswith("slightly above")


def test_same_direction_in_other_words_is_quiet():
    rewrite = (
        "Revenue declined 17% to $1.46 billion, topping the $1.41 billion analysts had "
        "expected, according to LSEG data."
    )
    assert _rewrite_side(compare(TARGET_SRC, rewrite)) == []


def test_backed_where_the_source_says_spoke_against():
    source = "Dozens of residents spoke against the tax increase at the four-hour meeting."
    rewrite = "Dozens of residents backed the tax increase at the four-hour meeting."
    report = compare(source, rewrite)
    assert _hits(report, rewrite, "backed", "meaning")


# ---------------------------------------------------------------- negated or conditional claims


def test_charged_where_the_source_says_not_charged_is_critical():
    source = (
        "Tyler Moss was booked into the county jail on suspicion of murder. He had not been "
        "formally charged as of Sunday evening."
    )
    rewrite = "Tyler Moss has been charged with murder and was booked into the county jail."
    report = compare(source, rewrite)
    (f,) = _hits(report, rewrite, "charged", "meaning")
    assert f.severity == "critical"
    assert "not been formally charged" in source[f.source_span[0] : f.source_span[1]]


def test_confirmed_where_the_source_says_if_confirmed():
    source = (
        "Astronomers have detected signs of water vapor on the planet, a finding that, if "
        "confirmed, would be the first for a rocky planet."
    )
    rewrite = "Astronomers have confirmed water vapor on the planet, the first for a rocky planet."
    report = compare(source, rewrite)
    (f,) = _hits(report, rewrite, "confirmed", "meaning")
    assert f.severity == "critical"


def test_a_negation_kept_in_other_words_is_quiet():
    source = (
        "Tyler Moss was booked into the county jail on suspicion of murder. He had not been "
        "formally charged as of Sunday evening."
    )
    rewrite = (
        "Tyler Moss was booked into the county jail on suspicion of murder. As of Sunday "
        "evening he had not yet been formally charged."
    )
    assert _rewrite_side(compare(source, rewrite)) == []


# ---------------------------------------------------------------- quantifiers


def test_all_counts_where_the_source_counts_some():
    source = (
        "A federal jury convicted Denise Harlow on seven counts of wire fraud but acquitted "
        "her of two money laundering counts."
    )
    rewrite = (
        "A federal jury found Denise Harlow guilty on all counts of wire fraud and laundering."
    )
    report = compare(source, rewrite)
    fs = _hits(report, rewrite, "all counts", "meaning")
    assert fs and fs[0].severity == "critical"


def test_every_for_each_is_quiet():
    source = "The contractor will receive a bonus of $20,000 for each day the lanes reopen early."
    rewrite = "The contractor will get a $20,000 bonus for every day the lanes reopen early."
    assert _rewrite_side(compare(source, rewrite)) == []


# ---------------------------------------------------------------- firsts


def test_first_in_history_where_the_source_says_first_since():
    source = (
        "Harbor City FC beat Lakeshore United to reach the final for the first time since 2011."
    )
    rewrite = (
        "Harbor City FC beat Lakeshore United to reach the final for the first time in the "
        "club's history."
    )
    report = compare(source, rewrite)
    (f,) = _hits(report, rewrite, "first time in the club's history", "meaning")
    assert "since 2011" in f.message


def test_first_since_kept_is_quiet():
    source = (
        "Harbor City FC beat Lakeshore United to reach the final for the first time since 2011."
    )
    rewrite = "Harbor City FC reached the final for the first time since 2011, beating Lakeshore."
    assert _rewrite_side(compare(source, rewrite)) == []


# ---------------------------------------------------------------- rate periods


def test_a_month_where_the_source_says_a_year():
    source = "The tax increase will add about $96 a year to the bill for a median-value home."
    rewrite = "The tax increase will add about $96 a month to the bill for a median-value home."
    report = compare(source, rewrite)
    (f,) = _hits(report, rewrite, "$96 a month", "number")
    assert "a year" in f.message


def test_a_year_where_the_source_gives_a_total():
    source = "The three-year deal gives teachers raises totaling 14% over the life of the contract."
    rewrite = "Under the three-year deal, teachers will receive raises of 14% a year."
    report = compare(source, rewrite)
    assert _hits(report, rewrite, "14% a year", "number")


def test_same_period_in_other_words_is_quiet():
    source = "The closure will cost the county about $4 million a year in tax revenue."
    rewrite = "The county will lose about $4 million a year in tax revenue because of the closure."
    assert _hits(compare(source, rewrite), rewrite, "$4 million") == []


# ---------------------------------------------------------------- figures bound elsewhere


def test_a_figure_moved_to_another_noun():
    source = (
        "Rescue workers pulled two survivors from the mud, but a family of five, including "
        "three children, was among the dead."
    )
    rewrite = (
        "Rescuers pulled two survivors from the mud, but a family of five, including two "
        "children, was among those killed."
    )
    report = compare(source, rewrite)
    (f,) = _hits(report, rewrite, "two children", "number")
    assert "three children" in f.message


def test_a_figure_moved_to_another_predicate():
    source = "Four children have been hospitalized, and one remained in intensive care on Friday."
    rewrite = "Four children remain in intensive care, health officials said."
    report = compare(source, rewrite)
    assert _hits(report, rewrite, "Four children remain in intensive care", "meaning")


def test_a_range_is_not_a_moved_figure():
    source = "The company lowered its revenue forecast to between $5.9 billion and $6.1 billion."
    rewrite = "The company cut its revenue outlook to $5.9 billion-$6.1 billion."
    assert _rewrite_side(compare(source, rewrite)) == []


# ---------------------------------------------------------------- durations


def test_a_changed_duration_is_a_time_finding():
    source = "Teachers will return Monday, ending an 11-day strike that kept students home."
    rewrite = "Teachers will return Monday, ending a three-week strike that kept students home."
    report = compare(source, rewrite)
    assert _hits(report, rewrite, "three-week", "time")


def test_an_equal_duration_in_other_units_is_quiet():
    source = "Symptoms usually begin 14 days after exposure, officials said."
    rewrite = "Symptoms usually begin two weeks after exposure, officials said."
    assert _rewrite_side(compare(source, rewrite)) == []


# ---------------------------------------------------------------- clause-level omissions


def _dropped(report: Report, source: str, needle: str):
    start = source.index(needle)
    end = start + len(needle)
    return [
        f
        for f in report.findings
        if f.category == "omission"
        and f.source_span
        and f.source_span[0] < end
        and f.source_span[1] > start
    ]


def test_a_dropped_clause_with_a_figure():
    source = (
        "None of the infected children had received both doses of the vaccine, and 19 had "
        "received no doses at all, the district said."
    )
    rewrite = (
        "None of the infected children had received both doses of the vaccine, the district said."
    )
    report = compare(source, rewrite)
    (f,) = _dropped(report, source, "and 19 had received no doses at all")
    assert f.source_span == (source.index("and 19"), source.index(" at all") + len(" at all"))


def test_a_dropped_negated_clause_whose_predicate_the_rewrite_keeps():
    source = (
        "Police arrested a 22-year-old man after a shooting at a mall. Moss was booked into the "
        "jail on suspicion of first-degree murder. He had not been formally charged as of Sunday "
        "evening, "
        "and it was not clear whether he had a lawyer."
    )
    rewrite = (
        "A 22-year-old man has been charged with first-degree murder after a shooting at a mall, "
        "police "
        "said. Moss was booked into the jail. It was not clear whether he had a lawyer."
    )
    report = compare(source, rewrite)
    assert _dropped(report, source, "He had not been formally charged")
    assert _hits(report, rewrite, "has been charged", "meaning")


def test_a_reversed_sentence_is_reported_once():
    source = "Moss was booked on suspicion of murder but had not been formally charged on Sunday."
    rewrite = "Moss was booked on suspicion of murder and was formally charged on Sunday."
    report = compare(source, rewrite)
    assert _hits(report, rewrite, "formally charged", "meaning")
    assert [f for f in report.findings if f.category == "omission"] == []


def test_a_dropped_clause_with_a_name_and_a_first():
    source = (
        "Aldana, a former teacher who will be the city's first Latino mayor, has promised to "
        "freeze parking fees."
    )
    rewrite = "Aldana, a former teacher, has promised to freeze parking fees."
    report = compare(source, rewrite)
    assert _dropped(report, source, "who will be the city's first Latino mayor")


def test_a_paraphrased_clause_is_not_dropped():
    source = (
        "None of the infected children had received both doses of the vaccine, and 19 had "
        "received no doses at all, the district said."
    )
    rewrite = (
        "The district said none of the infected children were fully vaccinated; 19 of them had "
        "not received a single dose."
    )
    assert [f for f in compare(source, rewrite).findings if f.category == "omission"] == []


def test_a_changed_attribution_is_not_an_omission():
    source = "Witnesses told local television station KCRG that they heard at least five shots."
    rewrite = "Police said they heard at least five shots."
    report = compare(source, rewrite)
    assert [f for f in report.findings if f.category == "omission"] == []


# ---------------------------------------------------------------- speakers and names


def test_an_account_moved_from_witnesses_to_police():
    source = (
        "Police spokesperson Angela Ruiz said officers found a man with gunshot wounds. "
        "Witnesses told local television station KCRG that they heard at least five shots."
    )
    rewrite = (
        "Police spokesperson Angela Ruiz said officers found a man with gunshot wounds. "
        "Police said they heard at least five shots."
    )
    report = compare(source, rewrite)
    (f,) = _hits(report, rewrite, "Police said", "attribution")
    assert "Witnesses" in f.message


def test_a_quote_moved_from_the_resolved_speaker_to_another():
    source = (
        "Council President Maria Lindqvist said the city had no good alternative. "
        '"Nobody up here wanted to do this," she said. '
        'Mayor Helen Achebe said she was "disappointed" about the library.'
    )
    rewrite = (
        "Council President Maria Lindqvist said the city had no good alternative. "
        '"Nobody up here wanted to do this," Mayor Helen Achebe said. '
        'Mayor Helen Achebe said she was "disappointed" about the library.'
    )
    report = compare(source, rewrite)
    assert _hits(report, rewrite, "Mayor Helen Achebe said", "attribution")


def test_the_body_named_in_the_same_sentence_is_not_a_swap():
    source = (
        "The Oregon Department of Transportation will close the northbound lanes for 11 days, "
        "the agency said Thursday."
    )
    rewrite = (
        "Northbound lanes will be closed for 11 days, the Oregon Department of Transportation "
        "announced on Thursday."
    )
    assert _rewrite_side(compare(source, rewrite)) == []


def test_a_name_put_where_the_source_has_another():
    source = (
        "Sam Whitlock scored in the 19th minute. Okoro, who came on in the 71st minute, turned "
        "in a low cross from Dani Ferrer at the near post."
    )
    rewrite = (
        "Sam Whitlock scored in the 19th minute. Okoro, who came on in the 71st minute, "
        "finished a low cross from Sam Whitlock at the near post."
    )
    report = compare(source, rewrite)
    (f,) = _hits(report, rewrite, "from Sam Whitlock", "entity")
    assert "Dani Ferrer" in f.message


def test_a_relative_clause_keeps_its_subject_for_opposites():
    source = (
        "The council approved the budget after a meeting in which dozens of residents spoke "
        "against the increase."
    )
    rewrite = "Residents who spoke at the meeting largely backed the increase."
    report = compare(source, rewrite)
    assert _hits(report, rewrite, "backed", "meaning")


# ---------------------------------------------------------------- quiet where it cannot know


def test_relative_days_and_calendar_times_are_not_compared():
    source = "Police caught the gunman on Thursday morning. The company was founded last year."
    rewrite = "Police yesterday caught the gunman. The company was founded in August 2022."
    assert [f for f in compare(source, rewrite).findings if f.category == "time"] == []


def test_a_name_like_el_al_ends_a_sentence():
    from reviews.analysis.segment import split_sentences

    text = "Oman opened its airspace to El Al. Previously, the airline flew around it."
    assert len(split_sentences(text)) == 2
    assert len(split_sentences("Smith et al. Found the same.")) == 1


def test_cases_for_people_is_not_a_changed_unit_but_households_is():
    source = "Health officials said about 870 people have fallen ill. About 2,300 households left."
    rewrite = "Health officials said about 870 cases have been reported. About 2,300 people left."
    report = compare(source, rewrite)
    assert _hits(report, rewrite, "870 cases") == []
    assert _hits(report, rewrite, "2,300 people")


def test_a_negation_covers_its_verb_phrase_not_the_whole_clause():
    source = (
        "The boss admitted the company failed to get the balance right on prices as sales "
        "dropped sharply."
    )
    rewrite = "Sales dropped sharply, and the boss admitted the company got the balance wrong."
    assert [f for f in compare(source, rewrite).findings if "only says" in f.message] == []


def test_a_quotation_running_over_two_sentences_is_checked():
    source = (
        '"Measles is not mild," said Dr. Priya Raman. "Two doses of MMR are about 97% '
        'effective. That is the best protection we have."'
    )
    rewrite = (
        '"Measles is not mild," said Dr. Priya Raman. "One dose of MMR is about 97% '
        'effective. That is the best protection we have."'
    )
    report = compare(source, rewrite)
    (f,) = _hits(report, rewrite, "One dose of MMR", "quote")
    assert "two doses" in f.message.lower()


# ---------------------------------------------------------------- times of the same clause

PEAK_SRC = (
    "The river peaked at 4.8 metres shortly after 2 a.m. on Wednesday, according to the "
    "water authority. It was the highest level recorded since 1987."
)


def test_a_weekday_is_compared_with_the_weekday_of_the_same_clause():
    # The vague "shortly after" comes first in the source; the weekday is what must match.
    rewrite = "The river peaked at 4.8 metres on Friday evening, according to the water authority."
    report = compare(PEAK_SRC, rewrite)
    (f,) = _hits(report, rewrite, "on Friday evening", "time")
    assert f.severity == "major" and "Wednesday" in f.message


def test_the_same_weekday_with_a_part_of_day_stays_quiet():
    rewrite = (
        "The river peaked at 4.8 metres on Wednesday morning, according to the water authority. "
        "It was the highest level recorded since 1987."
    )
    assert _hits(compare(PEAK_SRC, rewrite), rewrite, "Wednesday", "time") == []


def test_a_vague_span_for_a_year_since_is_a_minor_time_finding():
    rewrite = (
        "The river peaked at 4.8 metres shortly after 2 a.m. on Wednesday, according to the "
        "water authority, the highest level in decades."
    )
    report = compare(PEAK_SRC, rewrite)
    (f,) = _hits(report, rewrite, "in decades", "time")
    assert f.severity == "minor" and "since 1987" in f.message


def test_a_vague_span_matching_the_source_stays_quiet():
    source = "The river peaked at 4.8 metres on Wednesday, the highest level in decades."
    rewrite = "On Wednesday the river peaked at 4.8 metres, its highest level in decades."
    assert _hits(compare(source, rewrite), rewrite, "in decades") == []


# ---------------------------------------------------------------- a clause put in a speaker's mouth

MAYOR_SRC = (
    "Mayor Ana Ruiz said the new bridge had passed every safety inspection and would open in "
    "June. She said it was too soon to say how much the repairs to the old bridge would cost. "
    "The contractor, Delmar Works, declined to comment."
)


def test_a_further_clause_the_speaker_never_said_is_an_invented_attribution():
    for rewrite, needle in [
        (
            "Mayor Ana Ruiz said the new bridge had passed every safety inspection, and blamed "
            "the previous council for years of delays.",
            "blamed the previous council",
        ),
        (
            "Mayor Ana Ruiz said the new bridge had passed every safety inspection; she accused "
            "the state of withholding funds.",
            "accused the state",
        ),
        (
            "The new bridge had passed every safety inspection and the state had withheld funds "
            "for years, Mayor Ana Ruiz said.",
            "the state had withheld funds",
        ),
    ]:
        report = compare(MAYOR_SRC, rewrite)
        (f,) = _hits(report, rewrite, needle, "attribution")
        assert f.severity == "critical" and "Ruiz" in f.message
        assert f.rewrite_span[0] > 0  # the clause, not the whole sentence


def test_a_further_clause_that_paraphrases_the_speaker_stays_quiet():
    for rewrite in [
        "Mayor Ana Ruiz said the new bridge had passed every safety inspection, and said it was "
        "too early to put a figure on the repairs to the old bridge.",
        "Mayor Ana Ruiz said the new bridge had passed every safety inspection, adding that it "
        "would open in June.",
        "Mayor Ana Ruiz said the new bridge had passed every safety inspection, while the "
        "contractor, Delmar Works, declined to comment.",
    ]:
        assert [f for f in compare(MAYOR_SRC, rewrite).findings if f.rewrite_span] == []


def test_provided_at_the_head_of_a_clause_is_a_condition():
    source = "Building could begin in 2026 if state reviews of the soil are completed on time."
    rewrite = (
        "Building could begin in 2026, provided state reviews of the soil are completed on time."
    )
    assert _rewrite_side(compare(source, rewrite)) == []


def test_provided_as_a_verb_is_not_a_condition():
    source = "Officials said the data would be published if the audit was completed."
    rewrite = "Officials provided the data after the audit was completed."
    assert _hits(compare(source, rewrite), rewrite, "the audit was completed", "meaning")


# ---------------------------------------------------------------- ranks and categories


def test_the_most_where_the_source_says_the_second_most():
    source = "He would become the second most expensive signing in the club's history."
    rewrite = "The deal makes him the most expensive signing in the club's history."
    (f,) = _hits(compare(source, rewrite), rewrite, "most expensive", "meaning")
    assert rewrite[f.rewrite_span[0] : f.rewrite_span[1]] == "most expensive"
    assert "second" in f.message


def test_a_rank_kept_in_other_words_is_quiet():
    source = "He would become the second most expensive signing in the club's history."
    rewrite = "The deal makes him the second-most expensive signing in the club's history."
    assert _rewrite_side(compare(source, rewrite)) == []


def test_a_casualty_total_given_to_one_group_is_critical():
    source = (
        "A ferry and a barge collided early Tuesday, killing three people and injuring 27. "
        "Two of the dead were passengers; the third was a deckhand on the barge."
    )
    rewrite = (
        "Three passengers were killed and 27 people hurt when a ferry collided with a barge "
        "on Tuesday morning."
    )
    report = compare(source, rewrite)
    (f,) = _hits(report, rewrite, "Three passengers were killed", "meaning")
    assert f.severity == "critical"
    assert "Two of the dead were passengers" in source[f.source_span[0] : f.source_span[1]]
    assert not [x for x in report.findings if x.category == "omission"]


def test_a_casualty_total_kept_for_the_whole_group_is_quiet():
    source = (
        "A ferry and a barge collided early Tuesday, killing three people and injuring 27. "
        "Two of the dead were passengers; the third was a deckhand on the barge."
    )
    rewrite = (
        "Three people were killed and 27 hurt when a ferry collided with a barge early Tuesday. "
        "Two of the dead were passengers and the third a deckhand on the barge."
    )
    assert _rewrite_side(compare(source, rewrite)) == []


def test_a_figure_given_what_another_figure_of_the_sentence_counts():
    source = (
        "The company had received 38 reports of heaters overheating, including six that caught "
        "fire and two that caused minor burns."
    )
    rewrite = "The company had received 38 reports of the heaters catching fire, two causing burns."
    (f,) = _hits(compare(source, rewrite), rewrite, "38 reports of the heaters catching fire")
    assert "six that caught fire" in source[f.source_span[0] : f.source_span[1]]


def test_a_figure_described_in_its_own_words_is_quiet():
    source = (
        "The company had received 38 reports of heaters overheating, including six that caught "
        "fire and two that caused minor burns."
    )
    rewrite = (
        "The company had 38 reports of the heaters running too hot, six of them catching fire "
        "and two causing minor burns."
    )
    assert _rewrite_side(compare(source, rewrite)) == []
