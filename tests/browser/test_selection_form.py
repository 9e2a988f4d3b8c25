"""The selection form: what it offers, where it floats, and where a new item shows.

Rita, an assigned reviewer, marks text in the workspace with the mouse.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reviews.models import Claim
from tests.browser.conftest import drag_select, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_mark_as_claim_is_offered_on_rewrite_selections_only(page, review):
    login(page, "rita")
    page.goto(review.get_absolute_url())
    claim_button = page.locator('#selection-form [data-action="create-claim"]')

    assert drag_select(page, "source", "voted 7-2 on Tuesday") == "voted 7-2 on Tuesday"
    expect(page.locator("#selection-quote")).to_have_text("Source: “voted 7-2 on Tuesday”")
    expect(page.locator('#selection-form [data-action="create-highlight"]')).to_be_visible()
    expect(claim_button).to_be_hidden()
    page.keyboard.press("Escape")

    assert drag_select(page, "rewrite", "voted 9-0 on Tuesday") == "voted 9-0 on Tuesday"
    expect(claim_button).to_be_visible()
    claim_button.click()
    expect(page.locator("#ws-live")).to_have_text("Claim added; it is pending a verdict.")
    claim = Claim.objects.get(review=review)
    assert claim.quote == "voted 9-0 on Tuesday"
