# ruff: noqa: RUF001 -- typographic quotes are data here
"""One test group per fact extractor: numbers, times, names, quotations, attributions, cues."""

from __future__ import annotations

from reviews.analysis.cues import find_cues
from reviews.analysis.facts import extract, resolve_speakers
from reviews.analysis.numbers import find_numbers, parse_number_words, same_quantity
from reviews.analysis.segment import split_sentences, tokens
from reviews.analysis.speech import find_attribution, find_quotes
from reviews.analysis.times import find_times


def _num(text: str):
    (n,) = find_numbers(text)
    return n


def _facts(text: str):
    return [extract(text, s, set()) for s in split_sentences(text)]


# ---------------------------------------------------------------- numbers


def test_it_parses_number_words():
    assert parse_number_words("three") == 3
    assert parse_number_words("a hundred") == 100
    assert parse_number_words("twenty-five") == 25
    assert parse_number_words("one hundred and twenty") == 120
    assert parse_number_words("two million") == 2_000_000
    assert parse_number_words("banana") is None


def test_digits_and_words_are_the_same_quantity():
    assert same_quantity(_num("three soldiers"), _num("3 soldiers"))
    assert same_quantity(_num("over a hundred attacks"), _num("more than 100 attacks"))
    assert not same_quantity(_num("19 militants"), _num("six militants"))


def test_money_in_both_spellings_is_equal():
    a, b = _num("$2.1 billion"), _num("2.1 billion dollars")
    assert a.kind == b.kind == "money"
    assert a.value == b.value == 2_100_000_000
    assert not same_quantity(_num("$2.1 billion"), _num("€2.1 billion"))


def test_percentages_and_points_differ():
    pct, pts = _num("a 23% increase"), _num("23 percentage points")
    assert pct.kind == pts.kind == "percent"
    assert not same_quantity(pct, pts)
    assert _num("5 per cent").value == 5


def test_qualifiers_are_recorded():
    assert _num("more than 900,000 meals").qualifier == "lower"
    assert _num("at least 14 people").qualifier == "lower"
    assert _num("about 40 homes").qualifier == "approx"
    assert _num("more than 900,000 meals").value == 900_000


def test_numbers_in_names_and_codes_are_not_counts():
    text = "The activist group Deir Ezzor 24 said the COVID-19 ward was closed."
    (sf,) = _facts(text)
    assert sf.numbers == []


def test_dates_are_times_not_numbers():
    (sf,) = _facts("The war began on Oct. 7, 2023, and killed nine people in 2019.")
    assert [n.text for n in sf.numbers] == ["nine"]
    assert {t.norm for t in sf.times} >= {"october 7 2023", "2019"}


# ---------------------------------------------------------------- times


def test_it_normalises_dates_and_relative_times():
    a = find_times("on Oct. 7 last week", 0, 19)
    b = find_times("on October 7", 0, 12)
    assert a[0].norm == b[0].norm == "october 7"
    assert a[1].norm == find_times("a week ago", 0, 10)[0].norm == "10080min earlier"
    assert not a[1].vague


def test_durations_compare_by_length():
    def norm(text: str) -> str:
        (t,) = find_times(text, 0, len(text))
        return t.norm

    assert norm("two weeks after exposure") == norm("14 days after exposure")
    assert norm("an 11-day strike") != norm("a three-week strike")
    assert norm("in the same period last year") == norm("a year earlier")
    assert find_times("a 22-year-old man", 0, 17) == []
    assert find_times("crews work 24 hours a day", 0, 25) == []
    assert find_times("for a second public library", 0, 27) == []


def test_match_periods_and_plural_weekdays_are_times():
    (t,) = find_times("saved a penalty early in the second half", 0, 40)
    assert t.norm == "early second half"
    (t,) = find_times("clinics on Saturdays through", 0, 28)
    assert t.norm == "saturday"


def test_vague_times_are_marked():
    (t,) = find_times("came shortly after the attack", 0, 29)
    assert t.vague and t.text == "shortly after"
    (t,) = find_times("Biden recently ordered", 0, 22)
    assert t.vague


def test_durations_with_number_words_normalise():
    (t,) = find_times("over the past two months", 0, 24)
    (u,) = find_times("over the past 2 months", 0, 22)
    assert t.norm == u.norm


def test_times_record_their_kind_and_long_vague_spans():
    text = "shortly after 2 a.m. on Monday, the highest since 1998, the highest in decades"
    kinds = [(t.text, t.kind, t.vague) for t in find_times(text, 0, len(text))]
    assert kinds == [
        ("shortly after", "vague", True),
        ("2 a.m.", "clock", False),
        ("on Monday", "weekday", False),
        ("1998", "year", False),
        ("in decades", "span", True),
    ]


# ---------------------------------------------------------------- entities


def test_entities_normalise_aliases():
    (sf,) = _facts("Troops from the U.S. and the United States Army met Iran-backed groups.")
    keys = [e.keys for e in sf.entities]
    assert ("us",) in keys
    assert any(k[0] == "us" for k in keys[1:])


def test_sentence_initial_common_words_are_not_names():
    text = "Overnight strikes hit. The overnight raid killed three."
    sf = [extract(text, s, {"overnight"}) for s in split_sentences(text)]
    assert sf[0].entities == []


def test_entity_titles_are_kept():
    (sf,) = _facts("President Joe Biden last week ordered strikes.")
    (e,) = sf.entities
    assert e.title == "president"
    assert "biden" in e.keys


# ---------------------------------------------------------------- quotations


def test_quotations_are_found_with_inner_spans():
    text = 'He said “we will rebuild” and "no one is safe" today.'
    qs = find_quotes(text)
    assert [q.text for q in qs] == ["we will rebuild", "no one is safe"]
    assert all(text[q.start : q.end] == q.text for q in qs)


def test_apostrophes_are_not_quotations():
    assert find_quotes("Iraq’s leader and the group’s chief met.") == []


# ---------------------------------------------------------------- attributions


def _attr(text: str):
    (s,) = split_sentences(text)
    return find_attribution(text, s, tokens(text))


def test_postposed_attribution():
    a = _attr("The strikes killed six militants, two members of Iraqi militia groups told The AP.")
    assert a.speaker == "two members of Iraqi militia groups"
    assert a.verb == "told"


def test_preposed_and_according_to_attribution():
    a = _attr("Meanwhile, the Syrian Observatory for Human Rights said the strikes hit a convoy.")
    assert "observatory" in a.keys
    b = _attr("Nineteen died, according to members of Iraqi militia groups who spoke to reporters.")
    assert b.verb == "according to"
    assert b.speaker == "members of Iraqi militia groups"


def test_inserted_attribution_ends_at_the_comma_before_the_speaker():
    a = _attr(
        "Floodwater forced about 900 residents from their homes on Friday night, emergency "
        "officials said, after three days of heavy rain across the valley."
    )
    assert a.speaker == "emergency officials"
    b = _attr("Mayor Ana Ruiz said, in a statement issued on Monday evening, that the bridge held.")
    assert b.speaker == "Mayor Ana Ruiz"


def test_vague_attribution():
    a = _attr("It is reported that a convoy was also targeted.")
    assert a.vague


def test_claimed_needs_that_to_attribute():
    assert (
        _attr("A militant group claimed an attack on a base in the north of Iraq on Monday.")
        is None
    )


def test_pronoun_speakers_resolve_to_the_last_named_speaker():
    text = "Four died, the militants said. They spoke anonymously. Two were injured, they added."
    facts = _facts(text)
    resolve_speakers(facts)
    assert facts[2].speaker_name == "the militants"


# ---------------------------------------------------------------- hedges and negations


def test_cues():
    c = find_cues(tokens("Prices may rise slightly but won't soar and did not fall."))
    assert [t.text for t in c.hedges] == ["may"]
    assert [t.text for t in c.negations] == ["won't", "not"]
    assert [t.text for t in c.weak] == ["slightly"]
    assert [t.text for t in c.strong] == ["soar"]


def test_hyphenated_money_and_periods_after_over():
    from reviews.analysis.numbers import find_numbers

    (n,) = find_numbers("the 18-cent loss")
    assert (n.kind, n.unit, n.value) == ("money", "usd", 0.18)
    (n,) = find_numbers("deliberated over two days")
    assert n.qualifier == ""
    (n,) = find_numbers("over two million meals")
    assert n.qualifier == "lower"


def test_ages_are_not_casualty_counts_and_conjunctions_bound_context():
    from reviews.analysis.facts import casualty_context

    (sf,) = _facts(
        "Police arrested a 22-year-old man after a shooting that left one dead and two wounded."
    )
    ctx = {n.text: casualty_context(sf, n) for n in sf.numbers}
    assert ctx["22"] == ""
    assert ctx["two"] == "wounded"


def test_qualified_numbers_and_scores_after_names_are_kept():
    (sf,) = _facts("At least 23 people died as Harbor City beat Lakeshore United 2-1.")
    assert [n.text for n in sf.numbers] == ["At least 23", "2", "1"]


def test_a_passive_attribution_verb_has_no_speaker():
    text = "About 1.2 million heaters sold in Canada are being recalled because of a fault."
    (sf,) = _facts(text)
    assert sf.attribution is None
    text = "The agency recalled that the heaters had a fault."
    (sf,) = _facts(text)
    assert sf.attribution is not None and sf.attribution.speaker == "The agency"


def test_over_before_a_period_noun_is_not_a_lower_bound():
    assert _num("over three admissions cycles").qualifier == ""
    assert _num("over three terms").qualifier == ""
    assert _num("over three hundred students").qualifier == "lower"


# ---------------------------------------------------------------- round-3 false alarms


def test_the_two_sides_is_not_a_count():
    assert find_numbers("urged the two sides to talk") == []
    assert [n.value for n in find_numbers("two sides of beef were sold")] == [2]


def test_a_past_decade_is_ten_years_and_a_shift_is_not_a_time():
    (a,) = find_times("blocked two mergers in the past decade.", 0, 40)
    (b,) = find_times("blocked two mergers in the past 10 years.", 0, 41)
    assert a.norm == b.norm
    assert find_times("in the past, he said", 0, 20)[0].vague
    assert find_times("The 17 night-shift workers", 0, 26) == []
    assert find_times("trapped for 17 nights", 0, 21)


def test_a_rank_number_is_not_a_negation():
    assert find_cues(tokens("world No. 14, broke serve")).negations == []
    assert find_cues(tokens("No one was hurt")).negations
