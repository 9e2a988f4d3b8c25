"""Rita edits one of her comments in two tabs: the second save is refused, her text kept.

A real Chromium, real htmx swaps: the refusal must leave what she typed in the open edit form
and show the comment as the first tab saved it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reviews.models import Comment
from tests.browser.conftest import assert_not_reloaded, login, mark_page
from tests.factories import CommentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _tab(make_page, review):
    page = make_page()
    login(page, "rita")
    page.goto(review.get_absolute_url())
    expect(page.locator("#workspace")).to_be_visible()
    return page


def _edit(page, pk: int, text: str) -> None:
    article = page.locator(f"#comment-{pk}")
    article.locator("summary", has_text="Edit").click()
    article.get_by_label("Comment").fill(text)
    article.locator('[data-action="edit-comment"]').click()


@pytest.mark.allow_console_errors(r"status of 409 \(Conflict\)")
def test_a_stale_tab_cannot_overwrite_and_keeps_the_typed_text(make_page, review, reviewer):
    comment = CommentFactory(review=review, author=reviewer, body="The count is off")
    first = _tab(make_page, review)
    second = _tab(make_page, review)
    mark_page(second)

    _edit(first, comment.pk, "The count is off: seven, not nine")
    expect(first.locator(f"#comment-{comment.pk} .ws-comment-body")).to_contain_text(
        "seven, not nine"
    )

    _edit(second, comment.pk, "Typed in the second tab")

    article = second.locator(f"#comment-{comment.pk}")
    expect(article.locator(".form-error")).to_contain_text("changed in another tab")
    expect(article.locator(".ws-comment-body")).to_contain_text("seven, not nine")
    expect(article.get_by_label("Comment")).to_have_value("Typed in the second tab")
    assert_not_reloaded(second)
    comment.refresh_from_db()
    assert comment.body == "The count is off: seven, not nine"

    # Saving again from the refreshed form is a deliberate overwrite, and goes through.
    article.locator('[data-action="edit-comment"]').click()
    expect(second.locator(f"#comment-{comment.pk} .ws-comment-body")).to_contain_text(
        "Typed in the second tab"
    )
    assert Comment.objects.get(pk=comment.pk).body == "Typed in the second tab"
