# ruff: noqa: RUF001 -- a typographic apostrophe is the point of the offsets test
"""The engine, stage 1: the spaCy model is chosen by setting, loaded once, and parses are cached."""

from __future__ import annotations

import pytest

from reviews.analysis import parse


def test_it_loads_the_model_once_per_process():
    assert parse.load_model() is parse.load_model()


def test_it_reuses_the_parse_of_an_unchanged_text():
    text = "The ferry left the harbour at dawn with forty passengers aboard."
    first = parse.parse(text)
    assert parse.parse(text) is first


def test_token_offsets_are_python_string_indices():
    text = "Zoë Brandt — the café’s owner — said the roof leaked."
    doc = parse.parse(text)
    for tok in doc:
        assert text[tok.idx : tok.idx + len(tok.text)] == tok.text


def test_an_unknown_model_fails_with_the_pip_command(monkeypatch):
    monkeypatch.setenv("NEWSDESK_NLP_MODEL", "en_core_web_nonexistent")
    with pytest.raises(parse.ModelUnavailable) as exc:
        parse.load_model()
    assert "pip install" in str(exc.value)
    assert "en_core_web_nonexistent" in str(exc.value)


def test_no_installed_model_names_the_pip_command(monkeypatch):
    monkeypatch.delenv("NEWSDESK_NLP_MODEL", raising=False)
    monkeypatch.setattr(
        parse, "MODEL_CANDIDATES", ("en_core_web_missing_a", "en_core_web_missing_b")
    )
    with pytest.raises(parse.ModelUnavailable, match="pip install spacy"):
        parse.model_name()


def test_entity_windows_surround_cues_and_stay_inside_sentences():
    doc = parse.parse(
        "The quiet valley road was closed. Crews from Halvorsen Paving arrived on Monday."
    )
    windows = parse.entity_windows(doc, context=1)
    sents = list(doc.sents)
    assert windows  # the second sentence names a company and a day
    for a, b in windows:
        assert any(s.start <= a and b <= s.end for s in sents)
    covered = {i for a, b in windows for i in range(a, b)}
    assert not covered & set(range(sents[0].start, sents[0].end))  # no cue in the first one


def test_entities_are_found_by_the_windowed_recogniser_at_exact_offsets():
    text = (
        "After a long and rather uneventful meeting that went on for most of the evening, "
        "the board of Marrowgate Holdings said on Tuesday that Priya Okonkwo-Lindqvist "
        "would step down."
    )
    doc = parse.parse(text)
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Tuesday", "DATE") in found
    assert any(label == "PERSON" and "Okonkwo" in t for t, label in found)
    for e in doc.ents:
        assert text[e.start_char : e.end_char] == e.text
    # Tokens outside every entity are marked outside, not missing.
    assert all(t.ent_iob_ in {"B", "I", "O"} for t in doc)


def test_a_lower_case_time_phrase_is_a_cue():
    doc = parse.parse("the council met last week to vote on it.")
    assert any(parse.is_entity_cue(t) for t in doc if t.lower_ == "week")
    assert not any(parse.is_entity_cue(t) for t in doc if t.lower_ in {"council", "vote"})


def test_the_attribute_rules_by_lookup_match_the_models_attribute_ruler():
    nlp = parse.load_model()
    text = (
        "She isn't sure whether the ferry that was late will sail, but it's not cancelled. "
        "They'd have gone if the 14 crew had been paid; so far, nobody is. I ain't gonna wait."
    )
    expected = nlp(text)
    got = parse._pipe(nlp, [text])[0]
    assert [(t.pos_, str(t.morph), t.lemma_, t.tag_) for t in got] == [
        (t.pos_, str(t.morph), t.lemma_, t.tag_) for t in expected
    ]


def test_rules_the_lookup_cannot_express_go_through_a_matcher_in_rule_order():
    from spacy.pipeline import AttributeRuler

    nlp = parse.load_model()
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"TAG": "NN", "LOWER": "ferry"}]], {"LEMMA": "boat"})
    ruler.add([[{"LOWER": "ferry"}, {"LOWER": "crew"}]], {"LEMMA": "vessel"})  # two tokens
    ruler.add([[{"TAG": "NN", "LOWER": {"REGEX": "^fer"}}]], {"LEMMA": "craft"})
    rules = parse.TokenRules(ruler)
    assert rules.has_rest and "NN" in rules.by_tag
    doc = nlp("The ferry crew waited.")
    for tok in doc:
        tok.lemma_ = tok.lower_
    rules(doc)
    assert doc[1].lemma_ == "craft"  # the last rule that holds wins
