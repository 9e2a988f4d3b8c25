"""The newsroom around the review, in the browser. A reviewer mentions the editor; the
editor's unread count rises without a reload, and the inbox takes her to the comment. A
reviewer's one key opens the riskiest item of her next review due. Rita (reviewer, assigned)
and Edith (editor) each have their own browser context.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import Comment, Review
from tests.browser.conftest import assert_not_reloaded, login, mark_page
from tests.factories import HighlightFactory, ReviewFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people_and_review(settings):
    settings.NEWSDESK_UNREAD_POLL_SECONDS = 1
    edith = UserFactory(username="edith", first_name="Edith", last_name="Ward")
    edith.groups.add(Group.objects.get(name="Editors"))
    rita = UserFactory(username="rita")
    rita.groups.add(Group.objects.get(name="Reviewers"))
    oscar = UserFactory(username="oscar")  # no role: never offered
    review = ReviewFactory(story__created_by=edith, created_by=edith)
    review.reviewers.add(rita)
    return edith, rita, oscar, review


def test_a_mention_reaches_the_editor_live_and_leads_to_the_comment(make_page, people_and_review):
    _edith, _rita, _oscar, review = people_and_review
    editor = make_page()
    login(editor, "edith")
    editor.goto("/")
    count = editor.locator("#inbox-link .unread-count")
    expect(count).to_have_text("0")
    mark_page(editor)

    reviewer = make_page()
    login(reviewer, "rita")
    reviewer.goto(review.get_absolute_url())
    box = reviewer.locator(
        "#review-thread form[data-form='comment'] textarea, form[data-form='comment'] textarea"
    ).first
    box.click()
    box.press_sequentially("Please check the vote count, @ed")
    options = reviewer.locator(".mention-list [role='option']")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("@edith")
    box.press("Enter")
    expect(box).to_have_value("Please check the vote count, @edith ")
    box.press_sequentially("thanks")
    box.evaluate("(el) => el.form.requestSubmit()")
    expect(reviewer.locator("#ws-live")).to_have_text("Comment posted.")
    comment = Comment.objects.get(body__contains="@edith")
    mention = reviewer.locator(f"#comment-{comment.pk} a.mention")
    expect(mention).to_have_text("@edith")

    # The editor's page polls the count: it rises without a reload.
    expect(count).to_have_text("1", timeout=10_000)
    assert_not_reloaded(editor)

    editor.locator("#inbox-link").click()
    editor.wait_for_url("**/notifications/")
    editor.locator(".notification-link").first.click()
    editor.wait_for_url(f"**{review.get_absolute_url()}#comment-{comment.pk}")
    target = editor.locator(f"#comment-{comment.pk}")
    expect(target).to_be_visible()
    expect(target).to_contain_text("Please check the vote count")
    expect(editor.locator("#inbox-link .unread-count")).to_have_text("0")


def test_one_key_opens_the_riskiest_item_of_the_next_review_due(make_page, people_and_review):
    _edith, rita, _oscar, review = people_and_review
    Review.objects.filter(pk=review.pk).update(due_at=timezone.now() + timedelta(hours=2))
    HighlightFactory(review=review, author=rita, text="9-0", severity="minor")
    risky = HighlightFactory(review=review, author=rita, text="about a year", severity="major")
    page = make_page()
    login(page, "rita")
    page.goto("/")
    expect(page.locator("#assigned-h")).to_be_visible()
    expect(page.locator(".assignment .due-label")).to_contain_text("Due soon")
    page.keyboard.press("n")
    page.wait_for_url(f"**/reviews/highlights/{risky.pk}/")
    expect(page.locator("h1")).to_contain_text("Finding")


def test_the_completion_list_moves_nothing_and_the_post_button_takes_the_click(
    make_page, people_and_review
):
    """The list opens over the page: the form's button stays put, so a click on it while the
    list is open (focus leaves the box, the list closes) still posts the comment."""
    _edith, _rita, _oscar, review = people_and_review
    page = make_page()
    login(page, "rita")
    page.goto(review.get_absolute_url())
    form = page.locator("#review-thread form[data-form='comment']").first
    box = form.locator("textarea")
    button = form.locator("button[type=submit]")
    # Measured once the click has scrolled the box into view: what the list moves, nothing else.
    box.click()
    before = button.bounding_box()
    box.press_sequentially("Over to you, @ed")
    expect(page.locator(".mention-list [role='option']")).to_have_count(1)
    assert button.bounding_box() == before
    button.click()
    expect(page.locator("#ws-live")).to_contain_text("Comment posted.")
    assert Comment.objects.filter(review=review, body="Over to you, @ed").exists()
