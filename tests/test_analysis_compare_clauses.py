"""Clause-level behaviour of ``compare``: durations, times of the same clause, a clause put in a
speaker's mouth, negation and condition scope, each as a pair that must be flagged (with its
span) or a paraphrase that must stay quiet, on sentences written for these tests."""

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


# ---------------------------------------------------------------- durations


def test_an_equal_duration_in_other_units_is_quiet():
    source = "Symptoms usually begin 14 days after exposure, officials said."
    rewrite = "Symptoms usually begin two weeks after exposure, officials said."
    assert _rewrite_side(compare(source, rewrite)) == []


# ---------------------------------------------------------------- clause-level omissions


def test_a_reversed_sentence_is_reported_once():
    source = "Moss was booked on suspicion of murder but had not been formally charged on Sunday."
    rewrite = "Moss was booked on suspicion of murder and was formally charged on Sunday."
    report = compare(source, rewrite)
    assert _hits(report, rewrite, "formally charged", "meaning")
    assert [f for f in report.findings if f.category == "omission"] == []


# ---------------------------------------------------------------- quiet where it cannot know


def test_relative_days_and_calendar_times_are_not_compared():
    source = "Police caught the gunman on Thursday morning. The company was founded last year."
    rewrite = "Police yesterday caught the gunman. The company was founded in August 2022."
    assert [f for f in compare(source, rewrite).findings if f.category == "time"] == []


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
    assert f.severity == "minor" and "1987" in f.message


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
