"""Live updates: "what changed since event N", polled by every open workspace.

Rita works on the review; Edith has it open too; Oscar has no role.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from reviews import workflow
from reviews.models import Event
from tests.test_carry_over import BLAME, MAYOR, REWRITE, _claim, _finding, make_review

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _empty_presence():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def review(editor, reviewer):
    return make_review(editor, reviewer)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _last_event(review) -> int:
    return Event.objects.filter(review=review).order_by("-pk").values_list("pk", flat=True)[0]


def _poll(client, review, since, here="", expanded=""):
    url = reverse("review_changes", args=[review.pk])
    return client.get(url, {"since": since, "here": here, "expanded": expanded}, headers=HTMX)


def _position(html: str) -> tuple[int, str]:
    since, here = re.search(r"since=(\d+)&amp;here=(\w*)", html).groups()
    return int(since), here


def test_the_page_starts_polling_at_its_newest_event(review, reviewer):
    html = _client(reviewer).get(review.get_absolute_url()).content.decode()
    assert f"?since={_last_event(review)}&amp;here=" in html
    assert 'hx-trigger="every 2s"' in html


def test_nothing_new_is_a_204_in_six_queries_whatever_the_review_holds(
    review, reviewer, django_assert_num_queries
):
    client = _client(reviewer)
    for i in range(6):
        _finding(review, reviewer, REWRITE.split()[i], category="other", severity="minor")
    since = _last_event(review)
    here = _position(_poll(client, review, since).content.decode())[1]  # learns who is here
    # The session, the user and their permissions, the review and its reviewers, the events.
    with django_assert_num_queries(6):
        response = _poll(client, review, since, here=here)
    assert response.status_code == 204


def test_another_persons_action_comes_back_as_fresh_regions(review, reviewer, editor):
    finding = _finding(review, reviewer, BLAME, category="unsupported", severity="major")
    edith = _client(editor)
    since = _last_event(review)
    _poll(edith, review, since)
    workflow.set_highlight_status(highlight=finding, user=reviewer, action="resolve")
    workflow.add_comment(review=review, user=reviewer, body="Resolved: the builder is not named.")
    response = _poll(edith, review, since, expanded=f"h{finding.pk},bogus,c")
    html = response.content.decode()
    assert response["X-Newsdesk-Live"] == "changes"
    assert f'id="finding-{finding.pk}"' in html and 'data-status="resolved"' in html
    assert "Resolved: the builder is not named." in html
    # The finding Edith had open stays open (its threads rendered), nothing else is.
    assert re.search(
        rf'<li id="finding-{finding.pk}"[^>]*data-status="resolved"(?![^>]*data-lazy)', html
    )
    assert 'id="ws-poll"' in html and f"since={_last_event(review)}" in html
    for region in (
        "findings-panel",
        "claims-panel",
        "signoff-panel",
        "review-thread",
        "col-rewrite",
    ):
        assert f'id="{region}"' in html


def test_ones_own_actions_only_move_the_poller_on(review, reviewer):
    rita = _client(reviewer)
    since = _last_event(review)
    here = _position(_poll(rita, review, since).content.decode())[1]
    _claim(review, reviewer, MAYOR)
    response = _poll(rita, review, since, here=here)
    html = response.content.decode()
    assert response["X-Newsdesk-Live"] == "position"
    assert 'id="claims-panel"' not in html
    assert _position(html)[0] == _last_event(review)


def test_it_says_who_else_is_in_the_review(review, reviewer, editor):
    rita, edith = _client(reviewer), _client(editor)
    since = _last_event(review)
    html = _poll(rita, review, since).content.decode()
    assert "Also in this review" not in html
    _poll(edith, review, since)
    html = _poll(rita, review, since, here=_position(html)[1]).content.decode()
    assert "Also in this review: edith" in html
    assert _poll(rita, review, since, here=_position(html)[1]).status_code == 204


def test_a_superseded_page_learns_of_the_new_review_and_stops_polling(review, reviewer, editor):
    rita = _client(reviewer)
    since = _last_event(review)
    new = workflow.add_rewrite_version(
        story=review.story,
        user=editor,
        data=workflow.VersionInput(body="UPDATE: " + REWRITE, origin="staff"),
    )
    html = _poll(rita, review, since).content.decode()
    assert "A newer rewrite version superseded this review" in html
    assert f'href="{reverse("review_workspace", args=[new.pk])}"' in html
    poller = re.search(r'<div id="ws-poll"[^>]*>', html).group()
    assert "hx-trigger" not in poller


def test_an_outsider_cannot_poll(review, outsider):
    assert _poll(_client(outsider), review, 0).status_code == 404
