"""What a person sees when an action goes stale or is refused, and the keyboard shortcuts.

Rita and Ravi are both assigned reviewers of the pool story; each works in a browser of their own.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from reviews.models import Claim
from tests.browser.conftest import assert_not_reloaded, expand_item, login, mark_page
from tests.factories import ClaimFactory, HighlightFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def pool_review(review, editor, other_reviewer):
    """The factory review with both reviewers assigned, two findings and one pending claim."""
    review.reviewers.add(other_reviewer)
    HighlightFactory(review=review, text="9-0", severity="critical", status="resolved")
    HighlightFactory(
        review=review, text="about a year", category="time", severity="major", status="suggested"
    )
    ClaimFactory(review=review, created_by=editor)
    return review


def _workspace(make_page, username: str, review):
    page = make_page()
    login(page, username)
    page.goto(review.get_absolute_url())
    expect(page.locator("#workspace")).to_be_visible()
    return page


@pytest.mark.allow_console_errors(r"status of 409 \(Conflict\)")
def test_disputing_a_claim_someone_just_verified_says_so_and_shows_the_verdict(
    make_page, pool_review
):
    claim = pool_review.claims.get()
    key = f"c{claim.pk}"
    rita = _workspace(make_page, "rita", pool_review)
    ravi = _workspace(make_page, "ravi", pool_review)

    # Both open the claim while it is pending.
    expand_item(rita, key)
    ravi_claim = expand_item(ravi, key)
    expect(ravi_claim).to_have_attribute("data-verdict", "pending")
    mark_page(ravi)

    # Rita verifies it by link...
    rita_claim = rita.locator(f'li[data-item="{key}"]')
    rita_claim.get_by_label("or a link").fill("https://example.org/council/report")
    rita_claim.locator('[data-action="verify"]').click()
    expect(rita.locator(f'li[data-item="{key}"]')).to_have_attribute("data-verdict", "verified")

    # ...and Ravi, on his stale page, disputes it.
    ravi_claim.get_by_label("Why it is disputed").fill("The report gives no figure.")
    ravi_claim.locator('[data-action="dispute"]').click()

    live = ravi.locator("#ws-live")
    expect(live).to_have_text(
        "Someone else marked this claim verified meanwhile; the page now shows its current state."
    )
    expect(live).to_have_class(re.compile(r"\bis-error\b"))
    expect(live).to_have_attribute("role", "alert")
    current = ravi.locator(f'li[data-item="{key}"]')
    expect(current).to_have_attribute("data-verdict", "verified")
    expect(current.locator('[data-field="verdict"]')).to_have_text("Verified")
    expect(current).to_contain_text("https://example.org/council/report")
    expect(ravi.locator('#ws-progress [data-count="claims"]')).to_have_text("1 / 1")
    assert_not_reloaded(ravi)

    claim.refresh_from_db()
    assert claim.verdict == Claim.Verdict.VERIFIED
    assert claim.verdict_by.username == "rita"


@pytest.mark.allow_console_errors(r"status of 400 \(Bad Request\)")
def test_a_refused_verdict_shows_its_reason_in_the_form(page, pool_review):
    claim = pool_review.claims.get()
    login(page, "rita")
    page.goto(pool_review.get_absolute_url())
    item = expand_item(page, f"c{claim.pk}")

    item.locator('[data-action="verify"]').click()
    message = "A verified claim needs evidence: select the supporting passage in the source, "
    expect(item.locator('[data-form="verify"] .form-error')).to_contain_text(message)
    expect(page.locator("#ws-live")).to_contain_text(message)
    expect(item).to_have_attribute("data-verdict", "pending")


def test_keyboard_moves_through_items_and_toggles_help(page, pool_review):
    resolved, suggested = pool_review.highlights.order_by("pk")
    claim = pool_review.claims.get()
    login(page, "rita")
    page.goto(pool_review.get_absolute_url())
    page.locator("h1").click()  # focus on the page, not in a field

    # j: the first item in risk order, focused, its mark lit.
    page.keyboard.press("j")
    first = page.locator(f'li[data-item="h{resolved.pk}"]')
    expect(first).to_be_focused()
    expect(first).to_have_class(re.compile(r"\bis-current\b"))
    expect(page.locator(f"#mark-h{resolved.pk}")).to_have_class(re.compile(r"\bis-active\b"))

    # n: the next unsettled one; j again: the claim after it; k: back.
    page.keyboard.press("n")
    expect(page.locator(f'li[data-item="h{suggested.pk}"]')).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator(f'li[data-item="c{claim.pk}"]')).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f'li[data-item="h{suggested.pk}"]')).to_be_focused()

    # a: accept the focused suggestion.
    page.keyboard.press("a")
    expect(page.locator("#ws-live")).to_have_text(
        "Finding confirmed as a problem; resolve it once the rewrite is fixed."
    )
    expect(page.locator(f'li[data-item="h{suggested.pk}"]')).to_have_attribute(
        "data-status", "open"
    )

    # v on the claim starts evidence picking; Esc leaves it.
    page.locator(f'li[data-item="c{claim.pk}"] [data-action="show"]').click()
    page.keyboard.press("v")
    expect(page.locator("#evidence-banner")).to_be_visible()
    expect(page.locator("#workspace")).to_have_class(re.compile(r"\bis-picking\b"))
    page.keyboard.press("Escape")
    expect(page.locator("#evidence-banner")).to_be_hidden()
    expect(page.locator("#workspace")).not_to_have_class(re.compile(r"\bis-picking\b"))

    # d focuses the reason for a dispute.
    page.locator(f'li[data-item="c{claim.pk}"]').focus()
    page.keyboard.press("d")
    expect(
        page.locator(f'li[data-item="c{claim.pk}"] [data-form="dispute"] [name="note"]')
    ).to_be_focused()

    # ?: the shortcuts list opens and closes.
    page.locator("h1").click()
    help_panel = page.locator("#shortcuts")
    page.keyboard.press("?")
    expect(help_panel).to_have_attribute("open", "")
    expect(help_panel.get_by_text("Next unsettled item")).to_be_visible()
    page.keyboard.press("?")
    expect(help_panel).not_to_have_attribute("open", "")
    expect(help_panel.get_by_text("Next unsettled item")).to_be_hidden()


@pytest.mark.allow_console_errors(r"status of 400 \(Bad Request\)")
def test_a_refused_action_shows_its_reason_inline_in_development_too(page, pool_review, settings):
    # With DEBUG on, django-htmx adds its debug script, which would show the 400 as the page.
    settings.DEBUG = True
    claim = pool_review.claims.get()
    login(page, "rita")
    page.goto(pool_review.get_absolute_url())
    expect(page.locator('script[src*="django-htmx"]')).to_have_count(1)
    mark_page(page)
    item = expand_item(page, f"c{claim.pk}")

    item.locator('[data-action="verify"]').click()
    message = "A verified claim needs evidence: select the supporting passage in the source, "
    expect(item.locator('[data-form="verify"] .form-error')).to_contain_text(message)
    expect(page.locator("#ws-live")).to_contain_text(message)
    expect(page.locator("#workspace")).to_be_visible()
    assert_not_reloaded(page)


def test_escape_in_the_dispute_reason_goes_back_to_the_claim_and_keeps_the_text(page, pool_review):
    claim = pool_review.claims.get()
    key = f"c{claim.pk}"
    login(page, "rita")
    page.goto(pool_review.get_absolute_url())
    page.locator(f'li[data-item="{key}"] [data-action="show"]').click()
    page.keyboard.press("d")
    reason = page.locator(f'li[data-item="{key}"] [data-form="dispute"] [name="note"]')
    expect(reason).to_be_focused()
    page.keyboard.type("The report gives no figure")

    page.keyboard.press("Escape")
    expect(page.locator(f'li[data-item="{key}"]')).to_be_focused()
    expect(reason).to_have_value("The report gives no figure")
    # Out of the field, keys are shortcuts again: d goes back to the reason, text and all.
    page.keyboard.press("d")
    expect(reason).to_be_focused()
    expect(reason).to_have_value("The report gives no figure")


def test_x_dismisses_the_focused_finding_and_the_next_one_keeps_the_focus(page, pool_review):
    resolved, suggested = pool_review.highlights.order_by("pk")
    extra = HighlightFactory(
        review=pool_review, text="anger local swimmers", category="meaning", severity="minor"
    )
    login(page, "rita")
    page.goto(pool_review.get_absolute_url())
    order = page.locator('#findings-panel [data-list="findings"] li[data-item]')
    expect(order).to_have_count(3)
    assert [order.nth(i).get_attribute("data-item") for i in range(3)] == [
        f"h{resolved.pk}",
        f"h{suggested.pk}",
        f"h{extra.pk}",
    ]
    page.locator(f'li[data-item="h{suggested.pk}"] [data-action="show"]').click()
    expect(page.locator(f'li[data-item="h{suggested.pk}"]')).to_be_focused()

    page.keyboard.press("x")
    expect(page.locator("#ws-live")).to_have_text("Finding dismissed.")
    expect(page.locator('[data-list="dismissed"]')).to_have_count(1)
    after = page.locator(f'li[data-item="h{extra.pk}"]')
    expect(after).to_be_focused()
    expect(after).to_have_class(re.compile(r"\bis-current\b"))
    suggested.refresh_from_db()
    assert suggested.status == "dismissed"

    # And again from there: after the last finding comes the first claim, as j goes.
    claim = pool_review.claims.get()
    page.keyboard.press("x")
    expect(page.locator(f'li[data-item="c{claim.pk}"]')).to_be_focused()
    expect(page.locator(f'li[data-item="h{extra.pk}"]')).to_have_attribute(
        "data-status", "dismissed"
    )
    extra.refresh_from_db()
    assert extra.status == "dismissed"
