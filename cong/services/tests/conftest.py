import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from cong.citizens.abuse import make_stamp
from cong.editorial.models import Role
from cong.editorial.roles import grant_role

from .factories import ServiceIndexPageFactory, online_procedure

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def services_settings(settings, tmp_path):
    cache.clear()
    settings.CONG_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CONG_CITIZEN_MIN_FILL_SECONDS = 3
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    yield
    cache.clear()


def old_stamp():
    return make_stamp(time.time() - 30)


def pdf_file(name="giay-chung-sinh.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def sections(small_network):
    portals = small_network["portals"]
    return {
        key: ServiceIndexPageFactory(parent=portals[key])
        for key in ("nation", "hanoi", "badinh", "hoankiem")
    }


@pytest.fixture
def procedure(db):
    return online_procedure()


@pytest.fixture
def officers(small_network, django_user_model):
    """Ba Đình's officer and leader, Hoàn Kiếm's officer and Hà Nội's editor and admin."""
    portals = small_network["portals"]
    people = {}
    for username, portal, role in [
        ("bd_officer", "badinh", Role.EDITOR),
        ("bd_leader", "badinh", Role.APPROVER),
        ("hk_officer", "hoankiem", Role.EDITOR),
        ("hk_leader", "hoankiem", Role.APPROVER),
        ("hn_editor", "hanoi", Role.EDITOR),
        ("hn_admin", "hanoi", Role.ADMIN),
        ("bd_author", "badinh", Role.AUTHOR),
    ]:
        user = django_user_model.objects.create_user(username=username, password="pw-1234-long")
        grant_role(user, role, portals[portal])
        people[username] = django_user_model.objects.get(pk=user.pk)
    return people


def submit_data(procedure, **overrides):
    fields = {d.label: d for d in procedure.form_fields.all()}
    data = {
        "applicant_name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "phone": "0912 345 678",
        fields["Họ tên của trẻ"].name: "Nguyễn Văn Bình",
        fields["Giới tính"].name: "Nam",
        "stamp": old_stamp(),
        "action": "submit",
    }
    for paper in procedure.papers.all():
        data[f"paper_{paper.pk}"] = pdf_file()
    data.update(overrides)
    return data


def submit_url(section, procedure):
    return section.url + section.reverse_subpage("submit", args=[procedure.url_code])


@pytest.fixture
def make_dossier(sections, procedure):
    """Submit a dossier to a portal through the workflow (not HTTP)."""
    from cong.services import workflow
    from cong.services.models import Dossier

    def make(portal_key="badinh", proc=None, email="an@example.vn", phone="0912345678"):
        portal = sections[portal_key].get_parent().specific
        dossier = Dossier(
            procedure=proc or procedure,
            portal=portal,
            applicant_name="Nguyễn Văn An",
            email=email,
            phone=phone,
            answers={"Họ tên của trẻ": "Nguyễn Văn Bình"},
        )
        return workflow.submit(dossier)

    return make
