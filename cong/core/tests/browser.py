"""Shared setup of the browser tests: Debian's Chromium driven by Playwright, axe-core for
WCAG 2.1 A/AA. The `browser_page` fixture lives in cong/conftest.py."""

import os

CHROMIUM = os.environ.get("CONG_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling out of this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page):
    """Zero axe-core WCAG 2.1 A/AA violations on what `page` shows now."""
    from axe_playwright_python.sync_playwright import Axe

    if shots := os.environ.get("CONG_SCREENSHOTS"):  # a directory: keep what the test saw
        name = page.url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "page"
        page.screenshot(path=f"{shots}/{name}-{len(os.listdir(shots))}.png", full_page=True)

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()
