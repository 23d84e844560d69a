"""The catalogue: import (JSONL, CSV), browse by field, level, unit, life event, search."""

import json
import unicodedata
from io import StringIO

import pytest
from django.core.management import call_command

from cong.services.demo import FIXTURE, seed_services_demo
from cong.services.models import LifeEvent, Procedure, ServiceIndexPage

pytestmark = pytest.mark.django_db


def write_jsonl(path, items):
    path.write_text(
        "\n".join(i if isinstance(i, str) else json.dumps(i, ensure_ascii=False) for i in items)
        + "\n",
        encoding="utf-8",
    )
    return path


GOOD = {
    "code": "1.001193",
    "name": unicodedata.normalize("NFD", "Đăng ký khai sinh"),
    "field": "Hộ tịch",
    "levels": [2],
    "handling_body": "Ủy ban nhân dân cấp xã",
    "steps": ["Nộp hồ sơ", "Trả kết quả"],
    "papers": [{"name": "Tờ khai", "copies": "01 bản chính"}],
    "processing_days": 3,
    "online_level": "full",
    "life_events": ["Có con nhỏ"],
    "form_fields": [{"label": "Họ tên trẻ", "kind": "text"}],
}


def test_import_reports_bad_lines_keeps_good_ones_and_reruns_cleanly(tmp_path, small_network):
    path = write_jsonl(
        tmp_path / "tt.jsonl",
        [
            GOOD,
            {**GOOD, "code": "1.000002", "processing_days": "ba"},
            "{not json",
            {**GOOD, "code": "1.000004", "levels": [7]},
            {**GOOD, "code": "1.000005", "online_level": "maybe"},
            {**GOOD, "code": "2.000488", "name": "Cấp Phiếu lý lịch tư pháp", "levels": [1]},
        ],
    )
    out, err = StringIO(), StringIO()
    call_command("import_procedures", str(path), "--no-progress", stdout=out, stderr=err)
    assert "2 procedures imported, 0 already present, 4 rejected" in out.getvalue()
    errors = err.getvalue()
    assert "line 2: processing_days" in errors and "line 3: invalid JSON" in errors
    assert "line 4: unknown levels [7]" in errors and "line 5: online_level" in errors
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.name == unicodedata.normalize("NFC", "Đăng ký khai sinh")
    assert procedure.level_numbers() == [2] and procedure.papers.count() == 1
    assert procedure.form_fields.get().label == "Họ tên trẻ"
    assert list(procedure.life_events.values_list("name", flat=True)) == ["Có con nhỏ"]

    out = StringIO()
    call_command("import_procedures", str(path), "--no-progress", stdout=out, stderr=StringIO())
    assert "0 procedures imported, 2 already present" in out.getvalue()
    assert Procedure.objects.count() == 2


def test_import_csv(tmp_path, small_network):
    path = tmp_path / "tt.csv"
    path.write_text(
        "code,name,field,levels,handling_body,steps,papers,fees,processing_days,legal_basis,"
        "online_level,life_events\n"
        "1.000894,Đăng ký kết hôn,Hộ tịch,2,UBND cấp xã,Nộp tờ khai|Ký sổ,Tờ khai,Miễn,1,,"
        "partial,Kết hôn\n"
        "1.000895,Thiếu số ngày,Hộ tịch,2,UBND cấp xã,,,,,,full,\n",
        encoding="utf-8",
    )
    err = StringIO()
    call_command("import_procedures", str(path), "--no-progress", stdout=StringIO(), stderr=err)
    assert "line 3: processing_days" in err.getvalue()
    procedure = Procedure.objects.get(code="1.000894")
    assert procedure.step_list() == ["Nộp tờ khai", "Ký sổ"]
    assert procedure.online_level == "partial"


def test_legal_basis_links_to_the_registry(small_network):
    from cong.legal.tests.factories import DocumentFactory
    from cong.services.models import ServiceField

    document = DocumentFactory(number="123/2015/NĐ-CP")
    procedure = Procedure(
        code="1.000001",
        name="Đăng ký khai tử",
        field=ServiceField.objects.create(name="Hộ tịch", slug="ho-tich"),
        handling_body="UBND cấp xã",
        processing_days=1,
        legal_basis="123/2015/NĐ-CP Nghị định quy định chi tiết\n99/2099/XX-YY không có",
    )
    procedure.save()
    assert list(procedure.legal_documents.all()) == [document]


@pytest.fixture
def demo(small_network):
    return seed_services_demo()


def test_demo_is_idempotent_and_browsable(client, demo):
    assert demo["procedures"] == sum(1 for _ in FIXTURE.open(encoding="utf-8"))
    assert seed_services_demo()["procedures"] == 0
    assert ServiceIndexPage.objects.count() == 3
    section = ServiceIndexPage.objects.get(depth=3)  # the national portal's
    body = client.get(section.url).content.decode()
    assert "Đăng ký khai sinh" in body and "Cấp Phiếu lý lịch tư pháp" in body

    def names(query):
        return client.get(section.url + query).content.decode()

    assert "Đăng ký khai sinh" in names("?q=dang ky khai sinh")  # without accents
    assert "Đăng ký khai sinh" in names("?q=KHAI SINH")  # any case, on every database
    assert "Cấp Phiếu lý lịch tư pháp" not in names("?q=khai sinh")
    assert "Đăng ký khai sinh" not in names("?linh-vuc=ly-lich-tu-phap")
    assert "Cấp Phiếu lý lịch tư pháp" in names("?cap=1")
    assert "Đăng ký khai sinh" not in names("?cap=1")
    event = LifeEvent.objects.get(name="Có con nhỏ")
    assert "Đăng ký khai sinh" in names(f"?su-kien={event.slug}")
    assert "Đăng ký kết hôn" not in names(f"?su-kien={event.slug}")
    hanoi = small_network_unit("01")
    assert "Cấp Phiếu lý lịch tư pháp" in names(f"?don-vi={hanoi.pk}")
    assert "Đăng ký khai sinh" not in names(f"?don-vi={hanoi.pk}")
    assert "Chứng thực bản sao" in names("?truc-tuyen=information")


def small_network_unit(code):
    from cong.network.models import Unit

    return Unit.objects.get(code=code)


def test_procedure_page_and_level_names_from_data(client, demo):
    section = ServiceIndexPage.objects.get(depth=3)
    body = client.get(section.url + "thu-tuc/1_001193/").content.decode()
    assert "Đăng ký khai sinh" in body and "Giấy chứng sinh" in body
    assert "phường" in body  # the level is named by the unit types found at that level
    assert "60/2014/QH13" in body
    assert client.get(section.url + "thu-tuc/9_999999/").status_code == 404
    menu = client.get(section.get_parent().url).content.decode()
    assert section.url in menu  # the section is in the portal's menu
