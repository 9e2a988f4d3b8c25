"""An editor imports a pair on the New story page and works through the engine's suggestions.

Two paths to the findings: the immediate task backend (the engine has run by the time the
workspace opens) and the database backend, where the workspace shows "Analysing…" and polls until
a worker has run the engine, then swaps the findings in without a reload.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from reviews.models import Review
from tests.browser.conftest import assert_not_reloaded, expand_item, login, mark_page
from tests.seeds import REPO_ROOT, seed_pair

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAIRS = REPO_ROOT / "tests" / "fixtures" / "pairs"


def _import_pair(page, title: str, source: str, rewrite: str) -> None:
    """Fill in the New story page by pasting both texts, and submit it."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New story")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Desk").fill("World")
    page.get_by_label("Source text").fill(source)
    page.get_by_label("Agency or writer").fill("AP")
    page.get_by_label("Rewrite text").fill(rewrite)
    page.get_by_label("Rewrite origin").select_option("ai")
    page.get_by_label("Writer or AI model").fill("test-model")
    page.get_by_role("button", name="Create story and open review").click()
    expect(page).to_have_url(re.compile(r"/reviews/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review: {title}")


def _suggestions(page):
    return page.locator('#findings-panel [data-list="findings"] li[data-status="suggested"]')


def _accept_one_and_dismiss_another(page) -> None:
    suggestions = _suggestions(page)
    count = suggestions.count()
    assert count >= 2, "the engine should have made at least two suggestions on this pair"
    accepted = suggestions.nth(0).get_attribute("data-item")
    dismissed = suggestions.nth(1).get_attribute("data-item")

    page.locator(f'li[data-item="{accepted}"] [data-action="accept"]').click()
    expect(page.locator("#ws-live")).to_have_text(
        "Finding confirmed as a problem; resolve it once the rewrite is fixed."
    )
    item = page.locator(f'li[data-item="{accepted}"]')
    expect(item).to_have_attribute("data-status", "open")
    expect(item.locator('[data-field="status"]')).to_have_text("Open")
    # Its mark says so too (a mark shared with other findings lists each in its title).
    expect(page.locator(f"#mark-{accepted}")).to_have_attribute(
        "title", re.compile(r" finding, open\b")
    )

    item = page.locator(f'li[data-item="{dismissed}"]')
    item.get_by_label("Reason for dismissing (optional)").fill("Same figure, reworded.")
    item.locator('[data-action="dismiss"]').click()
    expect(page.locator("#ws-live")).to_have_text("Finding dismissed.")
    expect(_suggestions(page)).to_have_count(count - 2)

    # Gone from the list; back behind the "show dismissed" toggle, with its reason.
    toggle = page.locator("#findings-panel details[data-dismissed-toggle]")
    expect(toggle.locator("summary")).to_have_text("Show dismissed (1)")
    hidden = page.locator(f'li[data-item="{dismissed}"]')
    expect(hidden).to_be_hidden()
    expect(page.locator(f'[data-list="findings"] li[data-item="{dismissed}"]')).to_have_count(0)
    toggle.locator("summary").click()
    expect(hidden).to_be_visible()
    expect(hidden).to_have_attribute("data-status", "dismissed")
    expect(hidden).to_contain_text("Dismissed: Same figure, reworded.")
    expect(page.locator("#workspace")).to_have_class(re.compile(r"\bshow-dismissed\b"))

    # It can be brought back from there.
    expand_item(page, dismissed).locator('[data-action="reopen"]').click()
    expect(page.locator(f'[data-list="findings"] li[data-item="{dismissed}"]')).to_have_attribute(
        "data-status", "open"
    )


def test_editor_imports_the_seed_pair_and_settles_suggestions(page, editor, reviewer):
    source, rewrite = seed_pair()
    login(page, "edith")
    _import_pair(page, "Airstrikes near the Syria-Iraq border", source, rewrite)
    mark_page(page)

    # The immediate backend ran the engine in the request: the findings are already there.
    status = page.locator("#analysis-status")
    expect(status).to_have_attribute("data-analysis", "done")
    expect(status).to_contain_text("Engine suggestions from")
    expect(_suggestions(page).first).to_be_visible()
    # The seed rewrite's invented "19" is a critical number finding.
    expect(
        page.locator('#findings-panel li.sev-critical[data-status="suggested"]').filter(
            has_text="19"
        )
    ).not_to_have_count(0)

    _accept_one_and_dismiss_another(page)
    assert_not_reloaded(page)


@pytest.fixture
def database_tasks(settings):
    """Queue the engine for a worker instead of running it in the request."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_findings_appear_while_the_workspace_polls_a_queued_analysis(
    page, editor, reviewer, database_tasks
):
    pair = PAIRS / "sports_cup_semifinal"
    login(page, "edith")
    _import_pair(
        page,
        "Cup semi-final",
        (pair / "source.txt").read_text(encoding="utf-8"),
        (pair / "rewrite.txt").read_text(encoding="utf-8"),
    )
    mark_page(page)

    status = page.locator("#analysis-status")
    expect(status).to_have_attribute("data-analysis", "pending")
    expect(status).to_contain_text("Analysing…")
    expect(page.locator("#findings-panel .ws-empty")).to_be_visible()
    expect(page.locator('[data-action="run-analysis"]')).to_have_count(0)
    review = Review.objects.get(story__title="Cup semi-final")
    assert review.analysis_status == "pending"

    # A worker picks the task up while the page keeps polling.
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    review.refresh_from_db()
    assert review.analysis_status == "done"

    expect(status).to_have_attribute("data-analysis", "done")
    expect(status).to_contain_text("Engine suggestions from")
    expect(_suggestions(page).first).to_be_visible()
    expect(page.locator('.ws-body mark[class*="st-suggested"]').first).to_be_visible()
    total = page.locator('#findings-panel li[data-kind="finding"]').count()
    expect(page.locator('#ws-progress [data-count="findings"]')).to_have_text(f"0 / {total}")
    assert_not_reloaded(page)

    _accept_one_and_dismiss_another(page)
    assert_not_reloaded(page)
