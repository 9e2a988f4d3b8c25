"""Settling a finding: confirming a suggestion as a problem, then resolving it with the fix.

Rita, the assigned reviewer, works through an engine suggestion on the factory review.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reviews.models import Event
from tests.browser.conftest import assert_not_reloaded, login, mark_page
from tests.factories import HighlightFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_confirmed_finding_is_resolved_with_what_was_fixed_in_one_step(page, review):
    suggestion = HighlightFactory(
        review=review,
        text="about a year",
        category="time",
        severity="major",
        status="suggested",
        origin="engine",
        author=None,
    )
    key = f"h{suggestion.pk}"
    login(page, "rita")
    page.goto(review.get_absolute_url())
    mark_page(page)
    item = page.locator(f'li[data-item="{key}"]')

    # The button says what accepting means.
    item.get_by_role("button", name="Confirm as a problem").click()
    expect(page.locator("#ws-live")).to_have_text(
        "Finding confirmed as a problem; resolve it once the rewrite is fixed."
    )
    expect(item).to_have_attribute("data-status", "open")
    expect(item.get_by_role("button", name="Confirm as a problem")).to_have_count(0)

    # Right there, the resolve form: one post resolves it and says what was fixed.
    finding_urls = f"/highlights/{suggestion.pk}/"
    requests: list[tuple[str, str]] = []
    page.on(
        "request",
        lambda r: (
            requests.append((r.method, urlsplit(r.url).path)) if finding_urls in r.url else None
        ),
    )
    item.get_by_label("What was fixed (optional)").fill("Now eight months, as in the source.")
    item.get_by_label("What was fixed (optional)").press("Enter")
    expect(page.locator("#ws-live")).to_have_text("Finding resolved.")
    expect(item).to_have_attribute("data-status", "resolved")
    expect(item.locator(".ws-fixed")).to_have_text("Fixed: Now eight months, as in the source.")
    expect(page.locator('#ws-progress [data-count="findings"]')).to_have_text("1 / 1")
    status_url = reverse("highlight_status", args=[suggestion.pk])
    assert requests == [("POST", status_url)]
    assert_not_reloaded(page)

    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.resolution_note) == (
        "resolved",
        "Now eight months, as in the source.",
    )
    event = Event.objects.get(verb="highlight.resolve", object_id=suggestion.pk)
    assert event.message == "Now eight months, as in the source."


def test_enter_in_a_suggestions_dismissal_reason_dismisses_it(page, review):
    suggestion = HighlightFactory(
        review=review,
        text="about a year",
        category="time",
        severity="minor",
        status="suggested",
        origin="engine",
        author=None,
    )
    login(page, "rita")
    page.goto(review.get_absolute_url())
    item = page.locator(f'li[data-item="h{suggestion.pk}"]')
    reason = item.get_by_label("Reason for dismissing (optional)")
    reason.fill("A year is fair for eleven months.")
    reason.press("Enter")
    expect(page.locator("#ws-live")).to_have_text("Finding dismissed.")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.dismiss_reason) == (
        "dismissed",
        "A year is fair for eleven months.",
    )
