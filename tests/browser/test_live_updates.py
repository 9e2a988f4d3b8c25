"""Two people in one review: each sees the other's actions within seconds, without a reload,
and what they were typing stays where it was.

Rafael (reviewer) works on the demo review; Esther (editor) has it open beside him.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from newsdesk import demo
from reviews.models import Review
from tests.browser.conftest import assert_not_reloaded, login, mark_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# A poll every 2 s, plus the time to answer and swap.
WITHIN = 3_000


@pytest.fixture
def demo_review() -> Review:
    call_command("loaddemo", stdout=StringIO())
    return Review.objects.get(story__title=demo.TITLE)


def test_the_other_workspace_sees_an_accept_and_a_comment(make_page, demo_review):
    finding = demo_review.highlights.get(quote="2,100")
    rafael, esther = make_page(), make_page()
    login(rafael, "reviewer", "newsdesk-reviewer")
    login(esther, "editor", "newsdesk-editor")
    url = f"/reviews/{demo_review.pk}/"
    rafael.goto(url)
    esther.goto(url)
    mark_page(esther)
    draft = esther.locator('#review-thread form[data-form="comment"] textarea')
    draft.fill("Half-written note to the desk")
    expect(esther.locator("#ws-presence")).to_have_text(
        "Also in this review: Rafael Okoye", timeout=WITHIN
    )

    rafael.locator(f'li[data-item="h{finding.pk}"] [data-action="accept"]').click()
    expect(rafael.locator(f'li[data-item="h{finding.pk}"]')).to_have_attribute(
        "data-status", "open"
    )
    rafael.locator('#review-thread form[data-form="comment"] textarea').fill(
        "Head count confirmed wrong."
    )
    rafael.locator('#review-thread [data-action="comment"]').click()
    expect(rafael.locator("#review-thread")).to_contain_text("Head count confirmed wrong.")

    expect(esther.locator(f'li[data-item="h{finding.pk}"]')).to_have_attribute(
        "data-status", "open", timeout=WITHIN
    )
    expect(esther.locator("#review-thread")).to_contain_text(
        "Head count confirmed wrong.", timeout=WITHIN
    )
    expect(esther.locator('#review-thread form[data-form="comment"] textarea')).to_have_value(
        "Half-written note to the desk"
    )
    assert_not_reloaded(esther)
