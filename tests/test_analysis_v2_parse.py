# ruff: noqa: RUF001 -- a typographic apostrophe is the point of the offsets test
"""Engine v2, stage 1: the spaCy model is chosen by setting, loaded once, and parses are cached."""

from __future__ import annotations

import pytest

from reviews.analysis.v2 import parse


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
