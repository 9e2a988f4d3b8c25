"""Newsdesk on a phone (390 x 844): no page scrolls sideways, and the review workspace shows the
source or the rewrite, switched with two buttons, instead of stacking both texts into one column.
The data is the demo newsroom (`loaddemo`) with a due date and a mention carrying a long link,
as a reviewer would paste one.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from newsdesk import demo
from reviews import workflow
from reviews.models import Review
from reviews.workflow.assignments import assign
from reviews.workflow.claims import set_verdict
from reviews.workflow.highlights import set_highlight_status
from reviews.workflow.signoff import sign_off
from tests.browser.conftest import expand_item, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}
LINK = "https://example.org/nordwire/2026/12/03/tarn-river-flood-carrick-falls-evacuations-live"

# The elements reaching past the viewport's right edge (fixed ones aside): named in a failure.
_OVERFLOW_JS = """
() => ({
  width: document.documentElement.scrollWidth,
  wide: Array.from(document.querySelectorAll("body *"))
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5
      && getComputedStyle(e).position !== "fixed")
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
})
"""


@pytest.fixture
def newsroom() -> Review:
    call_command("loaddemo", stdout=StringIO())
    review = Review.objects.get(story__title=demo.TITLE)
    editor = User.objects.get(username="editor")
    reviewer = User.objects.get(username="reviewer")
    assign(
        review=review,
        user=editor,
        reviewers=[reviewer],
        due_at=timezone.now() + timedelta(hours=3),
    )
    workflow.add_comment(
        review=review,
        user=reviewer,
        body=f"@editor the rewrite says 2,100 residents, the wire about 1,200: {LINK}",
    )
    return review


def _sign_off(review: Review) -> None:
    """Settle every finding and claim of the demo review, then sign it off as both roles."""
    reviewer = User.objects.get(username="reviewer")
    for h in review.highlights.order_by("pk"):
        for action in ("accept", "resolve"):
            set_highlight_status(
                highlight=review.highlights.get(pk=h.pk), user=reviewer, action=action
            )
    for c in review.claims.order_by("pk"):
        set_verdict(claim=c, user=reviewer, verdict="verified", evidence_url=LINK)
    for username, role in (("reviewer", "reviewer"), ("editor", "editor")):
        sign_off(
            review=Review.objects.get(pk=review.pk),
            user=User.objects.get(username=username),
            role=role,
            statement="I checked this rewrite against its source.",
        )


def _phone_page(make_page, username: str):
    page = make_page()
    page.set_viewport_size(PHONE)
    login(page, username, f"newsdesk-{username}")
    return page


def _assert_fits(page, url: str, width: int = PHONE["width"]) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    found = page.evaluate(_OVERFLOW_JS)
    assert found["width"] <= width, f"{url} scrolls sideways at {width} px: {found}"


def test_no_page_scrolls_sideways_on_a_phone(make_page, newsroom):
    story = newsroom.story
    editor = _phone_page(make_page, "editor")
    for url in (
        "/",
        story.get_absolute_url(),
        f"/stories/{story.slug}/reviews/{newsroom.pk}/record/",
        "/notifications/",
        "/search/?q=residents",
        newsroom.get_absolute_url(),
    ):
        _assert_fits(editor, url)
    # The pages hold what they should: the mention with its link (cut short, still one long
    # unbroken word), a search hit.
    editor.goto("/notifications/")
    expect(editor.locator(".notification-message")).to_contain_text(LINK[:50])
    editor.goto("/search/?q=residents")
    expect(editor.locator(".search-hit")).to_have_count(1)

    reviewer = _phone_page(make_page, "reviewer")
    for url in ("/queue/", "/", newsroom.get_absolute_url()):
        _assert_fits(reviewer, url)
    reviewer.goto("/queue/")
    expect(reviewer.locator(".assignment")).to_have_count(1)

    # Signed off: the story and the record gain their sign-off tables and verified evidence.
    _sign_off(newsroom)
    record = f"/stories/{story.slug}/reviews/{newsroom.pk}/record/"
    for url in (story.get_absolute_url(), record, newsroom.get_absolute_url()):
        _assert_fits(editor, url)
    editor.goto(record)
    expect(editor.locator(".record-status.valid")).to_be_visible()
    expect(editor.locator("table.signoffs tbody tr")).to_have_count(2)


def test_no_list_page_scrolls_sideways_on_a_tablet(make_page, newsroom):
    """Between the phone layout and the dashboard table's natural width (about 806 px) the
    tables turn into cards too, rather than widening the page."""
    story = newsroom.story
    page = make_page()
    login(page, "editor", "newsdesk-editor")
    _sign_off(newsroom)
    for width in (700, 800):
        page.set_viewport_size({"width": width, "height": 1000})
        for url in (
            "/",
            story.get_absolute_url(),
            f"/stories/{story.slug}/reviews/{newsroom.pk}/record/",
        ):
            _assert_fits(page, url, width)
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    expect(page.locator("table.stack thead").first).to_be_visible()


def _side_button(page, name: str):
    return page.get_by_role("group", name="Text shown").get_by_role("button", name=name)


def _shown(page) -> list[str]:
    """Which text columns are displayed."""
    return page.evaluate(
        """() => ["source", "rewrite"].filter(
            (side) => document.getElementById(`col-${side}`).getClientRects().length > 0)"""
    )


def _expect_shown(page, side: str) -> None:
    """Only `side`'s text column is displayed (waiting for the switch, as expect does)."""
    other = "rewrite" if side == "source" else "source"
    expect(page.locator(f"#col-{side}")).to_be_visible()
    expect(page.locator(f"#col-{other}")).to_be_hidden()


def test_the_workspace_shows_one_text_at_a_time_on_a_phone(make_page, newsroom):
    page = _phone_page(make_page, "reviewer")
    page.goto(newsroom.get_absolute_url())
    expect(page.get_by_role("group", name="Text shown")).to_be_visible()
    source = _side_button(page, "Source")
    rewrite = _side_button(page, "Rewrite")
    expect(rewrite).to_have_attribute("aria-pressed", "true")
    expect(source).to_have_attribute("aria-pressed", "false")
    _expect_shown(page, "rewrite")

    source.click()
    expect(source).to_have_attribute("aria-pressed", "true")
    expect(rewrite).to_have_attribute("aria-pressed", "false")
    _expect_shown(page, "source")
    expect(page.locator("#col-source .ws-body")).to_contain_text("about 1,200 residents")

    # The choice holds for this review in this tab.
    page.reload()
    expect(source).to_have_attribute("aria-pressed", "true")
    _expect_shown(page, "source")

    rewrite.click()
    _expect_shown(page, "rewrite")
    # The findings and claims are a tap away, below the text.
    page.get_by_role("link", name="Findings and claims").click()
    expect(page.locator("#findings-h")).to_be_in_viewport()


def test_the_workspace_turns_to_the_text_an_action_needs(make_page, newsroom):
    """Showing a finding turns to the side it marks; picking evidence turns to the source."""
    finding = newsroom.highlights.filter(side="source").order_by("pk").first()
    claim = newsroom.claims.order_by("pk").first()
    page = _phone_page(make_page, "reviewer")
    page.goto(newsroom.get_absolute_url())
    _expect_shown(page, "rewrite")

    item = page.locator(f'li[data-item="h{finding.pk}"]')
    item.locator('[data-action="show"]').click()
    _expect_shown(page, "source")
    expect(
        page.locator(f'#col-source mark[data-highlight-ids~="{finding.pk}"]').first
    ).to_be_visible()

    _side_button(page, "Rewrite").click()
    _expect_shown(page, "rewrite")
    expand_item(page, f"c{claim.pk}").locator('[data-action="pick-evidence"]').click()
    expect(page.locator("#evidence-banner")).to_be_visible()
    _expect_shown(page, "source")


def test_wider_screens_keep_both_texts_side_by_side(make_page, newsroom):
    page = make_page()
    login(page, "reviewer", "newsdesk-reviewer")
    page.set_viewport_size(PHONE)
    page.goto(newsroom.get_absolute_url())
    _side_button(page, "Source").click()
    _expect_shown(page, "source")

    page.set_viewport_size(DESKTOP)
    expect(page.get_by_role("group", name="Text shown")).to_be_hidden()
    assert _shown(page) == ["source", "rewrite"]
    source_box = page.locator("#col-source").bounding_box()
    rewrite_box = page.locator("#col-rewrite").bounding_box()
    assert source_box["y"] == rewrite_box["y"]
    assert source_box["x"] + source_box["width"] <= rewrite_box["x"]
