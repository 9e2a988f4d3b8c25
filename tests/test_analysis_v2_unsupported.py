"""Engine v2 unsupported detector, on sentences written for these tests."""

from __future__ import annotations

from reviews.analysis.v2.detectors import unsupported

from ._v2 import quoted, run

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
