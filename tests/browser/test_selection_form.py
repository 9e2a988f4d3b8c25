"""The selection form: where it floats, what it offers, and where a new item shows.

Rita, an assigned reviewer, marks text in the workspace with the mouse.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reviews import workflow
from reviews.models import Claim, Highlight
from tests.browser.conftest import drag_select, login
from tests.factories import HighlightFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARAGRAPHS = [
    f"Paragraph {n}: the council said the pool would reopen in {2020 + n} after repairs costing "
    f"{n}.5 million, and {n * 10} residents signed a petition against the closure."
    for n in range(1, 15)
]


@pytest.fixture
def long_review(editor, reviewer):
    """A review whose texts are longer than their columns: both scroll."""
    _story, review = workflow.create_story(
        user=editor,
        title="Pool repairs",
        desk="Local",
        source=workflow.VersionInput(body="\n\n".join(PARAGRAPHS), origin="wire"),
        rewrite=workflow.VersionInput(
            body="\n\n".join(p.replace("said", "announced") for p in PARAGRAPHS), origin="ai"
        ),
        reviewers=[reviewer],
    )
    return review


# The selection's boxes and the form's box, in viewport pixels.
_BOXES_JS = """
() => {
  const sel = window.getSelection();
  const rects = Array.from(sel.getRangeAt(0).getClientRects())
    .filter((r) => r.width > 0 && r.height > 0)
    .map((r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right }));
  const f = document.getElementById("selection-form").getBoundingClientRect();
  return {
    selection: rects,
    form: { top: f.top, bottom: f.bottom, left: f.left, right: f.right },
    viewport: { width: document.documentElement.clientWidth, height: window.innerHeight },
  };
}
"""


def _overlaps(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


def _assert_form_beside_selection(page) -> dict:
    expect(page.locator("#selection-form")).to_be_visible()
    boxes = page.evaluate(_BOXES_JS)
    form, view = boxes["form"], boxes["viewport"]
    assert boxes["selection"], "nothing is selected"
    covered = [r for r in boxes["selection"] if _overlaps(form, r)]
    assert not covered, f"the form {form} covers the selected text at {covered}"
    assert form["top"] >= 0 and form["bottom"] <= view["height"], (form, view)
    assert form["left"] >= 0 and form["right"] <= view["width"], (form, view)
    return boxes


@pytest.mark.parametrize(
    "nth", [pytest.param(0, id="first-paragraph"), pytest.param(13, id="last-paragraph")]
)
def test_the_form_never_covers_the_selected_text(page, long_review, nth):
    login(page, "rita")
    page.goto(long_review.get_absolute_url())
    text = f"{nth * 10 + 10} residents signed a petition"
    assert drag_select(page, "rewrite", text) == text
    _assert_form_beside_selection(page)


def test_the_form_follows_the_selection_when_the_text_scrolls(page, long_review):
    login(page, "rita")
    page.goto(long_review.get_absolute_url())
    text = "140 residents signed a petition"
    assert drag_select(page, "rewrite", text) == text  # the last paragraph: the form goes above
    before = _assert_form_beside_selection(page)

    # The column scrolls back by a few lines: the selection moves up, under where the form was.
    page.locator("#col-rewrite").evaluate("(col) => { col.scrollTop -= 250; }")
    page.wait_for_function(
        "(top) => document.getElementById('selection-form').getBoundingClientRect().top != top",
        arg=before["form"]["top"],
    )
    _assert_form_beside_selection(page)


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


@pytest.fixture
def crowded_review(review):
    """The factory review with enough findings that the panels scroll past the claims."""
    for _ in range(24):
        HighlightFactory(review=review, text="9-0", category="number", severity="major")
    return review


def test_a_new_finding_scrolls_into_view_in_its_panel(page, crowded_review):
    login(page, "rita")
    page.goto(crowded_review.get_absolute_url())
    text = "anger local swimmers"
    assert drag_select(page, "rewrite", text) == text
    form = page.locator("#selection-form")
    form.get_by_label("Category").select_option("other")
    form.get_by_label("Severity").select_option("minor")
    form.locator('[data-action="create-highlight"]').click()
    expect(page.locator("#ws-live")).to_have_text("Highlight added: Other, minor.")

    new = Highlight.objects.get(review=crowded_review, quote=text)
    item = page.locator(f'li[data-item="h{new.pk}"]')
    # Minor and last in the text: it comes last in the risk order, far down the list.
    expect(page.locator('[data-list="findings"] li[data-item]').last).to_have_attribute(
        "data-item", f"h{new.pk}"
    )
    expect(item).to_be_in_viewport()
    expect(item).to_be_focused()


def test_a_new_claim_scrolls_into_view_in_its_panel(page, crowded_review):
    login(page, "rita")
    page.goto(crowded_review.get_absolute_url())
    text = "take about a year"
    assert drag_select(page, "rewrite", text) == text
    page.locator('#selection-form [data-action="create-claim"]').click()
    expect(page.locator("#ws-live")).to_have_text("Claim added; it is pending a verdict.")

    claim = Claim.objects.get(review=crowded_review)
    item = page.locator(f'li[data-item="c{claim.pk}"]')
    expect(item).to_be_in_viewport()
    expect(item).to_be_focused()
