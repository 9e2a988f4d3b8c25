"""The demo story after the editor corrects it: the new review draws no mark on the wrong text.

Rafael (reviewer) confirms the engine's wrong head count and disputes the mayor's sentence;
Esther (editor) fixes the count and deletes that sentence from the workspace; in the new review
nothing is drawn where the old items were, the deleted claim is listed as removed and blocks
nothing, and the corrected claim waits for a new verdict with its old and new wording.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from newsdesk import demo
from reviews import workflow
from reviews.models import Claim, Highlight, Review
from tests.browser.conftest import expand_item, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WRONG_COUNT = "Around 2,100"
# The engine marks the figure itself.
COUNT_MARK = "2,100"
WEATHER = "The national weather service has warned of more rain"
MAYOR_SENTENCE = next(s for s in demo.REWRITE.splitlines() if s.startswith("Mayor Tomas Berg"))


def _marked(page, side: str) -> list[tuple[str, str, str]]:
    """Every mark and claim underline in a column: (highlight ids, claim ids, text)."""
    return page.evaluate(
        """(side) => Array.from(document.querySelectorAll(`.ws-body[data-side="${side}"]
            :is([data-highlight-ids], [data-claim-ids])`)).map((m) =>
            [m.dataset.highlightIds || "", m.dataset.claimIds || "", m.textContent])""",
        side,
    )


@pytest.fixture
def reviewed_demo() -> Review:
    """The demo review with the count confirmed as a problem, the mayor's claim disputed and
    the weather claim verified."""
    call_command("loaddemo", stdout=StringIO())
    review = Review.objects.get(story__title=demo.TITLE)
    reviewer = review.reviewers.get(username="reviewer")
    count = review.highlights.get(quote=COUNT_MARK)
    workflow.set_highlight_status(highlight=count, user=reviewer, action="accept")
    mayor = review.claims.get(quote=MAYOR_SENTENCE)
    workflow.set_verdict(
        claim=mayor, user=reviewer, verdict="disputed", note="The mayor blamed nobody."
    )
    weather = review.claims.get(quote__startswith=WEATHER)
    workflow.set_verdict(
        claim=weather, user=reviewer, verdict="verified", evidence_url="https://example.org/met"
    )
    return review


def test_editing_the_rewrite_leaves_no_mark_on_the_wrong_text(make_page, reviewed_demo):
    old = reviewed_demo
    editor_page = make_page()
    login(editor_page, "editor", "newsdesk-editor")
    editor_page.goto(f"/reviews/{old.pk}/")
    corrected = (
        demo.REWRITE.replace(WRONG_COUNT, "About 1,200")
        .replace(MAYOR_SENTENCE + "\n", "")
        .replace("warned of more rain", "warned of heavy rain")
    )
    # From the workspace itself, next to the findings.
    editor_page.locator("#edit-rewrite summary").click()
    editor_page.locator('#edit-rewrite textarea[name="body"]').fill(corrected)
    editor_page.locator('[data-action="save-rewrite"]').click()
    editor_page.wait_for_url(lambda url: f"/reviews/{old.pk}/" not in url)
    expect(editor_page.locator(".ws-col-rewrite .ws-ver")).to_have_text("v3")
    expect(editor_page.locator('.ws-earlier a[data-earlier-review="2"]')).to_be_visible()

    new = Review.objects.get(story=old.story, rewrite__number=3)
    count = Highlight.objects.get(review=new, carried_from__quote=COUNT_MARK)
    mayor = Claim.objects.get(review=new, carried_from__quote=MAYOR_SENTENCE)
    weather = Claim.objects.get(review=new, carried_from__quote__startswith=WEATHER)
    assert (count.status, count.anchor_state) == ("resolved", "orphaned")
    assert (mayor.verdict, mayor.removed_in) == ("removed", 3)

    page = make_page()
    login(page, "reviewer", "newsdesk-reviewer")
    page.goto(f"/reviews/{new.pk}/")
    body = new.rewrite.body
    marks = _marked(page, "rewrite")
    assert marks, "the new version's own items are drawn"
    for highlight_ids, claim_ids, text in marks:
        assert str(count.pk) not in highlight_ids.split()
        assert str(mayor.pk) not in claim_ids.split()
        assert text in body
    # Every drawn claim covers exactly its own text.
    for c in new.claims.in_text():
        drawn = page.evaluate(
            """(pk) => Array.from(document.querySelectorAll(
                `.ws-body[data-side="rewrite"] [data-claim-ids~="${pk}"]`
            )).map((m) => m.textContent).join("")""",
            str(c.pk),
        )
        assert drawn == body[c.start : c.end]
    assert "Mayor Tomas Berg" not in page.locator('.ws-body[data-side="rewrite"]').inner_text()

    removed = page.locator("#removed-panel")
    expect(removed).to_contain_text("No longer in the text")
    removed_claim = removed.locator(f'li[data-item="c{mayor.pk}"]')
    expect(removed_claim).to_contain_text("Removed in v3: settled, not verified")
    expect(removed_claim.locator("blockquote del")).to_have_text(MAYOR_SENTENCE)
    removed_finding = removed.locator(f'li[data-item="h{count.pk}"]')
    expect(removed_finding).to_contain_text("Resolved by the edit in v3")
    expect(removed_finding.locator(".ws-diff del")).to_contain_text("Around 2,100")
    expect(removed_finding.locator(".ws-diff ins")).to_contain_text("About 1,200")

    # The verified claim the editor reworded waits for a new verdict, old and new side by side.
    assert weather.verdict == "pending"
    item = expand_item(page, f"c{weather.pk}")
    expect(item.locator(".ws-was q")).to_contain_text("warned of more rain")
    expect(item.locator(".ws-now q")).to_contain_text("warned of heavy rain")
    # The removed claim is not among the blockers.
    expect(page.locator(f'#signoff-panel a[data-go="c{mayor.pk}"]')).to_have_count(0)
    # The claim the edit reworded is, named by its number, with its new words in the title.
    residents = Claim.objects.get(review=new, quote__startswith="About 1,200 residents")
    link = page.locator(f'#signoff-panel a[data-go="c{residents.pk}"]')
    expect(link).to_have_attribute(
        "title", re.compile(r"^Claim C\d+ pending: \"About 1,200 residents")
    )
    page.screenshot(path=_screenshot_path("workspace"), full_page=True)
    removed.scroll_into_view_if_needed()
    removed.screenshot(path=_screenshot_path("removed"))

    # The rest is settled (how is not the point here); both sign in the browser, and the record
    # they export says the deleted sentence was removed, not verified.
    reviewer = new.reviewers.get(username="reviewer")
    for h in new.highlights.filter(status__in=["suggested", "open"]):
        workflow.set_highlight_status(highlight=h, user=reviewer, action="dismiss")
    for c in new.claims.filter(verdict="pending"):
        workflow.set_verdict(
            claim=c, user=reviewer, verdict="verified", evidence_url="https://example.org/wire"
        )
    page.reload()
    page.locator('#signoff-panel .ws-role[data-role="reviewer"] [data-action="sign-off"]').click()
    expect(page.locator("#signoff-panel [data-state=signed]")).to_contain_text("Signed by you")
    editor_page.goto(f"/reviews/{new.pk}/")
    editor_page.locator('#signoff-panel [data-role="editor"] [data-action="sign-off"]').click()
    expect(editor_page.locator("#review-status")).to_have_attribute("data-status", "signed_off")
    editor_page.locator("#signoff-panel [data-record] a", has_text="Fidelity record").click()
    editor_page.wait_for_url(re.compile(r"/record/$"))
    row = editor_page.locator("tr", has_text=MAYOR_SENTENCE)
    expect(row).to_contain_text("Removed in v3")
    expect(row).not_to_contain_text("Verified")
    mayor.refresh_from_db()
    assert (mayor.verdict, mayor.removed_in) == ("removed", 3)
    editor_page.screenshot(path=_screenshot_path("record"), full_page=True)


def _screenshot_path(name: str) -> str:
    """Where the walk-through leaves its screenshots for a person to look at (the temp dir)."""
    import os
    import tempfile

    return os.path.join(tempfile.gettempdir(), f"newsdesk-new-version-{name}.png")
