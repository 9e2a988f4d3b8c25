"""The whole review of the demo story, in the browser: from the first highlight to the editor's
sign-off. The reviewer (Rafael, `reviewer`) is assigned; the editor (Esther, `editor`) signs last.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from newsdesk import demo
from reviews import workflow
from reviews.models import Highlight, Review
from tests.browser.conftest import (
    assert_not_reloaded,
    drag_select,
    expand_item,
    login,
    mark_page,
)

pytestmark = [
    pytest.mark.browser,
    # live_server needs real commits; the rollback restores the groups the data migration made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_review() -> Review:
    call_command("loaddemo", stdout=StringIO())
    return Review.objects.get(story__title=demo.TITLE)


def _count(page, name: str):
    return page.locator(f'#ws-progress [data-count="{name}"]')


def _live(page):
    return page.locator("#ws-live")


def _marked_text(page, side: str, highlight_pk: int) -> str:
    """The text a highlight's marks cover in one column (a mark may be split where others cross)."""
    return page.evaluate(
        """([side, pk]) => Array.from(document.querySelectorAll(
            `.ws-body[data-side="${side}"] mark[data-highlight-ids~="${pk}"]`
        )).map((m) => m.textContent).join("")""",
        [side, str(highlight_pk)],
    )


def _settle_suggestion(page, key: str, *, accept: bool, reason: str = "") -> None:
    """Confirm (then resolve) or dismiss one engine suggestion through its panel buttons."""
    item = page.locator(f'li[data-item="{key}"]')
    if accept:
        item.locator('[data-action="accept"]').click()
        expect(page.locator(f'li[data-item="{key}"]')).to_have_attribute("data-status", "open")
        expect(_live(page)).to_have_text(
            "Finding confirmed as a problem; resolve it once the rewrite is fixed."
        )
        fixed = page.locator(f'li[data-item="{key}"]').get_by_label("What was fixed (optional)")
        fixed.fill("Corrected upstream to the source's figure.")
        page.locator(f'li[data-item="{key}"] [data-action="resolve"]').click()
        expect(page.locator(f'li[data-item="{key}"]')).to_have_attribute("data-status", "resolved")
        expect(page.locator(f'li[data-item="{key}"] .ws-fixed')).to_have_text(
            "Fixed: Corrected upstream to the source's figure."
        )
    else:
        item.get_by_label("Reason for dismissing (optional)").fill(reason)
        item.locator('[data-action="dismiss"]').click()
        expect(page.locator(f'li[data-item="{key}"]')).to_have_attribute("data-status", "dismissed")


def _verify_with_url(page, key: str, url: str) -> None:
    claim = expand_item(page, key)
    claim.get_by_label("or a link").fill(url)
    claim.locator('[data-action="verify"]').click()
    expect(page.locator(f'li[data-item="{key}"]')).to_have_attribute("data-verdict", "verified")
    expect(_live(page)).to_have_text("Claim marked verified.")


def test_reviewer_and_editor_take_the_demo_story_to_sign_off(page, demo_review):
    login(page, "reviewer", "newsdesk-reviewer")

    # The dashboard lists the demo story as needing review; its workspace is one click away.
    row = page.get_by_role("row").filter(has_text=demo.TITLE)
    expect(row).to_contain_text("Needs review")
    row.get_by_role("link", name="Open workspace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review: {demo.TITLE}")
    expect(page.locator("#analysis-status")).to_have_attribute("data-analysis", "done")
    mark_page(page)

    findings = page.locator('#findings-panel li[data-kind="finding"]')
    claims = page.locator('#claims-panel li[data-kind="claim"]')
    total_findings = findings.count()
    total_claims = claims.count()
    assert total_findings > 3 and total_claims > 3
    expect(_count(page, "findings")).to_have_text(f"0 / {total_findings}")
    expect(_count(page, "claims")).to_have_text(f"0 / {total_claims}")

    # 1. A highlight of the reviewer's own, from a mouse selection in the rewrite: what the
    #    engine missed ("in decades" where the source says since 1998).
    missed = "the highest level seen in decades"
    assert drag_select(page, "rewrite", missed) == missed
    form = page.locator("#selection-form")
    expect(form).to_be_visible()
    expect(page.locator("#selection-quote")).to_have_text(f"Rewrite: “{missed}”")
    form.get_by_label("Category").select_option("time")
    form.get_by_label("Severity").select_option("minor")
    form.get_by_label("Note").fill("The source says the highest since 1998.")
    form.locator('[data-action="create-highlight"]').click()
    expect(form).to_be_hidden()
    expect(_live(page)).to_have_text("Highlight added: Time, minor.")
    mine = Highlight.objects.get(review=demo_review, origin="reviewer")
    assert mine.quote == missed
    mark = page.locator(f"#mark-h{mine.pk}")
    expect(mark).to_be_visible()
    assert _marked_text(page, "rewrite", mine.pk) == missed
    expect(mark).to_have_class(re.compile(r"\bcat-time\b.*\bsev-minor\b"))
    expect(page.locator(f'li[data-item="h{mine.pk}"]')).to_have_attribute("data-status", "open")
    total_findings += 1
    expect(_count(page, "findings")).to_have_text(f"0 / {total_findings}")
    assert_not_reloaded(page)

    # 2. Every engine suggestion settled: the wrong number is accepted, then resolved once fixed
    #    upstream; the rest are dismissed with a reason. The count moves with each one.
    suggested = page.locator('#findings-panel [data-list="findings"] li[data-status="suggested"]')
    settled = 0
    first = True
    while suggested.count():
        key = suggested.first.get_attribute("data-item")
        _settle_suggestion(page, key, accept=first, reason="Harmless condensation for the web.")
        first = False
        settled += 1
        expect(_count(page, "findings")).to_have_text(f"{settled} / {total_findings}")
    page.locator(f'li[data-item="h{mine.pk}"] [data-action="resolve"]').click()
    settled += 1
    expect(_count(page, "findings")).to_have_text(f"{settled} / {total_findings}")
    expect(page.locator(f"#mark-h{mine.pk}")).to_have_class(re.compile(r"\bst-resolved\b"))
    assert settled == total_findings

    # 3. Claims. The first claim's number is wrong: dispute it, discuss it, then verify it by link
    #    once the newsroom confirmed a correction.
    keys = [claims.nth(i).get_attribute("data-item") for i in range(total_claims)]
    disputed, picked, *by_url = keys

    claim = expand_item(page, disputed)
    claim.get_by_label("Why it is disputed").fill("The source says about 1,200 residents.")
    claim.locator('[data-action="dispute"]').click()
    claim = page.locator(f'li[data-item="{disputed}"]')
    expect(claim).to_have_attribute("data-verdict", "disputed")
    expect(_live(page)).to_have_text("Claim marked disputed.")
    expect(claim.locator(".ws-comment")).to_have_count(1)
    expect(claim.locator(".ws-comment").first).to_contain_text("Disputed: The source says")

    claim.locator('[data-form="comment"]').get_by_label("Comment").fill(
        "Checked with the desk: the wire has 1,200."
    )
    claim.locator('[data-action="comment"]').click()
    expect(_live(page)).to_have_text("Comment posted.")
    thread = claim.locator(".ws-thread").filter(has_text="Checked with the desk")
    expect(thread).to_have_count(1)
    thread.locator("summary", has_text="Reply").click()
    thread.get_by_label("Reply").fill("Agreed; the correction is in the live copy.")
    thread.locator('[data-action="reply"]').click()
    expect(_live(page)).to_have_text("Reply posted.")
    expect(thread.locator(".ws-comment.is-reply")).to_contain_text("correction is in the live")

    claim.locator('[data-action="pending"]').click()
    expect(claim).to_have_attribute("data-verdict", "pending")
    _verify_with_url(page, disputed, "https://example.org/corrections/tarn-flood")
    expect(page.locator(f'li[data-item="{disputed}"]')).to_contain_text(
        "https://example.org/corrections/tarn-flood"
    )
    expect(_count(page, "claims")).to_have_text(f"1 / {total_claims}")

    # The second claim is verified by picking its supporting passage in the source.
    claim = expand_item(page, picked)
    claim.locator('[data-action="pick-evidence"]').click()
    expect(page.locator("#evidence-banner")).to_be_visible()
    expect(page.locator("#workspace")).to_have_class(re.compile(r"\bis-picking\b"))
    passage = "The river peaked at 4.8 metres shortly after 2 a.m. on Monday"
    assert drag_select(page, "source", passage) == passage
    expect(page.locator("#evidence-banner")).to_be_hidden()
    expect(page.locator("#workspace")).not_to_have_class(re.compile(r"\bis-picking\b"))
    expect(claim.locator("[data-evidence-preview]")).to_have_text(f"Evidence: “{passage}”")
    expect(page.locator("#selection-form")).to_be_hidden()
    claim.locator('[data-action="verify"]').click()
    claim = page.locator(f'li[data-item="{picked}"]')
    expect(claim).to_have_attribute("data-verdict", "verified")
    expect(claim.locator(".ws-other")).to_contain_text(f"Evidence in the source: {passage}")
    expect(_count(page, "claims")).to_have_text(f"2 / {total_claims}")

    for n, key in enumerate(by_url, start=3):
        _verify_with_url(page, key, f"https://example.org/wire/tarn-flood#claim-{n}")
        expect(_count(page, "claims")).to_have_text(f"{n} / {total_claims}")

    # 4. Nothing blocks now: the reviewer signs off.
    expect(_count(page, "blocking")).to_have_text("Nothing in the text blocks sign-off")
    role = page.locator('#signoff-panel .ws-role[data-role="reviewer"]')
    expect(role.locator(".ws-blockers")).to_have_count(0)
    role.locator('[data-action="sign-off"]').click()
    expect(_live(page)).to_have_text("Signed off as reviewer.")
    expect(page.locator('#signoff-panel li[data-role="reviewer"]')).to_contain_text("Rafael Okoye")
    expect(page.locator("#review-status")).to_have_attribute("data-status", "open")
    assert_not_reloaded(page)

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))

    # 5. The editor gives the final sign-off.
    login(page, "editor", "newsdesk-editor")
    page.get_by_role("row").filter(has_text=demo.TITLE).get_by_role(
        "link", name="Open workspace"
    ).click()
    editor_role = page.locator('#signoff-panel .ws-role[data-role="editor"]')
    expect(editor_role.locator(".ws-blockers")).to_have_count(0)
    editor_role.get_by_label("Statement").fill("Fit to publish.")
    editor_role.locator('[data-action="sign-off"]').click()
    expect(_live(page)).to_have_text("Signed off as editor.")
    expect(page.locator("#review-status")).to_have_attribute("data-status", "signed_off")
    expect(page.locator("#ws-header")).to_contain_text("Signed off: this review is complete")
    expect(page.locator("#signoff-panel")).to_contain_text("This rewrite is signed off.")
    expect(page.locator('#signoff-panel li[data-role="editor"]')).to_contain_text("Fit to publish.")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories").click()
    expect(page.get_by_role("row").filter(has_text=demo.TITLE)).to_contain_text("Signed off")

    page.get_by_role("link", name=demo.TITLE).click()
    signoffs = page.locator("table.signoffs tbody tr")
    expect(signoffs).to_have_count(2)
    expect(signoffs.nth(0)).to_contain_text("reviewer")
    expect(signoffs.nth(0)).to_contain_text("I checked this rewrite against its source.")
    expect(signoffs.nth(1)).to_contain_text("editor")
    expect(signoffs.nth(1)).to_contain_text("Fit to publish.")

    demo_review.refresh_from_db()
    assert demo_review.status == Review.Status.SIGNED_OFF


# Astral-plane emoji (two UTF-16 units each, one of them a ZWJ sequence), a skin-tone modifier,
# accented letters and a euro sign, all before the text the reviewer selects.
EMOJI_SOURCE = "Zoë Brandt said the café 🎉 raised €3,000 for the 👨‍👩‍👧 shelter on Friday."
EMOJI_REWRITE = "Zoë Brandt 👍🏽 said the café 🎉 raised €30,000 for the 👨‍👩‍👧 shelter on Friday."


@pytest.fixture
def emoji_review(editor, reviewer) -> Review:
    _story, review = workflow.create_story(
        user=editor,
        title="Café fundraiser",
        desk="Local",
        source=workflow.VersionInput(body=EMOJI_SOURCE, origin="wire"),
        rewrite=workflow.VersionInput(body=EMOJI_REWRITE, origin="ai"),
        reviewers=[reviewer],
    )
    return review


@pytest.mark.parametrize(
    "side, text",
    [
        ("rewrite", "raised €30,000 for the 👨‍👩‍👧 shelter"),
        ("rewrite", "shelter on Friday"),
        ("source", "raised €3,000"),
    ],
)
def test_selection_after_emoji_anchors_on_the_selected_text(page, emoji_review, side, text):
    login(page, "rita")
    page.goto(emoji_review.get_absolute_url())
    assert drag_select(page, side, text) == text
    form = page.locator("#selection-form")
    form.get_by_label("Category").select_option("number")
    form.locator('[data-action="create-highlight"]').click()
    expect(_live(page)).to_contain_text("Highlight added")

    highlight = Highlight.objects.get(review=emoji_review, origin="reviewer")
    body = EMOJI_REWRITE if side == "rewrite" else EMOJI_SOURCE
    assert highlight.side == side
    assert highlight.quote == text
    assert body[highlight.start : highlight.end] == text
    expect(page.locator(f"#mark-h{highlight.pk}")).to_be_visible()
    assert _marked_text(page, side, highlight.pk) == text
