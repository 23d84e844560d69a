"""Units change: renamed, moved to another parent, retired, restored — portals follow."""

from django.utils import timezone

from cong.network.models import PortalPage, Unit
from cong.network.portals import SECTIONS, portal_slug
from cong.network.signals import portals_created
from cong.network.tests.helpers import mini_2025, seed, unit, write

BA_DINH = unit("00004", "Phường Ba Đình", "phường")
HOAN_KIEM = unit("00070", "Phường Hoàn Kiếm", "phường")
NGOC_HA = unit("00008", "Phường Ngọc Hà", "phường")
HUE = unit("46", "Thành phố Huế", "thành phố")


def test_retired_unit_keeps_its_portal_out_of_current_listings(db, tmp_path):
    seed("--from", str(write(tmp_path, mini_2025(BA_DINH, HOAN_KIEM, NGOC_HA))))
    out = seed("--from", str(write(tmp_path, mini_2025(BA_DINH, HOAN_KIEM))))

    assert "0 created, 0 renamed, 0 re-parented, 0 updated, 1 retired, 0 restored" in out
    assert "retired: 00008 Phường Ngọc Hà" in out
    ngoc_ha = Unit.objects.get(code="00008")
    assert ngoc_ha.valid_to == timezone.localdate()
    assert not ngoc_ha.is_current
    portal = PortalPage.objects.get(unit=ngoc_ha)
    assert portal.live and not portal.show_in_menus
    assert portal not in PortalPage.objects.current()
    assert PortalPage.objects.current().count() == 4
    assert Unit.objects.current().count() == 4

    again = seed("--from", str(write(tmp_path, mini_2025(BA_DINH, HOAN_KIEM))))
    assert "no changes (5 units, 4 current, 5 portals)" in again

    back = seed("--from", str(write(tmp_path, mini_2025(BA_DINH, HOAN_KIEM, NGOC_HA))))
    assert "1 restored" in back
    portal.refresh_from_db()
    assert portal.show_in_menus and portal in PortalPage.objects.current()


def test_renamed_unit_renames_its_portal_unless_editors_retitled_it(db, tmp_path):
    seed("--from", str(write(tmp_path, mini_2025(BA_DINH, HOAN_KIEM))))
    PortalPage.objects.filter(unit__code="00070").update(title="Cổng TTĐT phường Hoàn Kiếm")

    renamed = mini_2025(
        unit("00004", "Phường Ba Đình Mới", "phường"),
        unit("00070", "Phường Hoàn Kiếm Mới", "phường"),
    )
    out = seed("--from", str(write(tmp_path, renamed)))
    assert "2 renamed" in out
    assert "renamed: 00004: Phường Ba Đình → Phường Ba Đình Mới" in out
    ba_dinh = PortalPage.objects.get(unit__code="00004")
    assert (ba_dinh.title, ba_dinh.slug) == ("Phường Ba Đình Mới", "phuong-ba-dinh")
    assert PortalPage.objects.get(unit__code="00070").title == "Cổng TTĐT phường Hoàn Kiếm"
    assert Unit.objects.search("ba dinh moi").get().code == "00004"


def test_reparented_unit_moves_its_portal(db, tmp_path):
    seed("--from", str(write(tmp_path, mini_2025(BA_DINH, HOAN_KIEM, extra_provinces=[HUE]))))
    moved = mini_2025(
        HOAN_KIEM, extra_provinces=[unit("46", "Thành phố Huế", "thành phố", BA_DINH)]
    )
    out = seed("--from", str(write(tmp_path, moved)))

    assert "1 re-parented" in out
    assert "moved: /chinh-phu/ha-noi/phuong-ba-dinh/ → /chinh-phu/hue/phuong-ba-dinh/" in out
    portal = PortalPage.objects.get(unit__code="00004")
    assert portal.url_path == "/chinh-phu/hue/phuong-ba-dinh/"
    assert portal.get_children().count() == len(SECTIONS)
    assert portal.get_children().first().url_path == "/chinh-phu/hue/phuong-ba-dinh/tin-tuc/"
    assert "no changes" in seed("--from", str(write(tmp_path, moved)))


def test_slugs_drop_the_province_type_and_never_collide(db, tmp_path):
    data = mini_2025(
        unit("00100", "Xã Đông Anh", "xã"),
        unit("00101", "Xã Dông Anh", "xã"),  # folds to the same slug
        unit("00102", "Phường Giảng Võ", "phường", slug="giang-vo"),
        extra_provinces=[
            unit("98", "Tỉnh Tin Tức", "tỉnh"),  # would take the news section's slug
            unit("99", "Tỉnh Đắk Lắk", "tỉnh"),
        ],
    )
    seed("--from", str(write(tmp_path, data)))
    slugs = dict(PortalPage.objects.values_list("unit__code", "slug"))
    assert slugs["01"] == "ha-noi"
    assert (slugs["00100"], slugs["00101"]) == ("xa-dong-anh", "xa-dong-anh-2")
    assert slugs["00102"] == "giang-vo"
    assert slugs["98"] == "tin-tuc-2"
    assert slugs["99"] == "dak-lak"


def test_portal_slug_rules():
    hanoi = Unit(name="Thành phố Hà Nội", unit_type="thành phố")
    assert portal_slug(hanoi, drops_type=True) == "ha-noi"
    assert portal_slug(hanoi, drops_type=False) == "thanh-pho-ha-noi"
    commune = Unit(name="Đặc khu Côn Đảo", unit_type="đặc khu")
    assert portal_slug(commune, drops_type=False) == "dac-khu-con-dao"
    assert portal_slug(Unit(name="Tỉnh Điện Biên", unit_type="tỉnh"), True) == "dien-bien"
    assert portal_slug(hanoi, True, preferred="thu-do") == "thu-do"


def test_portals_created_signal_lists_the_new_portals(db, tmp_path):
    received = []

    def receiver(sender, portal_ids, **kwargs):
        received.append((sender, sorted(portal_ids)))

    portals_created.connect(receiver)
    try:
        seed("--from", str(write(tmp_path, mini_2025(BA_DINH))))
        seed("--from", str(write(tmp_path, mini_2025(BA_DINH))))  # nothing new: no signal
        seed("--from", str(write(tmp_path, mini_2025(BA_DINH, HOAN_KIEM))))
    finally:
        portals_created.disconnect(receiver)
    all_ids = sorted(PortalPage.objects.values_list("pk", flat=True))
    hoan_kiem = PortalPage.objects.get(unit__code="00070").pk
    assert received == [
        (PortalPage, [pk for pk in all_ids if pk != hoan_kiem]),
        (PortalPage, [hoan_kiem]),
    ]
