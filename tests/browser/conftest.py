"""Browser tests: a real Chromium (Debian's package) driven by Playwright against live_server.

They skip with a message where no Chromium is installed, except when NEWSDESK_REQUIRE_BROWSER=1
(as CI sets), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing_browser() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "allow_console_errors(*patterns): console errors matching these regexes are expected "
        "(Chromium logs every refused htmx request's 4xx status as one)",
    )


def pytest_collection_modifyitems(config, items):
    reason = _missing_browser()
    if reason is None:
        return
    if os.environ.get("NEWSDESK_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"browser tests required but cannot run: {reason}")
    skip = pytest.mark.skip(reason=f"browser tests skipped: {reason}")
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on the test thread; the ORM calls the tests make
    # to set up data are still synchronous and safe there.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as pw:
        # Starting Playwright's sync API leaves this thread in another contextvars context until
        # it stops, and Django keeps its connection objects per context. Where the test database
        # was set up before (other tests ran first), its serialized contents, which
        # serialized_rollback restores (the Editors and Reviewers groups), stayed on the old
        # objects: hand them over, or every later transactional test starts without the groups.
        for alias, old in before.items():
            if hasattr(old, "_test_serialized_contents"):
                connections[alias]._test_serialized_contents = old._test_serialized_contents
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def make_page(chromium, live_server, request):
    """Open a page in a fresh browser context (its own cookies: one user each); console errors
    and CSP violations in any of them fail the test, unless an allow_console_errors mark
    expects them.
    """
    contexts = []
    errors: list[str] = []
    marker = request.node.get_closest_marker("allow_console_errors")
    allowed = [re.compile(p) for p in (marker.args if marker else ())]

    def make():
        context = chromium.new_context(
            base_url=live_server.url, viewport={"width": 1400, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()
    unexpected = [e for e in errors if not any(p.search(e) for p in allowed)]
    assert not unexpected, f"browser console errors: {unexpected}"


@pytest.fixture
def page(make_page):
    """A fresh browser context and page; console errors and CSP violations fail the test."""
    return make_page()


def login(page, username: str, password: str = "correct-horse-battery") -> None:
    """Log in through the real login form."""
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


# --- Driving the review workspace --------------------------------------------------------------

# Finds the nth occurrence of a string in a column's text (the text nodes of .ws-body, which hold
# exactly the stored body) and returns the viewport boxes of its first and last characters, so a
# test can drag the real mouse across it.
_SPAN_BOXES_JS = """
([side, needle, nth]) => {
  const body = document.querySelector(`.ws-body[data-side="${side}"]`);
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
  const text = nodes.map((n) => n.data).join("");
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) return null;
  }
  const charRange = (offset) => {
    let total = 0;
    for (const n of nodes) {
      if (offset < total + n.length) {
        const r = document.createRange();
        r.setStart(n, offset - total);
        r.setEnd(n, offset - total + 1);
        return r;
      }
      total += n.length;
    }
    return null;
  };
  const box = (offset) => {
    const rects = charRange(offset).getClientRects();
    const b = rects[rects.length - 1];
    return { x: b.left, y: b.top, w: b.width, h: b.height };
  };
  charRange(at).startContainer.parentElement.scrollIntoView({ block: "center" });
  return { first: box(at), last: box(at + needle.length - 1) };
}
"""


def drag_select(page, side: str, text: str, nth: int = 0) -> str:
    """Select `text` in a workspace column by dragging the mouse over it; returns what got selected.

    The drag starts at the left edge of the first character and ends at the right edge of the
    last one, as a person would; the workspace script reacts to the mouseup.
    """
    # Measure only once the stylesheets applied: a click's navigation returns before that, and
    # boxes measured on the unstyled page put the drag somewhere else.
    page.wait_for_load_state("load")
    boxes = page.evaluate(_SPAN_BOXES_JS, [side, text, nth])
    assert boxes, f"{text!r} is not in the {side} column"
    first, last = boxes["first"], boxes["last"]
    page.mouse.move(first["x"] + 1, first["y"] + first["h"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["w"] / 2, last["y"] + last["h"] / 2, steps=4)
    page.mouse.move(last["x"] + last["w"] - 0.5, last["y"] + last["h"] / 2)
    page.mouse.up()
    return page.evaluate("() => window.getSelection().toString()")


def expand_item(page, key: str):
    """Open a panel item ("h12", "c3") in full, as its "…" link does; returns its locator."""
    from playwright.sync_api import expect

    item = page.locator(f'li[data-item="{key}"]')
    if item.get_attribute("data-lazy") is not None:
        item.locator('[data-action="expand"]').click()
    full = page.locator(f'li[data-item="{key}"]:not([data-lazy])')
    expect(full).to_be_visible()
    return full


def mark_page(page) -> None:
    """Leave a marker in the page's JavaScript world; a reload or navigation would wipe it."""
    page.evaluate("() => { window.__newsdeskMarker = 'still here'; }")


def assert_not_reloaded(page) -> None:
    """The marker left by mark_page survives: everything since happened without a reload."""
    assert page.evaluate("() => window.__newsdeskMarker") == "still here"
