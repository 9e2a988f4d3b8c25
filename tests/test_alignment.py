"""Aligned columns: which source paragraph each rewrite paragraph comes from, and back."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reviews import presenters
from reviews.models import Claim, Highlight
from reviews.presenters import paragraph_starts, word_alignment
from tests.factories import ReviewFactory, StoryFactory, VersionFactory

HTMX = {"HX-Request": "true"}

SOURCE = (
    "HALDEN (Nordwire) — Firefighters contained a warehouse blaze near the harbour on Sunday "
    "night after six hours, the fire brigade said.\n\n"
    "The city council approved a budget of $40 million for road repairs, with resurfacing of "
    "the ring road starting in April.\n\n"
    "Police arrested two teenagers suspected of vandalising tram shelters in the old town.\n\n"
    "The museum's new wing, designed by architect Mira Sol, opens to visitors next spring."
)
# The same four paragraphs, reworded and reordered: roads, museum, fire, police.
REWRITE = (
    "Road repairs will get $40 million from the city budget; the ring road is resurfaced from "
    "April.\n\n"
    "Architect Mira Sol designed the museum's new wing, which visitors can see next spring.\n\n"
    "A harbour warehouse blaze burned for six hours on Sunday before firefighters contained "
    "it.\n\n"
    "Two teenagers were arrested over vandalised tram shelters in the old town."
)


def test_reordered_paragraphs_align_by_their_words():
    forward, reverse = word_alignment(
        SOURCE, REWRITE, paragraph_starts(SOURCE), paragraph_starts(REWRITE)
    )
    assert forward == [1, 3, 0, 2]
    assert reverse == [2, 0, 3, 1]


def test_a_paragraph_sharing_no_word_aligns_with_nothing():
    source = "Apples ripen in autumn orchards.\n\nBridges span rivers."
    rewrite = "Bridges cross wide rivers.\n\nQuantum computers factor numbers."
    forward, reverse = word_alignment(
        source, rewrite, paragraph_starts(source), paragraph_starts(rewrite)
    )
    assert forward == [1, None]
    assert reverse == [None, 0]


def test_words_in_every_paragraph_place_nothing():
    """A word found in more than COMMON_WORD_PARAGRAPHS source paragraphs is not counted."""
    n = presenters.COMMON_WORD_PARAGRAPHS + 1
    source = "\n".join(f"Council meeting {i}." for i in range(n))
    rewrite = "The council met."
    forward, _ = word_alignment(
        source, rewrite, paragraph_starts(source), paragraph_starts(rewrite)
    )
    assert forward == [None]


@pytest.fixture
def reordered_review(editor, reviewer):
    story = StoryFactory(created_by=editor)
    source = VersionFactory(story=story, body=SOURCE)
    rewrite = VersionFactory(
        story=story, role="rewrite", body=REWRITE, origin="ai", based_on=source
    )
    review = ReviewFactory(story=story, source=source, rewrite=rewrite, created_by=editor)
    review.reviewers.add(reviewer)
    return review


def _aligned(html: str) -> dict[str, str]:
    return dict(re.findall(r'<span class="ws-para" id="([a-z]+-p\d+)" data-align="([^"]+)"', html))


def test_the_page_marks_each_paragraph_with_its_aligned_paragraph(
    reviewer_client, reordered_review
):
    html = reviewer_client.get(reordered_review.get_absolute_url()).content.decode()
    assert _aligned(html) == {
        "source-p0": "rewrite-p2",
        "source-p1": "rewrite-p0",
        "source-p2": "rewrite-p3",
        "source-p3": "rewrite-p1",
        "rewrite-p0": "source-p1",
        "rewrite-p1": "source-p3",
        "rewrite-p2": "source-p0",
        "rewrite-p3": "source-p2",
    }


def test_the_engines_links_win_over_shared_words(reviewer_client, reordered_review):
    """A claim the engine supported with a source passage, and a finding with a counterpart,
    align their paragraphs with the passage they point to, whatever words they share."""
    text, source = REWRITE, SOURCE
    claim_at = text.index("Two teenagers")
    support_at = source.index("The museum")
    Claim.objects.create(
        review=reordered_review,
        start=claim_at,
        end=claim_at + 13,
        quote=text[claim_at : claim_at + 13],
        origin="engine",
        support_start=support_at,
        support_end=support_at + 10,
    )
    at = text.index("Architect")
    other = source.index("Police")
    Highlight.objects.create(
        review=reordered_review,
        side="rewrite",
        start=at,
        end=at + 9,
        quote="Architect",
        category="entity",
        severity="minor",
        status="suggested",
        origin="engine",
        other_start=other,
        other_end=other + 6,
    )
    html = reviewer_client.get(reordered_review.get_absolute_url()).content.decode()
    aligned = _aligned(html)
    assert aligned["rewrite-p3"] == "source-p3"
    assert aligned["rewrite-p1"] == "source-p2"
    assert aligned["source-p3"] == "rewrite-p3"
    assert aligned["source-p2"] == "rewrite-p1"
    # The rest still align by their words.
    assert aligned["rewrite-p0"] == "source-p1"
    assert aligned["rewrite-p2"] == "source-p0"


def test_a_write_re_renders_a_paragraph_with_the_same_alignment(reviewer_client, reordered_review):
    text = REWRITE
    at = text.index("Two teenagers")
    data = {
        "side": "rewrite",
        "start": at,
        "end": at + 13,
        "quote": "Two teenagers",
        "category": "number",
        "severity": "minor",
    }
    url = reverse("review_highlight_create", args=[reordered_review.pk])
    html = reviewer_client.post(url, data, headers=HTMX).content.decode()
    assert '<span class="ws-para" id="rewrite-p3" data-align="source-p2" hx-swap-oob="true">' in (
        html
    )


def test_alignment_costs_the_page_no_query(
    reviewer_client, reviewer, review, django_assert_num_queries
):
    from tests.test_workspace import _populate

    _populate(review, reviewer, 12)
    presenters._WORD_ALIGNMENTS.clear()
    # The page's queries, the live poller's starting event and the header's unread count among
    # them; alignment adds none.
    with django_assert_num_queries(14):
        html = reviewer_client.get(review.get_absolute_url()).content.decode()
    assert 'id="rewrite-p0" data-align="source-p0"' in html
