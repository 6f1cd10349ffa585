"""Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright for Python.

Playwright never downloads a browser here. Without Chromium the tests are skipped with a reason,
unless REQUIRE_BROWSER=1 (CI sets it): then a missing browser is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Chromium's own network chatter (updates, sync, QUIC) is refused on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the
# fixtures are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _require_browser():
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false")


@pytest.fixture(scope="session")
def browser():
    reason = None
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = "Playwright for Python is not installed (pip install -r requirements-test.txt)"
    if reason:
        if _require_browser():
            pytest.fail(f"REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser):
    """A fresh page of the given width (a phone is 375 px wide, a laptop 1280 px)."""
    contexts = []

    def open_page(width=1280, height=900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="sv-SE", java_script_enabled=True
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
