"""The engine, stage 3: rewrite clauses align to the source clauses that support them."""

from __future__ import annotations

from reviews.analysis.align import align, build_index
from reviews.analysis.frames import extract
from reviews.analysis.parse import parse

SOURCE = (
    "The county opened a shelter in Brookfield on Monday. "
    "Volunteers handed out blankets to 80 families. "
    "The storm knocked down power lines across the valley."
)


def aligned(rewrite):
    src, rw = extract(parse(SOURCE)), extract(parse(rewrite))
    index = build_index(src)
    return src, rw, align(src, rw, index)


def test_a_reworded_clause_aligns_to_its_source_clause():
    src, _rw, supports = aligned("Power lines across the valley were knocked down by the storm.")
    best = src.frames[supports[0].sources[0]]
    assert best.sent == 2
    assert supports[0].coverage > 0.6


def test_a_merged_sentence_draws_on_several_source_clauses():
    src, _rw, supports = aligned(
        "Volunteers gave blankets to 80 families at the Brookfield shelter the county opened."
    )
    sents = {src.frames[j].sent for s in supports for j in s.sources}
    assert {0, 1} <= sents


def test_an_invented_clause_has_low_coverage():
    _, _, supports = aligned("Investors cheered the quarterly earnings of the bakery chain.")
    assert all(s.coverage < 0.3 for s in supports)


def test_alignment_has_one_support_per_rewrite_clause():
    _, rw, supports = aligned("The storm knocked down lines. Volunteers helped families.")
    assert [s.rewrite for s in supports] == [f.index for f in rw.frames]
