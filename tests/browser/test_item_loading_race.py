"""An action on a finding while that finding is loading in full.

A compact finding holds its Confirm and Dismiss buttons; "Show" (or j/k) loads the item in full
and swaps it in place. Rita clicks Show and at once Confirm: whichever answer lands first, the
page must end up showing what the server did, and the next action on the item must work.
The network is held with Playwright's routing so that each order happens every time.
"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_not_reloaded, login, mark_page
from tests.factories import HighlightFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def suggestion(review):
    return HighlightFactory(
        review=review, text="about a year", category="time", severity="major", status="suggested"
    )


def _hold(page, url: str, method: str, *, ask_now: bool = False) -> list:
    """Hold every `method` request to `url` until the test lets it go (_release). `ask_now`:
    the server answers at once, and the page gets that answer only when it is let go."""
    held: list = []

    def handler(route):
        if route.request.method != method:
            route.continue_()
        elif ask_now:
            response = route.fetch()
            held.append(lambda: route.fulfill(response=response))
        else:
            held.append(route.continue_)

    page.route(url, handler)
    return held


def _wait_for(page, held: list, what: str) -> None:
    deadline = time.monotonic() + 10
    while not held:
        assert time.monotonic() < deadline, f"no {what} request was made"
        page.wait_for_timeout(10)


def _release(page, held: list, path: str) -> None:
    """Let the held request go and wait until the page has handled its answer."""
    with page.expect_event("requestfinished", lambda r: r.url.endswith(path)):
        held.pop()()
    page.wait_for_timeout(100)  # htmx swaps on load, settles 20 ms later


@pytest.mark.parametrize("first", ["load", "action"])
def test_accepting_a_finding_while_it_loads_in_full_shows_the_result(page, suggestion, first):
    key = f"h{suggestion.pk}"
    detail = reverse("highlight_detail", args=[suggestion.pk])
    status = reverse("highlight_status", args=[suggestion.pk])
    login(page, "rita")
    page.goto(suggestion.review.get_absolute_url())
    mark_page(page)
    loads = _hold(page, f"**{detail}", "GET", ask_now=True)
    actions = _hold(page, f"**{status}", "POST")

    item = page.locator(f'li[data-item="{key}"]')
    expect(item).to_have_attribute("data-lazy", detail)
    item.locator('[data-action="show"]').click()
    _wait_for(page, loads, "load")
    item.locator('[data-action="accept"]').click()
    _wait_for(page, actions, "accept")

    # The load was read before the accept was written; the page gets the answers in either order.
    if first == "load":
        _release(page, loads, detail)
        _release(page, actions, status)
    else:
        _release(page, actions, status)
        _release(page, loads, detail)

    expect(page.locator("#ws-live")).to_have_text(
        "Finding confirmed as a problem; resolve it once the rewrite is fixed."
    )
    item = page.locator(f'li[data-item="{key}"]')
    expect(item).to_have_attribute("data-status", "open")
    expect(item.locator('[data-field="status"]')).to_have_text("Open")
    expect(item).not_to_have_attribute("data-lazy", detail)
    expect(page.locator('#ws-progress [data-count="blocking"]')).to_contain_text(
        "1 item still blocks"
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "open"

    # The page shows the item as it is: its next action is not refused as stale.
    page.unroute(f"**{detail}")
    page.unroute(f"**{status}")
    item.locator('[data-action="resolve"]').click()
    expect(page.locator("#ws-live")).to_have_text("Finding resolved.")
    expect(item).to_have_attribute("data-status", "resolved")
    assert_not_reloaded(page)
