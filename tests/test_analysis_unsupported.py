"""The engine's unsupported detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.detectors import unsupported

from ._analysis import quoted, run

SOURCE = (
    "The harbour authority reopened the northern pier on Wednesday after a month of repairs. "
    "Fishing boats returned to their berths by the afternoon."
)


def test_an_invented_sentence_is_found():
    added = "Tourism officials expect record visitor numbers at the seaside festival."
    rw = SOURCE + " " + added
    found = run(unsupported, SOURCE, rw)
    assert quoted(found, rw) == [added]


def test_supported_sentences_are_not_findings():
    rw = (
        "After a month of repairs, the northern pier was reopened by the harbour authority on "
        "Wednesday. By the afternoon fishing boats were back in their berths."
    )
    assert run(unsupported, SOURCE, rw) == []


def test_a_clause_sharing_only_a_few_words_with_the_source_is_unsupported():
    source = (
        "The town council approved the new budget on Tuesday after a long debate. "
        "The budget raises spending on roads and parks by 6 percent. "
        "Council members said the park plan would take two years."
    )
    rw = (
        "The town council approved the new budget on Tuesday after a long debate, "
        "prompting the roads and parks committee chairman to quit in protest."
    )
    found = run(unsupported, source, rw)
    assert [rw[f.rewrite_span[0] : f.rewrite_span[1]] for f in found] == [
        "prompting the roads and parks committee chairman to quit in protest"
    ]


def test_an_unsupported_clause_given_to_a_speaker_is_major():
    source = (
        "Harbourmaster Ines Calder said the east pier had held through the storm but was "
        "damaged at its far end. She said repairs would start next month."
    )
    rw = (
        "Harbourmaster Ines Calder said the east pier had held through the storm but was "
        "damaged at its far end, and blamed decades of neglect by the port authority for "
        "the cracks. She said repairs would start next month."
    )
    found = run(unsupported, source, rw)
    (f,) = [f for f in found if "blamed" in rw[f.rewrite_span[0] : f.rewrite_span[1]]]
    assert f.severity == "major"
    assert "Calder saying" in f.message
