# ruff: noqa: RUF001 -- typographic quotes are data here
"""Sentence segmentation keeps exact spans and survives abbreviations, datelines, credits."""

from __future__ import annotations

from reviews.analysis.segment import split_sentences, tokens
from tests.seeds import seed_pair


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_it_keeps_abbreviations_inside_sentences():
    text = "Mr. Smith met Dr. Jones on Oct. 7 in the U.S. capital. They talked for 2.5 hours."
    assert _texts(text) == [
        "Mr. Smith met Dr. Jones on Oct. 7 in the U.S. capital.",
        "They talked for 2.5 hours.",
    ]


def test_it_does_not_split_after_initials():
    assert len(split_sentences("John F. Kennedy spoke. Then he left.")) == 2


def test_it_splits_after_us_when_a_new_sentence_starts():
    assert len(split_sentences("The troops returned to the U.S. The war was over.")) == 2


def test_it_splits_on_question_marks_and_closing_quotes():
    text = '"Is it over?" she asked. "Yes." He nodded.'
    assert _texts(text) == ['"Is it over?" she asked.', '"Yes."', "He nodded."]


def test_it_cuts_the_dateline_into_its_own_segment():
    sents = split_sentences("BAGHDAD (AP) — Three airstrikes hit. More followed.")
    assert sents[0].kind == "dateline"
    assert sents[0].text == "BAGHDAD (AP) —"
    assert sents[1].text == "Three airstrikes hit."


def test_it_marks_a_closing_credit_line():
    sents = split_sentences(
        "Strikes hit the border.\nMore were planned.\n—-\nChehayeb reported from Beirut."
    )
    assert sents[-1].kind == "credit"
    assert all(s.text != "—-" for s in sents)


def test_spans_point_at_the_exact_text_even_with_crlf():
    text = "First line here.\r\n\r\nSecond one, with U.S. forces.\r\nThird."
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert "\r" not in s.text
    assert len(split_sentences(text)) == 3


def test_it_joins_hard_wrapped_lines():
    text = (
        "The strikes on the border region came hours after an umbrella group of\n"
        "militants claimed an attack on a military base in the north of the country."
    )
    assert len(split_sentences(text)) == 1


def test_seed_source_segments_into_its_paragraph_sentences():
    source, rewrite = seed_pair()
    src = split_sentences(source)
    assert src[0].kind == "dateline"
    assert src[-1].text == "Chehayeb reported from Beirut."
    assert any(s.text.startswith("Another two were injured") for s in src)
    assert len(split_sentences(rewrite)) == 11


def test_tokens_have_spans():
    text = "Iraq’s U.S.-backed forces, $2.1 billion"
    toks = tokens(text)
    assert toks[0].text == "Iraq’s"
    assert toks[-1].text == "billion"
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_empty_and_odd_text_does_not_crash():
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []
    assert len(split_sentences("Caf\u0065\u0301 opened.\u200b Then \ufeffclosed.")) == 2


def test_any_bracketed_agency_after_an_upper_case_place_is_a_dateline():
    sents = split_sentences("LONDON (Newswire) — Sleeping less is bad. More followed.")
    assert sents[0].kind == "dateline"
    assert sents[0].text == "LONDON (Newswire) —"
    assert sents[1].text == "Sleeping less is bad."


def test_a_bracketed_name_without_a_place_and_dash_is_not_a_dateline():
    sents = split_sentences("(Mostly) quiet days followed. More came.")
    assert all(s.kind == "body" for s in sents)
