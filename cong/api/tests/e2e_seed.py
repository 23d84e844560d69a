"""Seed for the two-instance sync test: a national portal and Hà Nội, each with news and
directive sections (run through `manage.py shell -c` in a fresh database)."""

from django.db import transaction
from wagtail.models import Page

from cong.network.tests.factories import PortalPageFactory, UnitFactory, national_portal_site
from cong.news.tests.factories import DirectiveIndexPageFactory, NewsIndexPageFactory


@transaction.atomic
def seed() -> None:
    root = Page.get_first_root_node()
    nation = national_portal_site(root, hostname="127.0.0.1", site_name="CP")
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
