"""Seed for the two-instance sync test: a national portal and Hà Nội, each with news and
directive sections (run through `manage.py shell -c` in a fresh database)."""

from django.db import transaction
from wagtail.models import Page, Site

from cong.network.tests.factories import PortalPageFactory, UnitFactory
from cong.news.tests.factories import DirectiveIndexPageFactory, NewsIndexPageFactory


@transaction.atomic
def seed() -> None:
    root = Page.get_first_root_node()
    nation = PortalPageFactory(
        parent=root,
        unit=UnitFactory(code="VN", name="Chính phủ", unit_type="Chính phủ", level=0),
        title="Cổng Thông tin điện tử Chính phủ",
        slug="chinh-phu",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "127.0.0.1", "port": 80, "root_page": nation, "site_name": "CP"},
    )
    Page.objects.filter(depth=2).exclude(pk=nation.pk).delete()
    hanoi = PortalPageFactory(
        parent=nation,
        unit=UnitFactory(
            code="01", name="Thành phố Hà Nội", unit_type="thành phố", level=1, parent=nation.unit
        ),
        title="Thành phố Hà Nội",
        slug="ha-noi",
    )
    for portal in (nation, hanoi):
        NewsIndexPageFactory(parent=portal)
        DirectiveIndexPageFactory(parent=portal)
