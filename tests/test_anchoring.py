"""Anchoring spans: UTF-16 offsets from the browser, quotes with context, re-anchoring."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviews.anchoring import (
    AnchorError,
    anchor_selection,
    find_quote,
    index_to_utf16,
    make_anchor,
    reanchor,
    utf16_to_index,
)

EMOJI = "Fire \U0001f525 at 9 \U0001f692 then"  # two astral characters, two UTF-16 units each


def test_utf16_offsets_before_an_astral_character_equal_indices():
    assert utf16_to_index(EMOJI, 5) == 5
    assert index_to_utf16(EMOJI, 5) == 5


def test_utf16_offsets_after_an_astral_character_count_two_units():
    after_fire = EMOJI.index("at")
    assert utf16_to_index(EMOJI, after_fire + 1) == after_fire
    assert index_to_utf16(EMOJI, after_fire) == after_fire + 1
    assert index_to_utf16(EMOJI, len(EMOJI)) == len(EMOJI) + 2


def test_utf16_offset_inside_a_surrogate_pair_raises():
    with pytest.raises(AnchorError, match="inside a character"):
        utf16_to_index(EMOJI, 6)


def test_utf16_offset_past_the_end_raises():
    with pytest.raises(AnchorError, match="past the end"):
        utf16_to_index(EMOJI, len(EMOJI) + 3)


def test_utf16_offset_at_the_end_is_the_length():
    assert utf16_to_index(EMOJI, len(EMOJI) + 2) == len(EMOJI)


def test_negative_utf16_offset_raises():
    with pytest.raises(AnchorError, match="negative"):
        utf16_to_index(EMOJI, -1)


def test_index_outside_the_text_raises():
    with pytest.raises(AnchorError):
        index_to_utf16(EMOJI, -1)
    with pytest.raises(AnchorError):
        index_to_utf16(EMOJI, len(EMOJI) + 1)


def test_combining_marks_count_as_their_own_code_units():
    text = "Jose\u0301 said"  # decomposed: combining acute is one BMP code point
    assert utf16_to_index(text, 5) == 5
    assert index_to_utf16(text, 5) == 5
    assert text[utf16_to_index(text, 0) : utf16_to_index(text, 5)] == "Jose\u0301"


def test_utf16_conversion_of_empty_text():
    assert utf16_to_index("", 0) == 0
    assert index_to_utf16("", 0) == 0
    with pytest.raises(AnchorError):
        utf16_to_index("", 1)


@given(st.text(), st.data())
def test_utf16_round_trip(text, data):
    index = data.draw(st.integers(min_value=0, max_value=len(text)))
    offset = index_to_utf16(text, index)
    assert offset == len(text[:index].encode("utf-16-le")) // 2
    assert utf16_to_index(text, offset) == index


# --- anchor_selection ------------------------------------------------------------------------

TEXT = "The army said 19 were killed. Later, 19 were injured, officials said."


def _utf16_span(text: str, start: int, end: int) -> tuple[int, int]:
    return index_to_utf16(text, start), index_to_utf16(text, end)


def test_anchor_selection_at_the_exact_place():
    start = TEXT.index("19")
    a = anchor_selection(TEXT, start, start + 2, "19")
    assert (a.start, a.end, a.quote, a.state) == (start, start + 2, "19", "ok")
    assert a.prefix == TEXT[:start]
    assert a.suffix == TEXT[start + 2 : start + 2 + 32]


def test_anchor_selection_converts_utf16_offsets_after_emoji():
    text = "\U0001f525 Fire: 19 dead"
    start = text.index("19")
    s16, e16 = _utf16_span(text, start, start + 2)
    assert s16 == start + 1
    a = anchor_selection(text, s16, e16, "19")
    assert (a.start, a.end) == (start, start + 2)


def test_anchor_selection_finds_the_quote_elsewhere_by_its_context():
    # Offsets point at nothing useful; the context says it is the second "19".
    second = TEXT.rindex("19")
    a = anchor_selection(TEXT, 0, 2, "19", prefix="Later, ", suffix=" were injured")
    assert (a.start, a.end) == (second, second + 2)


def test_anchor_selection_picks_the_first_repeat_by_context():
    first = TEXT.index("19")
    a = anchor_selection(TEXT, 50, 52, "19", prefix="army said ", suffix=" were killed")
    assert a.start == first


def test_anchor_selection_with_offsets_inside_a_surrogate_pair_falls_back_to_the_quote():
    text = "\U0001f525 19 dead"
    a = anchor_selection(text, 1, 3, "19")
    assert a.start == text.index("19")


def test_anchor_selection_mismatch_raises():
    with pytest.raises(AnchorError, match="does not match"):
        anchor_selection(TEXT, 0, 3, "twenty")


@pytest.mark.parametrize(("start", "end", "quote"), [(5, 5, "x"), (6, 5, "x"), (0, 3, "  ")])
def test_anchor_selection_refuses_empty_or_reversed_selections(start, end, quote):
    with pytest.raises(AnchorError):
        anchor_selection(TEXT, start, end, quote)


def test_find_quote_prefers_the_nearest_repeat_without_context():
    second = TEXT.rindex("19")
    assert find_quote(TEXT, "19", hint=second - 3) == (second, second + 2)
    assert find_quote(TEXT, "") is None
    assert find_quote(TEXT, "absent") is None


# --- reanchor --------------------------------------------------------------------------------

OLD = "Police said 19 people were killed in the blast on Tuesday night in Halden."


def _anchor_old(quote: str):
    start = OLD.index(quote)
    return make_anchor(OLD, start, start + len(quote))


def test_reanchor_unchanged_place_is_ok():
    a = _anchor_old("killed")
    new = OLD.replace("Halden.", "Halden, officials said.")
    b = reanchor(OLD, new, a.start, a.end, a.quote, a.prefix, a.suffix)
    assert (b.start, b.end, b.state) == (a.start, a.end, "ok")


def test_reanchor_moved_text_follows_the_quote():
    a = _anchor_old("19 people were killed")
    new = "UPDATE: " + OLD
    b = reanchor(OLD, new, a.start, a.end, a.quote, a.prefix, a.suffix)
    assert b.state == "moved"
    assert new[b.start : b.end] == "19 people were killed"
    assert b.start == a.start + len("UPDATE: ")


def test_reanchor_short_quote_moves_with_its_context():
    a = _anchor_old("19")
    new = "UPDATE: " + OLD
    b = reanchor(OLD, new, a.start, a.end, a.quote, a.prefix, a.suffix)
    assert (b.state, new[b.start : b.end]) == ("moved", "19")


def test_reanchor_orphans_a_quote_that_is_gone():
    a = _anchor_old("19")
    new = OLD.replace("19", "six")
    b = reanchor(OLD, new, a.start, a.end, a.quote, a.prefix, a.suffix)
    assert b.state == "orphaned"
    assert b.quote == "19"
    assert 0 <= b.start < b.end <= len(new)


def test_reanchor_does_not_jump_to_an_unrelated_repeat_of_a_short_quote():
    a = _anchor_old("19")
    new = OLD.replace("19 people", "six people") + " Another 19 were injured."
    b = reanchor(OLD, new, a.start, a.end, a.quote, a.prefix, a.suffix)
    assert b.state == "orphaned"


def test_reanchor_orphan_is_clipped_to_a_shorter_text():
    a = _anchor_old("Halden")
    new = "Police said."
    b = reanchor(OLD, new, a.start, a.end, a.quote, a.prefix, a.suffix)
    assert b.state == "orphaned"
    assert 0 <= b.start < b.end <= len(new)
