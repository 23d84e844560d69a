"""Filing a dossier online: the per-procedure form, papers, receipt, drafts, atomicity."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cong.services.codes import ALPHABET, new_dossier_code, normalise_code
from cong.services.models import Dossier, DossierDraft, DossierEvent, DossierFile, ServiceStat
from cong.services.workdays import add_working_days

from .conftest import submit_data, submit_url
from .factories import ProcedureFactory


def test_codes_are_random_and_well_formed():
    codes = {new_dossier_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        assert re.fullmatch(rf"HS-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", code)
        assert normalise_code(code.lower().replace("-", " ")) == code
    assert normalise_code("HS-0000-1111-IIII") == ""  # letters never used in codes


@pytest.mark.django_db
def test_citizen_submits_a_dossier_with_a_paper(client, sections, procedure, settings):
    section = sections["badinh"]
    page = client.get(submit_url(section, procedure))
    assert page.status_code == 200
    assert "Họ tên của trẻ" in page.content.decode() and "Giấy chứng sinh" in page.content.decode()

    response = client.post(submit_url(section, procedure), submit_data(procedure))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.portal == section.get_parent().specific
    assert dossier.status == "received" and dossier.phone == "0912345678"
    assert dossier.answers == {"Họ tên của trẻ": "Nguyễn Văn Bình", "Giới tính": "Nam"}
    # Deadlines count from the day in Vietnam (UTC+7), not the UTC date.
    assert dossier.due_date == add_working_days(timezone.localdate(dossier.submitted_at), 3)
    stored = DossierFile.objects.get(dossier=dossier)
    assert stored.content_type == "application/pdf"
    assert stored.original_name == "giay-chung-sinh.pdf"
    assert (settings.CONG_PRIVATE_MEDIA_ROOT / stored.file.name).exists()
    assert "giay-chung-sinh" not in stored.file.name
    assert DossierEvent.objects.get(dossier=dossier).to_status == "received"
    assert ServiceStat.objects.get().received == 1

    receipt = client.get(response["Location"])
    body = receipt.content.decode()
    assert dossier.code in body and dossier.due_date.strftime("%d/%m/%Y") in body
    assert "no-store" in receipt["Cache-Control"]  # never kept by a shared cache
    from django.test import Client

    assert Client().get(response["Location"]).status_code == 404  # another visitor


@pytest.mark.django_db
def test_missing_paper_and_contact_are_refused(client, sections, procedure):
    paper = procedure.papers.get()
    data = submit_data(procedure, email="", phone="")
    data.pop(f"paper_{paper.pk}")
    response = client.post(submit_url(sections["badinh"], procedure), data)
    assert response.status_code == 200
    assert "cong-form-errors" in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_a_file_whose_content_does_not_match_is_refused(client, sections, procedure):
    paper = procedure.papers.get()
    fake = SimpleUploadedFile("giay.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        submit_url(sections["badinh"], procedure),
        submit_data(procedure, **{f"paper_{paper.pk}": fake}),
    )
    assert response.status_code == 200
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()


@pytest.mark.django_db
def test_an_interrupted_upload_leaves_no_dossier(client, sections, procedure, settings):
    """The storage fails on the second paper: no dossier, no event, no count, no file."""
    from cong.services.models import ProcedurePaper

    ProcedurePaper.objects.create(procedure=procedure, name="Tờ khai", sort_order=1)
    from django.core.files.storage import FileSystemStorage

    original = FileSystemStorage._save
    calls = {"n": 0}

    def failing_save(self, name, content):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("connection reset while writing")
        return original(self, name, content)

    client.raise_request_exception = False
    FileSystemStorage._save = failing_save
    try:
        response = client.post(submit_url(sections["badinh"], procedure), submit_data(procedure))
    finally:
        FileSystemStorage._save = original
    assert response.status_code == 500
    assert calls["n"] == 2
    assert not Dossier.objects.exists()
    assert not DossierFile.objects.exists() and not DossierEvent.objects.exists()
    assert not ServiceStat.objects.exists()
    root = settings.CONG_PRIVATE_MEDIA_ROOT
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_draft_is_saved_and_resumed_by_its_secret_link(client, sections, procedure):
    url = submit_url(sections["badinh"], procedure)
    data = submit_data(procedure, action="draft", applicant_name="Trần Thị Cúc")
    response = client.post(url, data)
    assert response.status_code == 200
    draft = DossierDraft.objects.get()
    assert draft.token in response.content.decode()
    assert draft.data["applicant_name"] == "Trần Thị Cúc"
    assert not Dossier.objects.exists()

    resumed = client.get(f"{url}?nhap={draft.token}")
    assert 'value="Trần Thị Cúc"' in resumed.content.decode()
    assert 'value="Trần Thị Cúc"' not in client.get(f"{url}?nhap=guessed-token").content.decode()

    final = submit_data(procedure, draft_token=draft.token, applicant_name="Trần Thị Cúc")
    assert client.post(url, final).status_code == 302
    assert Dossier.objects.get().applicant_name == "Trần Thị Cúc"
    assert not DossierDraft.objects.exists()


@pytest.mark.django_db
def test_no_online_form_where_the_procedure_is_not_handled(client, sections, procedure):
    # A commune procedure is not filed with the province or the nation.
    assert client.get(submit_url(sections["hanoi"], procedure)).status_code == 404
    offline = ProcedureFactory(online_level="partial")
    assert client.get(submit_url(sections["badinh"], offline)).status_code == 404
    assert client.post(submit_url(sections["nation"], procedure), {}).status_code == 404
