"""Fixtures shared by every app's tests."""

import pytest
from wagtail.models import Page

from cong.network.tests.factories import PortalPageFactory, UnitFactory, national_portal_site
from cong.news.tests.factories import DirectiveIndexPageFactory, NewsIndexPageFactory


@pytest.fixture(autouse=True)
def fresh_network_frames():
    """Portal frames are kept per process (cong.core.frames); a test's rolled-back rows must
    not reach the next test through them."""
    from cong.core import frames

    frames.bump_now()


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def small_network(db, root_page):
    """A national portal, two provinces, two communes in the first: each with news and
    directive sections, the national portal as the default site."""
    nation = national_portal_site(root_page, hostname="localhost", site_name="Chính phủ")
    portals = {"nation": nation}
    for key, code, name, slug in [
        ("hanoi", "01", "Thành phố Hà Nội", "ha-noi"),
        ("hue", "46", "Thành phố Huế", "hue"),
    ]:
        portals[key] = PortalPageFactory(
            parent=nation,
            unit=UnitFactory(
                code=code, name=name, unit_type="thành phố", level=1, parent=nation.unit
            ),
            title=name,
            slug=slug,
        )
    for key, code, name, slug in [
        ("badinh", "00004", "Phường Ba Đình", "phuong-ba-dinh"),
        ("hoankiem", "00070", "Phường Hoàn Kiếm", "phuong-hoan-kiem"),
    ]:
        portals[key] = PortalPageFactory(
            parent=portals["hanoi"],
            unit=UnitFactory(
                code=code, name=name, unit_type="phường", level=2, parent=portals["hanoi"].unit
            ),
            title=name,
            slug=slug,
        )
    sections = {}
    for key, portal in portals.items():
        sections[key] = {
            "news": NewsIndexPageFactory(parent=portal),
            "directives": DirectiveIndexPageFactory(parent=portal),
        }
    return {"portals": portals, "sections": sections}


@pytest.fixture
def wagtail_base(transactional_db):
    """Transactional tests flush the tables, migration data included: put back the locale and
    the tree root that Wagtail's migrations create."""
    from wagtail.models import Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code="vi")
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture
def browser_page(settings, wagtail_base, monkeypatch):
    """A Chromium page (Playwright) for browser tests against the live server."""
    from playwright.sync_api import sync_playwright

    from cong.core.tests.browser import CHROMIUM, CHROMIUM_ARGS

    # Playwright's sync API runs an event loop in this thread; Django would refuse the ORM.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.CONG_CITIZEN_MIN_FILL_SECONDS = 0  # a script fills forms faster than people do
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="vi-VN")
        yield page
        browser.close()
