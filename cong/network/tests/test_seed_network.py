"""The real 2025 network, seeded once for the module (inside a transaction rolled back at the
end): counts, sections, slugs, idempotency, tree validity, routing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from wagtail.models import Page, Site

from cong.legal.models import DocumentIndexPage
from cong.network.models import AboutPage, ContactPage, PortalPage, Unit
from cong.network.tests.treecheck import tree_problems
from cong.news.models import DirectiveIndexPage, NewsIndexPage

SECTION_MODELS = [NewsIndexPage, DirectiveIndexPage, DocumentIndexPage, AboutPage, ContactPage]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("seed_network", stdout=out, stderr=StringIO())
            if connection.vendor == "postgresql":
                # Check the deferred foreign keys of the ~50,000 seeded rows once, here: each
                # test's savepoint rollback would otherwise queue them for checking again.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_units_are_the_2025_network(seeded, db):
    units = Unit.objects.filter(scheme="vn-2025")
    assert units.filter(level=0).count() == 1
    assert units.filter(level=1).count() == 34
    assert units.filter(level=2).count() == 3321
    assert set(units.filter(level=1).values_list("unit_type", flat=True)) == {"tỉnh", "thành phố"}
    assert set(units.filter(level=2).values_list("unit_type", flat=True)) == {
        "xã",
        "phường",
        "đặc khu",
    }
    hanoi = units.get(code="01")
    assert (hanoi.name, hanoi.unit_type, hanoi.parent.code) == (
        "Thành phố Hà Nội",
        "thành phố",
        "VN",
    )
    assert units.get(code="04").name == "Tỉnh Cao Bằng"
    ba_dinh = units.get(code="00004")
    assert (ba_dinh.name, ba_dinh.parent_id, str(ba_dinh.valid_from)) == (
        "Phường Ba Đình",
        hanoi.pk,
        "2025-07-01",
    )
    assert units.current().count() == 3356
    assert "3356 created" in seeded


def test_every_unit_has_a_live_portal_with_five_sections(seeded, db):
    assert PortalPage.objects.filter(unit__scheme="vn-2025", live=True).count() == 3356
    for model in SECTION_MODELS:
        assert model.objects.count() == 3356
    national = PortalPage.objects.get(unit__code="VN")
    assert national.depth == 2
    assert PortalPage.objects.filter(depth=3).count() == 34
    assert PortalPage.objects.filter(depth=4).count() == 3321
    assert sorted(national.get_children().values_list("slug", flat=True))[:5] == [
        "an-giang",
        "bac-ninh",
        "ca-mau",
        "can-tho",
        "cao-bang",
    ]
    commune = PortalPage.objects.get(unit__code="00004")
    assert [p.slug for p in commune.get_children()] == [
        "tin-tuc",
        "chi-dao-dieu-hanh",
        "van-ban",
        "gioi-thieu",
        "lien-he",
    ]


def test_national_portal_is_the_default_site_root(seeded, db):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.unit.code == "VN"
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists()


def test_slugs(seeded, db):
    by_code = dict(PortalPage.objects.values_list("unit__code", "url_path"))
    assert by_code["01"] == "/chinh-phu/ha-noi/"
    assert by_code["79"] == "/chinh-phu/ho-chi-minh/"
    assert by_code["04"] == "/chinh-phu/cao-bang/"
    assert by_code["00004"] == "/chinh-phu/ha-noi/phuong-ba-dinh/"
    assert by_code["48"] == "/chinh-phu/da-nang/"  # đ → d
    # Two communes of Thái Nguyên (Xã Văn Lăng, Xã Văn Lang) fold to the same slug.
    van_lang = PortalPage.objects.filter(unit__parent__code="19", slug__startswith="xa-van-lang")
    assert sorted(van_lang.values_list("slug", flat=True)) == ["xa-van-lang", "xa-van-lang-2"]


def test_about_page_is_prefilled(seeded, db):
    about = AboutPage.objects.get(url_path="/chinh-phu/ha-noi/phuong-ba-dinh/gioi-thieu/")
    assert "Phường Ba Đình là đơn vị hành chính cấp xã trực thuộc Thành phố Hà Nội." in (
        about.structure
    )
    assert "00004" in about.structure
    assert "01/07/2025" in about.history
    national_about = AboutPage.objects.get(url_path="/chinh-phu/gioi-thieu/")
    assert "cơ quan hành chính nhà nước cao nhất" in national_about.structure


def test_second_run_changes_nothing(seeded, db):
    before = Page.objects.count()
    out = StringIO()
    call_command("seed_network", stdout=out, stderr=StringIO())
    assert "vn-2025: no changes (3356 units, 3356 current, 3356 portals)." in out.getvalue()
    assert Page.objects.count() == before
    assert Unit.objects.count() == 3356


def test_tree_is_valid(seeded, db):
    assert tree_problems() == []


def test_commune_portal_is_served_by_path(seeded, db, client):
    response = client.get("/ha-noi/phuong-ba-dinh/")
    assert response.status_code == 200
    assert response.context["page"].unit.code == "00004"
    assert "Phường Ba Đình" in response.content.decode()
    assert client.get("/ha-noi/phuong-ba-dinh/gioi-thieu/").status_code == 200
