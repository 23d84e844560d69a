"""manage.py import_documents (CSV and JSON lines) and the text of attached files."""

import datetime
import io
from io import StringIO

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from fpdf import FPDF

from cong.legal.files import extract_text
from cong.legal.models import Document, DocumentFile, RelationKind, Status
from cong.legal.tests.factories import DocumentIndexPageFactory
from cong.search.tests.encodings import to_cp1258

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_bytes(*lines: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "\n".join(lines))
    return bytes(pdf.output())


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Nơi nhận"
    table.rows[0].cells[1].text = "Bộ Giao thông vận tải"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run(path, language="en"):
    out, err = StringIO(), StringIO()
    with translation.override(language):
        call_command("import_documents", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


CSV = """number,type,issuer,signer,signer_position,issued_on,effective_on,field,abstract,file,replaces
06/2013/QĐ-TTg,,,Nguyễn Tấn Dũng,Thủ tướng,24/01/2013,2013-03-15,Bộ máy hành chính,"Quy định chức năng, nhiệm vụ của Cổng TTĐT Chính phủ",qd06.pdf,
46/2016/nđ-cp,Nghị định,CP,,,26/05/2016,01/08/2016,,Quy định xử phạt vi phạm hành chính trong lĩnh vực giao thông,nd46.docx,
100/2019/NĐ-CP,NĐ,,,,30/12/2019,01/01/2020,,Thay thế Nghị định 46,,46/2016/NĐ-CP
"""


def test_csv_import_with_files_relations_and_status(small_network, tmp_path):
    DocumentIndexPageFactory(parent=small_network["portals"]["nation"])
    (tmp_path / "qd06.pdf").write_bytes(pdf_bytes("Dieu 1. Pham vi dieu chinh", "Cong TTDT"))
    (tmp_path / "nd46.docx").write_bytes(
        docx_bytes("Điều 5. Xử phạt người điều khiển xe ô tô", "Điều 6. Xe mô tô")
    )
    (tmp_path / "docs.csv").write_text(CSV, encoding="utf-8")
    out, err = run(tmp_path / "docs.csv")
    assert "Created: 3, updated: 0, relations: 1, failed: 0" in out, err
    qd06 = Document.objects.get(number="06/2013/QĐ-TTg")
    assert (qd06.document_type.name, qd06.issuer.abbreviation, qd06.field.name) == (
        "Quyết định",
        "TTg",
        "Bộ máy hành chính",
    )
    assert qd06.effective_on == datetime.date(2013, 3, 15)
    pdf = qd06.files.get()
    assert pdf.file_kind == "pdf" and pdf.size > 0
    assert "Dieu 1. Pham vi dieu chinh" in pdf.text
    nd46 = Document.objects.get(number="46/2016/NĐ-CP")
    docx_file = nd46.files.get()
    assert docx_file.file_kind == "docx"
    assert "Điều 5. Xử phạt người điều khiển xe ô tô" in docx_file.text
    assert "Nơi nhận | Bộ Giao thông vận tải" in docx_file.text
    # relations both ways, and the replaced decree's status follows
    nd100 = Document.objects.get(number="100/2019/NĐ-CP")
    assert nd100.document_type.name == "Nghị định"
    assert nd100.relations.get().kind == RelationKind.REPLACES
    assert nd46.status == Status.EXPIRED and nd100.status == Status.IN_FORCE
    # the file's text is on the detail page, with article anchors for citations to link to
    page = Client().get("/van-ban/46-2016-nd-cp/").content.decode()
    assert 'id="dieu-5"' in page and "nd46.docx" in page
    # a second run updates, adds no duplicate file
    out, _ = run(tmp_path / "docs.csv")
    assert "Created: 0, updated: 3" in out
    assert DocumentFile.objects.count() == 2


JSONL = """{"number": "6085/QĐ-BYT", "abstract": "Về việc ban hành hướng dẫn", "issued_on": "2019-10-01"}
{"number": "06/2013/QĐ", "abstract": "thiếu cơ quan ban hành"}
{"number": "16/CT-TTg", "abstract": "Biện pháp cấp bách", "issued_on": "31/03/2020", "file": "fake.pdf"}
not json

{"number": "59/2020/QH14", "type": "Luật", "abstract": "Luật Doanh nghiệp", "issued_on": "2020-06-17", "status": "còn hiệu lực", "unit": "01"}
{"number": "15/2023/NĐ-CP", "issued_on": "2023-13-01", "abstract": "ngày sai"}
{"number": "16/2023/NĐ-CP", "abstract": "loại sai", "type": "Sắc lệnh mới"}
{"number": "17/2023/NĐ-CP"}
{"number": "18/2023/NĐ-CP", "abstract": "Nghị định", "amends": "1/2000/NĐ-CP"}
"""


def test_jsonl_import_reports_bad_rows_and_keeps_good_ones(small_network, tmp_path):
    (tmp_path / "fake.pdf").write_text("not a pdf at all", encoding="utf-8")
    (tmp_path / "docs.jsonl").write_text(JSONL, encoding="utf-8")
    out, err = run(tmp_path / "docs.jsonl")
    assert "Created: 3, updated: 0, relations: 0, failed: 7" in out
    lines = err.splitlines()
    assert lines[0].startswith("line 2: ") and "QĐ-TTg" in lines[0]  # names what is missing
    assert lines[1].startswith("line 3: fake.pdf: ")
    assert lines[2].startswith("line 4: ") and "JSON" in lines[2]
    assert lines[3].startswith("line 7: issued_on: '2023-13-01'")
    assert lines[4].startswith("line 8: ") and "Sắc lệnh mới" in lines[4]
    assert lines[5].startswith("line 9: ") and "abstract" in lines[5]
    assert lines[6].startswith("line 10: relation amends: 1/2000/NĐ-CP")
    assert set(Document.objects.values_list("number", flat=True)) == {
        "6085/QĐ-BYT",
        "59/2020/QH14",
        "18/2023/NĐ-CP",
    }
    assert not Document.objects.filter(number="16/CT-TTg").exists()  # a failed row changes nothing
    assert Document.objects.get(number="6085/QĐ-BYT").slug == "6085-qd-byt-2019"
    out, err = run(tmp_path / "docs.jsonl", language="vi")  # editors read Vietnamese
    assert "Tạo mới: 0, cập nhật: 3, quan hệ: 0, lỗi: 7" in out
    assert "dòng 7: issued_on: '2023-13-01' không phải ngày" in err
    assert "dòng 10: quan hệ sửa đổi, bổ sung: 1/2000/NĐ-CP chưa có trong" in err
    law = Document.objects.get(number="59/2020/QH14")
    assert (law.document_type.name, law.unit.code, law.status) == ("Luật", "01", Status.IN_FORCE)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="nothing.csv: no such file"):
        run(tmp_path / "nothing.csv")


def test_files_uploaded_in_the_admin_get_their_text(registry):
    document = registry["documents"]["qd06"]
    attached = DocumentFile(document=document, title="Toàn văn")
    attached.file.save(
        "qd06.pdf", ContentFile(pdf_bytes("Dieu 1. Cong TTDT Chinh phu")), save=False
    )
    attached.save()
    assert attached.file_kind == "pdf" and "Cong TTDT Chinh phu" in attached.text
    assert extract_text(b"%PDF-1.4 broken", "pdf") == ""  # a broken file has no text, no error


def test_the_demo_documents_import_cleanly(small_network):
    from cong.legal.seeding import DEMO_DOCUMENTS

    out, err = run(DEMO_DOCUMENTS)
    assert "failed: 0" in out and err == ""
    assert Document.objects.count() == 15
    assert Document.objects.get(number="06/2013/QĐ-TTg").issuer.abbreviation == "TTg"
    # replaced by a document that has an issue date but no effective date on record
    assert Document.objects.get(number="43/2011/NĐ-CP").status == Status.EXPIRED
    assert "43/2011/NĐ-CP" in Document.objects.with_status(Status.EXPIRED).values_list(
        "number", flat=True
    )
    out, _ = run(DEMO_DOCUMENTS)
    assert "Created: 0, updated: 15" in out  # safe to re-run


def test_csv_in_windows_1258_is_read_and_stored_as_unicode(small_network, tmp_path):
    text = (
        "number,type,issued_on,abstract\n"
        '06/2013/QĐ-TTg,,24/01/2013,"Quy định chức năng, nhiệm vụ của Cổng TTĐT Chính phủ"\n'
    )
    (tmp_path / "docs.csv").write_bytes(to_cp1258(text))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_documents", str(tmp_path / "docs.csv"), "--encoding", "utf-8")
    run(tmp_path / "docs.csv")
    document = Document.objects.get()
    assert document.abstract == "Quy định chức năng, nhiệm vụ của Cổng TTĐT Chính phủ"
    assert document.number == "06/2013/QĐ-TTg"
