"""The public pages in a real browser: zero WCAG 2.1 A/AA violations (axe-core), keyboard
access, no external assets, no horizontal scrolling on a phone.

Drives Debian's Chromium through Playwright against pytest-django's live server. Playwright's
sync API runs an event loop in its thread, which Django's async-safety check forbids next to
ORM calls, so the browser runs in a worker thread. Set CONG_SCREENSHOTS=/some/dir to keep
full-page screenshots (mobile and desktop) of every page checked.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from cong.core.tests.browser import CHROMIUM, CHROMIUM_ARGS, WCAG_TAGS

VIEWPORTS = {"mobile": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


def _check_pages(base_url: str, paths: dict[str, str], screenshots: Path | None) -> dict:
    """Open every page at both widths; return what went wrong, by page."""
    axe = Axe()
    problems: dict[str, list[str]] = {}
    own_host = urlsplit(base_url).netloc
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width_name, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, locale="vi-VN")
                foreign: list[str] = []
                context.on(
                    "request",
                    lambda request, foreign=foreign: (
                        foreign.append(request.url)
                        if urlsplit(request.url).netloc not in (own_host, "")
                        and not request.url.startswith("data:")
                        else None
                    ),
                )
                page = context.new_page()
                for name, path in paths.items():
                    key = f"{name} ({width_name})"
                    found = problems.setdefault(key, [])
                    response = page.goto(base_url + path, wait_until="load")
                    if response is None or response.status != 200:
                        found.append(f"HTTP {response.status if response else 'no response'}")
                        continue
                    results = axe.run(
                        page,
                        options={
                            "runOnly": {"type": "tag", "values": WCAG_TAGS},
                            "resultTypes": ["violations"],
                        },
                    )
                    if results.violations_count:
                        found.append(results.generate_report())
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                    if overflow > 0:
                        found.append(f"scrolls sideways by {overflow}px")
                    page.keyboard.press("Tab")
                    focused = page.evaluate(
                        "(() => { const e = document.activeElement;"
                        " const r = e.getBoundingClientRect();"
                        " return [e.className, r.top >= 0 && r.bottom <= innerHeight"
                        " && r.width > 1]; })()"
                    )
                    has_skip_link = page.locator(".skip-link").count() > 0
                    if has_skip_link and focused != ["skip-link", True]:
                        found.append(f"first Tab does not show the skip link: {focused}")
                    if screenshots is not None:
                        screenshots.mkdir(parents=True, exist_ok=True)
                        slug = name.replace(" ", "-")
                        page.keyboard.press("Shift+Tab")
                        page.screenshot(
                            path=str(screenshots / f"{slug}-{width_name}.png"), full_page=True
                        )
                if foreign:
                    problems["external requests"] = sorted(set(foreign))
                context.close()
        finally:
            browser.close()
    return {key: found for key, found in problems.items() if found}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_meet_wcag_21_aa_in_chromium(live_server, wagtail_base, public_site):
    featured = public_site["featured"]
    paths = {
        "national home": "/",
        "province home": "/ha-noi/",
        "commune home": "/ha-noi/phuong-ba-dinh/",
        "article": featured.url,
        "article print": featured.url + "in/",
        "news index": "/ha-noi/tin-tuc/",
        "directives": "/ha-noi/phuong-ba-dinh/chi-dao-dieu-hanh/",
        "contact": "/ha-noi/lien-he/",
        "english home": "/en/ha-noi/",
    }
    screenshots = os.environ.get("CONG_SCREENSHOTS")
    with ThreadPoolExecutor(max_workers=1) as pool:
        problems = pool.submit(
            _check_pages, live_server.url, paths, Path(screenshots) if screenshots else None
        ).result()
    assert problems == {}, "\n\n".join(
        f"== {page}\n" + "\n".join(found) for page, found in problems.items()
    )
