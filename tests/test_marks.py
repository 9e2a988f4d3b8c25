"""Marks: segments over overlapping spans, escaping, and UTF-16 offsets from the browser."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from reviews.anchoring import index_to_utf16
from reviews.models import Highlight
from reviews.presenters import FindingView, Span, build_paragraphs, build_segments
from tests.factories import ReviewFactory, StoryFactory, VersionFactory

HTMX = {"HX-Request": "true"}


def _finding(pk: int, severity: str = "major", status: str = "open") -> FindingView:
    h = SimpleNamespace(
        pk=pk,
        category="number",
        severity=severity,
        status=status,
        get_category_display=lambda: "Number",
        get_status_display=lambda: status.capitalize(),
    )
    return FindingView(h, pk)  # type: ignore[arg-type]


def test_segments_cover_the_text_exactly():
    text = "abcdefghij"
    a, b = _finding(1), _finding(2)
    segments = build_segments(text, [Span(2, 6, "h", a), Span(4, 8, "h", b)])
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.hids) for s in segments] == [
        ("ab", ""),
        ("cd", "1"),
        ("ef", "1 2"),
        ("gh", "2"),
        ("ij", ""),
    ]


def test_nested_spans_and_a_label_only_where_each_starts():
    text = "0123456789"
    outer, inner = _finding(1, "minor"), _finding(2, "critical")
    segments = build_segments(text, [Span(0, 10, "h", outer), Span(3, 5, "h", inner)])
    by_text = {s.text: s for s in segments}
    assert by_text["012"].tag.startswith("#1") and by_text["012"].anchor == "mark-h1"
    assert by_text["34"].tag.startswith("#2") and "sev-critical" in by_text["34"].cls
    assert by_text["56789"].tag == ""
    assert "multi" in by_text["34"].cls


def test_where_findings_overlap_the_tag_names_the_finding_that_gives_the_colour():
    text = "0123456789"
    outer, inner = _finding(1, "critical"), _finding(2, "minor")
    segments = build_segments(text, [Span(0, 10, "h", outer), Span(3, 5, "h", inner)])
    by_text = {s.text: s for s in segments}
    # The minor finding starts inside the critical one: the colour stays the critical one's, and
    # so does the tag, which says two findings cover the text and that #2 starts here.
    assert "sev-critical" in by_text["34"].cls and "multi" in by_text["34"].cls
    assert by_text["34"].tag == "#1 NUM!! \N{MULTIPLICATION SIGN}2 +#2"
    assert (
        by_text["34"].title == "#1 Number, critical finding, open; #2 Number, minor finding, open"
    )
    assert by_text["34"].label == f"{by_text['34'].title}: 34"
    assert by_text["56789"].tag == ""


def test_a_colour_that_changes_inside_a_mark_is_named_where_it_changes():
    text = "0123456789"
    first, second = _finding(1, "critical"), _finding(2, "minor")
    segments = build_segments(text, [Span(0, 5, "h", first), Span(3, 10, "h", second)])
    by_text = {s.text: s for s in segments}
    assert by_text["012"].tag == "#1 NUM!!"
    assert by_text["34"].tag == "#1 NUM!! \N{MULTIPLICATION SIGN}2 +#2"
    # #1 ends: the mark takes #2's colour, and its tag says so.
    assert "sev-minor" in by_text["56789"].cls and "multi" not in by_text["56789"].cls
    assert by_text["56789"].tag == "#2 NUM"
    assert by_text["56789"].label == "#2 Number, minor finding, open: 56789"


def test_every_mark_carries_an_aria_label_of_what_covers_it():
    segments = build_segments(
        "abcdef", [Span(0, 4, "h", _finding(1)), Span(2, 6, "d", _finding(2))]
    )
    assert [s.label for s in segments] == [
        "#1 Number, major finding, open: ab",
        "#1 Number, major finding, open: cd",
        "#2 Number, major finding, open: ef",
    ]


def test_a_paragraph_reads_the_same_on_the_page_and_re_rendered_alone():
    text = "one two three\n\nfour five six\n"
    a, b = _finding(1, "critical"), _finding(2, "minor")
    spans = [Span(4, 20, "h", a), Span(8, 24, "h", b)]
    whole = build_paragraphs(text, spans)
    alone = build_paragraphs(text, spans, only=[1])
    assert alone[0].segments == whole[1].segments
    # The mark that runs on into the second paragraph is named again there.
    assert whole[1].segments[0].tag == "#1 NUM!! \N{MULTIPLICATION SIGN}2"


def test_engine_suggestions_say_suggested():
    segments = build_segments("abc", [Span(0, 3, "h", _finding(1, status="suggested"))])
    assert "suggested" in segments[0].tag
    assert "st-suggested" in segments[0].cls


def test_out_of_range_and_empty_spans_are_ignored():
    text = "abc"
    segments = build_segments(text, [Span(2, 99, "h", _finding(1)), Span(1, 1, "h", _finding(2))])
    assert "".join(s.text for s in segments) == text
    assert [s.hids for s in segments] == ["", "1"]


def test_many_spans_stay_fast():
    text = "word " * 5000
    spans = [Span(i * 50, i * 50 + 30, "h", _finding(i + 1)) for i in range(400)]
    segments = build_segments(text, spans)
    assert "".join(s.text for s in segments) == text


@pytest.fixture
def emoji_review(editor, reviewer):
    story = StoryFactory(created_by=editor)
    source = VersionFactory(story=story, body="Fans cheered 19 times at <b>the</b> game.")
    rewrite = VersionFactory(
        story=story,
        role="rewrite",
        body="Fans 😀 cheered <b>19</b> times & more 😀 cheered.",
        origin="ai",
        based_on=source,
    )
    review = ReviewFactory(story=story, source=source, rewrite=rewrite, created_by=editor)
    review.reviewers.add(reviewer)
    return review


def test_marks_escape_the_text(reviewer_client, emoji_review):
    Highlight.objects.create(
        review=emoji_review,
        side="rewrite",
        start=emoji_review.rewrite.body.index("<b>19</b>"),
        end=emoji_review.rewrite.body.index("<b>19</b>") + 9,
        quote="<b>19</b>",
        category="number",
        severity="critical",
    )
    html = reviewer_client.get(emoji_review.get_absolute_url()).content.decode()
    assert "<b>19</b>" not in html
    assert "&lt;b&gt;19&lt;/b&gt;</mark>" in html
    assert 'aria-label="#1 Number, critical finding, open: &lt;b&gt;19&lt;/b&gt;"' in html
    assert "&amp; more" in html


def test_a_selection_after_an_emoji_anchors_by_utf16_offsets(reviewer_client, emoji_review):
    text = emoji_review.rewrite.body
    start = text.index("cheered")  # the first one, after one emoji
    assert index_to_utf16(text, start) == start + 1  # the emoji is two UTF-16 units
    data = {
        "side": "rewrite",
        "start": start + 1,
        "end": start + 1 + len("cheered"),
        "quote": "cheered",
        "prefix": text[:start],
        "suffix": text[start + 7 : start + 39],
        "category": "meaning",
        "severity": "minor",
    }
    response = reviewer_client.post(
        reverse("review_highlight_create", args=[emoji_review.pk]), data, headers=HTMX
    )
    assert response.status_code == 200
    h = Highlight.objects.get()
    assert (h.start, h.end, h.quote) == (start, start + 7, "cheered")


def test_a_selection_after_the_second_emoji_picks_the_second_repeat(reviewer_client, emoji_review):
    text = emoji_review.rewrite.body
    start = text.rindex("cheered")
    data = {
        "side": "rewrite",
        "start": index_to_utf16(text, start),
        "end": index_to_utf16(text, start + 7),
        "quote": "cheered",
        "category": "meaning",
        "severity": "minor",
    }
    response = reviewer_client.post(
        reverse("review_highlight_create", args=[emoji_review.pk]), data, headers=HTMX
    )
    assert response.status_code == 200
    assert Highlight.objects.get().start == start


def test_code_point_offsets_off_by_the_emoji_still_fail_cleanly(reviewer_client, emoji_review):
    """Offsets that land inside the emoji's surrogate pair are refused unless the quote is found."""
    data = {
        "side": "rewrite",
        "start": 6,
        "end": 9,
        "quote": "zzz",
        "category": "meaning",
        "severity": "minor",
    }
    response = reviewer_client.post(
        reverse("review_highlight_create", args=[emoji_review.pk]), data, headers=HTMX
    )
    assert response.status_code == 400
    assert not Highlight.objects.exists()
