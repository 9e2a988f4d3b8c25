"""Source and rewrite side by side, aligned: linked scrolling and the aligned paragraph's light.

The rewrite keeps the source's paragraphs in order but moves the sixth to the end, so reading
the rewrite's last paragraph means reading the middle of the source.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reviews import workflow
from reviews.models import Review
from tests.browser.conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOPICS = [
    ("harbour", "ferry", "dockworkers", "cranes"),
    ("council", "budget", "resurfacing", "potholes"),
    ("museum", "sculpture", "curator", "gallery"),
    ("hospital", "nurses", "ward", "ambulance"),
    ("school", "teachers", "pupils", "timetable"),
    ("wildfire", "evacuation", "hillside", "embers"),
    ("stadium", "supporters", "turnstiles", "kickoff"),
    ("railway", "signals", "commuters", "platform"),
    ("library", "archive", "manuscripts", "readers"),
    ("orchard", "harvest", "growers", "frost"),
    ("bridge", "engineers", "girders", "detour"),
    ("airport", "runway", "freight", "terminal"),
]
MOVED = 5  # the wildfire paragraph ends the rewrite


def _paragraph(words: tuple[str, ...], n: int, version: str) -> str:
    a, b, c, d = words
    sentence = (
        f"The {a} story turned on {b} and {c}, and the {d} question stayed open"
        if version == "source"
        else f"Reporting on the {a}, {b} and {c} kept returning to the {d} issue"
    )
    return ". ".join([f"{sentence} ({i + 1})" for i in range(n)]) + "."


SOURCE = "\n\n".join(_paragraph(t, 6, "source") for t in TOPICS)
REWRITE = "\n\n".join(
    _paragraph(TOPICS[i], 5, "rewrite") for i in [*range(MOVED), *range(MOVED + 1, 12), MOVED]
)


@pytest.fixture
def long_review(editor, reviewer) -> Review:
    _story, review = workflow.create_story(
        user=editor,
        title="Twelve stories",
        desk="Local",
        source=workflow.VersionInput(body=SOURCE, origin="wire"),
        rewrite=workflow.VersionInput(body=REWRITE, origin="ai"),
        reviewers=[reviewer],
    )
    return review


def _scroll_to_end(page, column: str) -> None:
    page.locator(f"#{column} .ws-body").hover()
    page.mouse.wheel(0, 20_000)
    page.wait_for_function(
        "(id) => { const c = document.getElementById(id);"
        " return c.scrollTop + c.clientHeight >= c.scrollHeight - 2; }",
        arg=column,
    )


def test_scrolling_the_rewrite_brings_the_aligned_source_passage_into_view(page, long_review):
    login(page, "rita")
    page.goto(long_review.get_absolute_url())
    toggle = page.locator('[data-action="link-scroll"]')
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-pressed", "true")

    last = page.locator("#col-rewrite .ws-para").last
    expect(last).to_have_attribute("data-align", f"source-p{MOVED}")
    aligned = page.locator(f"#source-p{MOVED}")
    expect(page.locator("#source-p0")).to_be_in_viewport()
    expect(aligned).not_to_be_in_viewport()

    _scroll_to_end(page, "col-rewrite")
    expect(aligned).to_be_in_viewport()
    # Not simply the source's end: its last paragraph is not the one aligned.
    expect(page.locator("#col-source .ws-para").last).not_to_be_in_viewport()

    # Hovering a paragraph lights the one aligned with it.
    last.hover()
    expect(aligned).to_have_class("ws-para is-aligned")

    # Scrolling the source back to its top takes the rewrite along.
    page.locator("#col-source .ws-body").hover()
    page.mouse.wheel(0, -20_000)
    expect(page.locator("#rewrite-p0")).to_be_in_viewport()


def test_linked_scrolling_can_be_turned_off_and_stays_off(page, long_review):
    login(page, "rita")
    page.goto(long_review.get_absolute_url())
    toggle = page.locator('[data-action="link-scroll"]')
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")

    page.reload()
    toggle = page.locator('[data-action="link-scroll"]')
    expect(toggle).to_have_attribute("aria-pressed", "false")
    _scroll_to_end(page, "col-rewrite")
    page.wait_for_timeout(200)
    assert page.evaluate("() => document.getElementById('col-source').scrollTop") == 0

    # Back on: the source catches up at once.
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#source-p{MOVED}")).to_be_in_viewport()
