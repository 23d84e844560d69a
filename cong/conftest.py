"""Fixtures shared by every app's tests."""

import pytest
from wagtail.models import Page, Site

from cong.network.tests.factories import PortalPageFactory, UnitFactory
from cong.news.tests.factories import DirectiveIndexPageFactory, NewsIndexPageFactory


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def small_network(db, root_page):
    """A national portal, two provinces, two communes in the first: each with news and
    directive sections, the national portal as the default site."""
    nation = PortalPageFactory(
        parent=root_page,
        unit=UnitFactory(code="VN", name="Chính phủ", unit_type="Chính phủ", level=0),
        title="Cổng Thông tin điện tử Chính phủ",
        slug="chinh-phu",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": nation, "site_name": "Chính phủ"},
    )
    Page.objects.filter(depth=2).exclude(pk=nation.pk).delete()
    portals = {"nation": nation}
    for key, code, name, slug in [("hanoi", "01", "Thành phố Hà Nội", "ha-noi"), ("hue", "46", "Thành phố Huế", "hue")]:
        portals[key] = PortalPageFactory(
            parent=nation,
            unit=UnitFactory(code=code, name=name, unit_type="thành phố", level=1, parent=nation.unit),
            title=name,
            slug=slug,
        )
    for key, code, name, slug in [("badinh", "00004", "Phường Ba Đình", "phuong-ba-dinh"), ("hoankiem", "00070", "Phường Hoàn Kiếm", "phuong-hoan-kiem")]:
        portals[key] = PortalPageFactory(
            parent=portals["hanoi"],
            unit=UnitFactory(code=code, name=name, unit_type="phường", level=2, parent=portals["hanoi"].unit),
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
