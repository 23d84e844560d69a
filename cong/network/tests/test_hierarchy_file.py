"""seed_network --from FILE.json: the 2015 sample, a second scheme, malformed files."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from cong.network.models import PortalPage, Unit
from cong.network.tests.helpers import SAMPLE_2015, mini_2025, seed, unit, write


def test_the_2015_sample_builds_a_four_level_network(db, client):
    out = seed("--from", str(SAMPLE_2015))
    units = Unit.objects.filter(scheme="vn-2015")
    assert [units.filter(level=n).count() for n in range(4)] == [1, 2, 4, 31]
    district = units.get(code="001")
    assert (district.name, district.unit_type, district.parent.code) == (
        "Quận Ba Đình",
        "quận",
        "01",
    )
    assert units.get(code="00712").unit_type == "thị trấn"
    assert PortalPage.objects.filter(unit__scheme="vn-2015").count() == 38
    assert Page.objects.filter(depth__gt=1).count() == 38 * 6
    assert Site.objects.get(is_default_site=True).root_page.specific.unit.code == "VN"
    assert "38 created" in out

    response = client.get("/ha-noi/quan-ba-dinh/phuong-phuc-xa/")
    assert response.status_code == 200
    assert response.context["page"].unit.code == "00001"
    assert client.get("/ha-giang/huyen-dong-van/xa-lung-cu/").status_code == 200
    about = client.get("/ha-giang/huyen-dong-van/gioi-thieu/")
    assert "đơn vị hành chính cấp huyện trực thuộc Tỉnh Hà Giang" in about.context["page"].structure

    fixtree = StringIO()
    call_command("fixtree", stdout=fixtree, interactive=False)
    assert fixtree.getvalue().count("No problems found") == 2

    again = seed("--from", str(SAMPLE_2015))
    assert "vn-2015: no changes (38 units, 38 current, 38 portals)." in again


def test_a_second_scheme_shares_the_national_portal(db, tmp_path):
    seed("--from", str(write(tmp_path, mini_2025(unit("00004", "Phường Ba Đình", "phường")))))
    national = PortalPage.objects.get(unit__code="VN", unit__scheme="vn-2025")

    out = seed("--from", str(SAMPLE_2015))
    assert "The top unit Chính phủ shares the existing national portal." in out
    assert PortalPage.objects.filter(depth=2).count() == 1
    assert Site.objects.get(is_default_site=True).root_page_id == national.pk
    assert not PortalPage.objects.filter(unit__scheme="vn-2015", unit__level=0).exists()
    hanoi_2015 = PortalPage.objects.get(unit__scheme="vn-2015", unit__code="01")
    assert hanoi_2015.get_parent().pk == national.pk
    assert hanoi_2015.slug == "ha-noi-2"  # the 2025 Hà Nội already has /ha-noi/
    assert PortalPage.objects.get(unit__scheme="vn-2015", unit__code="02").slug == "ha-giang"


def test_no_portals_loads_units_only(db):
    pages = Page.objects.count()
    out = seed("--from", str(SAMPLE_2015), "--no-portals")
    assert Unit.objects.filter(scheme="vn-2015").count() == 38
    assert Page.objects.count() == pages
    assert "38 created" in out


def test_flat_items_with_parent_codes(db, tmp_path):
    data = {
        "scheme": "bo-nganh",
        "levels": [{"name": "trung ương"}, {"name": "bộ", "slug_drops_type": True}],
        "units": [
            {"code": "G", "name": "Chính phủ", "type": "Chính phủ"},
            {"code": "BYT", "name": "Bộ Y tế", "type": "bộ", "parent": "G", "slug": "y-te"},
            {"code": "BTC", "name": "Bộ Tài chính", "type": "bộ", "parent": "G"},
        ],
    }
    seed("--from", str(write(tmp_path, data)))
    assert dict(PortalPage.objects.values_list("unit__code", "slug")) == {
        "G": "chinh-phu",
        "BYT": "y-te",
        "BTC": "tai-chinh",
    }
    assert Unit.objects.get(code="BTC").level == 1


def _hanoi(*communes):
    return mini_2025(*communes)


MALFORMED = {
    "bad JSON": ('{"scheme": "x", "units": [}', "line 1, column 27"),
    "not an object": ("[1, 2]", "top level: the file must hold one JSON object"),
    "no scheme": ({"units": [unit("VN", "Chính phủ", "Chính phủ")]}, '"scheme" is required'),
    "no units": ({"scheme": "x"}, '"units" must be a non-empty list'),
    "missing name": (
        _hanoi({"code": "00004", "type": "phường"}),
        'units[0].children[0].children[0] (code "00004"): "name" is required',
    ),
    "numeric code": (
        _hanoi({"code": 4, "name": "Phường Ba Đình", "type": "phường"}),
        'units[0].children[0].children[0]: "code" must be text, not int',
    ),
    "unknown field": (
        _hanoi({"code": "00004", "nmae": "Phường Ba Đình", "type": "phường"}),
        "unknown field(s) 'nmae'",
    ),
    "unknown parent": (
        {
            "scheme": "x",
            "units": [
                unit("VN", "Chính phủ", "Chính phủ"),
                {"code": "01", "name": "Hà Nội", "type": "thành phố", "parent": "XX"},
            ],
        },
        'units[1] (code "01"): unknown parent "XX"',
    ),
    "duplicate code": (
        _hanoi(
            unit("00004", "Phường Ba Đình", "phường"), unit("00004", "Phường Ngọc Hà", "phường")
        ),
        'units[0].children[0].children[1] (code "00004"): code "00004" is also used at '
        "units[0].children[0].children[0]",
    ),
    "cycle": (
        {
            "scheme": "x",
            "units": [
                unit("VN", "Chính phủ", "Chính phủ"),
                {"code": "A", "name": "Tỉnh A", "type": "tỉnh", "parent": "B"},
                {"code": "B", "name": "Tỉnh B", "type": "tỉnh", "parent": "A"},
            ],
        },
        'parent cycle: "A" → "B" → "A"',
    ),
    "two roots": (
        {
            "scheme": "x",
            "units": [unit("VN", "Chính phủ", "Chính phủ"), unit("Q", "Quốc hội", "x")],
        },
        'exactly one top unit (level 0) without a parent; found: units[0] (code "VN"), '
        'units[1] (code "Q")',
    ),
    "type not allowed at its level": (
        {
            "scheme": "x",
            "levels": [{"types": ["Chính phủ"]}, {"types": ["tỉnh", "thành phố"]}],
            "units": [unit("VN", "Chính phủ", "Chính phủ", unit("01", "Hà Nội", "xã"))],
        },
        'units[0].children[0] (code "01"): type "xã" is not one of the level-1 types',
    ),
    "deeper than the levels": (
        {
            "scheme": "x",
            "levels": [{"name": "trung ương"}],
            "units": [unit("VN", "Chính phủ", "Chính phủ", unit("01", "Hà Nội", "thành phố"))],
        },
        "level 1 is deeper than the 1 levels declared",
    ),
    "bad date": (
        _hanoi(unit("00004", "Phường Ba Đình", "phường", valid_from="01/07/2025")),
        '"valid_from" must be a date like "2025-07-01"',
    ),
    "end before start": (
        _hanoi(unit("00004", "Phường Ba Đình", "phường", valid_to="2020-01-01")),
        '"valid_to" must be after "valid_from"',
    ),
    "bad slug": (
        _hanoi(unit("00004", "Phường Ba Đình", "phường", slug="Ba Đình")),
        'slug "Ba Đình" must be lower-case ASCII',
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_files_store_nothing_and_say_where(db, tmp_path, case):
    seed("--from", str(write(tmp_path, mini_2025(unit("00070", "Phường Hoàn Kiếm", "phường")))))
    before = (
        list(
            Unit.objects.order_by("pk").values_list("pk", "code", "name", "parent_id", "valid_to")
        ),
        list(Page.objects.order_by("pk").values_list("pk", "path", "title")),
    )
    data, expected = MALFORMED[case]
    with pytest.raises(CommandError) as error:
        seed("--from", str(write(tmp_path, data, "bad.json")))
    assert expected in str(error.value)
    assert "nothing was stored" in str(error.value)
    after = (
        list(
            Unit.objects.order_by("pk").values_list("pk", "code", "name", "parent_id", "valid_to")
        ),
        list(Page.objects.order_by("pk").values_list("pk", "path", "title")),
    )
    assert after == before


def test_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        seed("--from", str(tmp_path / "missing.json"))


def test_sample_file_is_valid_json_with_real_names():
    data = json.loads(SAMPLE_2015.read_text(encoding="utf-8"))
    hanoi = data["units"][0]["children"][0]
    ba_dinh = hanoi["children"][0]
    assert (hanoi["name"], ba_dinh["name"]) == ("Thành phố Hà Nội", "Quận Ba Đình")
    names = {w["name"] for w in ba_dinh["children"]}
    assert {"Phường Phúc Xá", "Phường Điện Biên"} <= names
