"""The sign-off told in words, in the browser: the header's line and each person's sign-off
panel, from nobody signed to signed off, changing in place as people act.

Rita Okafor is the assigned reviewer, Ravi a reviewer who is not assigned, Edith Marsh the
editor.
"""

from __future__ import annotations

import os
import tempfile

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.browser.conftest import assert_not_reloaded, login, mark_page
from tests.factories import ClaimFactory, ReviewFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _person(username: str, group: str, first: str = "", last: str = ""):
    user = UserFactory(username=username, first_name=first, last_name=last)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people():
    return {
        "rita": _person("rita", "Reviewers", "Rita", "Okafor"),
        "ravi": _person("ravi", "Reviewers"),
        "edith": _person("edith", "Editors", "Edith", "Marsh"),
    }


def _header(page):
    return page.locator("#review-signoff-state")


def _role(page, role: str):
    return page.locator(f'#signoff-panel .ws-role[data-role="{role}"]')


def test_the_header_and_panel_follow_the_sign_off(make_page, people):
    review = ReviewFactory(story__created_by=people["edith"], created_by=people["edith"])
    review.reviewers.add(people["rita"])
    first = ClaimFactory(review=review, text="voted 9-0")
    claim = ClaimFactory(review=review)  # later in the text: C2
    url = f"/reviews/{review.pk}/"

    # Ravi is not assigned: he reads why he cannot sign, and no button.
    ravi = make_page()
    login(ravi, "ravi")
    ravi.goto(url)
    expect(_header(ravi)).to_have_text("Nobody has signed yet: reviewer first, then editor")
    expect(_role(ravi, "reviewer").locator(".ws-cannot-sign")).to_have_text(
        "Only the assigned reviewers can sign off as reviewer: you are not assigned to this review."
    )
    expect(_role(ravi, "reviewer").locator("button")).to_have_count(0)
    ravi.screenshot(path=_screenshot_path("ravi"), full_page=True)

    # Rita sees the two pending claims by number; C2 jumps to its item.
    rita = make_page()
    login(rita, "rita")
    rita.goto(url)
    mark_page(rita)
    blockers = _role(rita, "reviewer").locator(".ws-blockers")
    expect(blockers).to_have_text("2 claims pending: C1, C2")
    blockers.get_by_role("link", name="C2").click()
    item = rita.locator(f'li[data-item="c{claim.pk}"]:not([data-lazy])')
    expect(item).to_be_focused()

    # Settling them brings the sign-off button; signing turns the panel and the header.
    for key in (f"c{claim.pk}", f"c{first.pk}"):
        blockers.locator(f'a[data-go="{key}"]').click()
        full = rita.locator(f'li[data-item="{key}"]:not([data-lazy])')
        full.get_by_label("or a link").fill("https://example.org/council-minutes")
        full.locator('[data-action="verify"]').click()
        expect(rita.locator(f'li[data-item="{key}"]')).to_have_attribute("data-verdict", "verified")
    expect(blockers).to_have_count(0)
    _role(rita, "reviewer").locator('[data-action="sign-off"]').click()
    expect(_role(rita, "reviewer").locator(".ws-signed")).to_have_text(
        "Signed by you, waiting for the editor."
    )
    expect(_header(rita)).to_have_text(
        "Reviewer signed (Rita Okafor), editor to sign (someone other than Rita Okafor)"
    )
    expect(_header(rita)).to_have_attribute("data-signoff", "partial")
    assert_not_reloaded(rita)
    rita.screenshot(path=_screenshot_path("rita-signed"), full_page=True)

    # Edith signs last: the header names both.
    edith = make_page()
    login(edith, "edith")
    edith.goto(url)
    mark_page(edith)
    _role(edith, "editor").locator('[data-action="sign-off"]').click()
    expect(_header(edith)).to_have_text(
        "Signed off by Rita Okafor (reviewer) and Edith Marsh (editor)"
    )
    expect(_header(edith)).to_have_attribute("data-signoff", "complete")
    assert_not_reloaded(edith)
    edith.screenshot(path=_screenshot_path("edith-done"), full_page=True)


def _screenshot_path(name: str) -> str:
    """Where the test leaves its screenshots for a person to look at (the temp dir)."""
    return os.path.join(tempfile.gettempdir(), f"newsdesk-signoff-{name}.png")
