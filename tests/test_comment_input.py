"""Comments: a text that shows nothing is refused, and an edit from a stale tab never overwrites.

Rita is assigned to the review and writes the comments; she has it open in two tabs.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsdesk.text import is_blank
from reviews import workflow
from reviews.models import Comment, Event
from reviews.workflow import InvalidInput, StaleEdit

HTMX = {"HX-Request": "true"}

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200b\u200c\u200d\u2060",  # zero-width (non-)joiners, word joiner
    "\ufeff",  # byte-order mark / zero-width no-break space
    " \u00a0\u3000\u2028 ",  # no-break, ideographic space, line separator
    "\u200e\u200f\u00ad",  # direction marks, soft hyphen
    "\u3164\u115f",  # Hangul fillers (letters by category, blank on screen)
    "\u2800",  # blank Braille pattern
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_it_counts_invisible_characters_as_blank(text):
    assert is_blank(text)


@pytest.mark.parametrize("text", ["a", "\u200bok", "·", "\u0301é", "\U0001f600"])
def test_it_counts_anything_visible_as_text(text):
    assert not is_blank(text)


@pytest.mark.parametrize("text", INVISIBLE)
def test_it_refuses_a_comment_of_invisible_characters(review, reviewer, text):
    # Python's own whitespace is stripped first ("empty"); the rest has no visible text.
    with pytest.raises(InvalidInput, match=r"is empty|no visible text"):
        workflow.add_comment(review=review, user=reviewer, body=text)
    assert not Comment.objects.exists() and not Event.objects.exists()


def test_it_refuses_an_edit_to_invisible_characters(review, reviewer):
    c = workflow.add_comment(review=review, user=reviewer, body="Count is wrong")
    with pytest.raises(InvalidInput, match="no visible text"):
        workflow.edit_comment(comment=c, user=reviewer, body="\u200b\u200b")
    c.refresh_from_db()
    assert c.body == "Count is wrong"


def test_it_refuses_a_dispute_whose_reason_is_invisible(review, reviewer):
    from tests.factories import ClaimFactory

    claim = ClaimFactory(review=review, text="9-0")
    with pytest.raises(InvalidInput, match="Say why"):
        workflow.set_verdict(claim=claim, user=reviewer, verdict="disputed", note="\u200b")


def test_it_answers_an_invisible_comment_with_400_and_the_reason(reviewer_client, review):
    url = reverse("review_comment_create", args=[review.pk])
    response = reviewer_client.post(url, {"body": "\u200b"}, headers=HTMX)
    assert response.status_code == 400
    assert "no visible text" in response.content.decode()
    assert not Comment.objects.exists()


# --- Two tabs ------------------------------------------------------------------------------


def _edit_form_version(html: str, pk: int) -> str:
    article = html[html.index(f'id="comment-{pk}"') :]
    marker = 'name="version" value="'
    start = article.index(marker) + len(marker)
    return article[start : article.index('"', start)]


def test_it_refuses_a_stale_edit_in_the_workflow(review, reviewer):
    c = workflow.add_comment(review=review, user=reviewer, body="First try")
    opened = c.version
    workflow.edit_comment(comment=c, user=reviewer, body="Tab one", expected_version=opened)
    events = Event.objects.count()
    with pytest.raises(StaleEdit):
        workflow.edit_comment(comment=c, user=reviewer, body="Tab two", expected_version=opened)
    c.refresh_from_db()
    assert c.body == "Tab one"
    assert Event.objects.count() == events


def test_the_workspace_edit_form_carries_the_comments_version(reviewer_client, review, reviewer):
    c = workflow.add_comment(review=review, user=reviewer, body="Hello")
    html = reviewer_client.get(review.get_absolute_url()).content.decode()
    assert _edit_form_version(html, c.pk) == c.version


def test_a_stale_htmx_edit_is_409_and_keeps_the_typed_text(reviewer_client, review, reviewer):
    c = workflow.add_comment(review=review, user=reviewer, body="Original")
    opened = c.version
    url = reverse("comment_edit", args=[c.pk])
    first = reviewer_client.post(url, {"body": "From tab one", "version": opened}, headers=HTMX)
    assert first.status_code == 200

    second = reviewer_client.post(url, {"body": "From tab <two>", "version": opened}, headers=HTMX)

    assert second.status_code == 409
    html = second.content.decode()
    assert "changed in another tab" in html
    c.refresh_from_db()
    assert c.body == "From tab one"
    # The comment comes back as it is now, its edit form open with the refused text (escaped)
    # and the current version, so saving again is a deliberate choice.
    assert f'id="comment-{c.pk}" hx-swap-oob="true"' in html
    assert "<p>From tab one</p>" in html
    assert "<textarea" in html and "From tab &lt;two&gt;</textarea>" in html
    assert _edit_form_version(html, c.pk) == c.version != opened

    again = reviewer_client.post(url, {"body": "From tab two", "version": c.version}, headers=HTMX)
    assert again.status_code == 200
    c.refresh_from_db()
    assert c.body == "From tab two"


def test_a_stale_plain_edit_is_a_409_page_with_the_typed_text(reviewer_client, review, reviewer):
    c = workflow.add_comment(review=review, user=reviewer, body="Original")
    opened = c.version
    workflow.edit_comment(comment=c, user=reviewer, body="Newer", expected_version=opened)
    url = reverse("comment_edit", args=[c.pk])

    response = reviewer_client.post(url, {"body": "Mine, typed long ago", "version": opened})

    assert response.status_code == 409
    html = response.content.decode()
    assert "changed in another tab" in html
    assert "<p>Newer</p>" in html and ">Mine, typed long ago</textarea>" in html
    c.refresh_from_db()
    assert c.body == "Newer"
