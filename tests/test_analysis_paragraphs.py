"""reviews/analysis/paragraphs.py: paragraph alignment shared by the engine and the workspace."""

from __future__ import annotations

from reviews.analysis import paragraphs
from reviews.analysis.paragraphs import link_alignment, paragraph_starts, word_alignment


def test_it_reads_its_stopwords_from_the_data_file():
    assert "the" in paragraphs.STOPWORDS and "according" in paragraphs.STOPWORDS
    assert not any(w.startswith("#") for w in paragraphs.STOPWORDS)


def test_it_splits_paragraphs_after_each_run_of_newlines():
    text = "One.\n\nTwo.\nThree.\n"
    assert paragraph_starts(text) == [0, 6, 11]


def test_stopwords_alone_align_nothing():
    source = "The mayor said that it was over.\n\nGulls nested on the pier."
    rewrite = "It was said that the end was there."
    forward, _ = word_alignment(
        source, rewrite, paragraph_starts(source), paragraph_starts(rewrite)
    )
    assert forward == [None]


def test_a_link_overrides_the_words_for_its_paragraphs_only():
    base = ([0, 1], [0, 1])
    source_starts, rewrite_starts = [0, 10], [0, 10]
    # One link from rewrite offset 12 (paragraph 1) to source offset 3 (paragraph 0).
    forward, reverse = link_alignment(base, [(12, 3)], source_starts, rewrite_starts)
    assert forward == [0, 0] and reverse == [1, 1]
