"""A citizen, in a real browser: finds a procedure, submits a dossier with a paper, follows it
by code. Every page must have zero axe-core WCAG 2.1 A/AA violations (error states included)."""

import pytest

from cong.core.tests.browser import assert_accessible
from cong.services.models import Dossier

from .factories import ServiceIndexPageFactory, online_procedure

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_finds_submits_and_follows_a_dossier(
    live_server, wagtail_base, browser_page, small_network, tmp_path
):
    section = ServiceIndexPageFactory(parent=small_network["portals"]["badinh"])
    procedure = online_procedure(name="Đăng ký khai sinh", code="1.001193")
    child_name, sex = procedure.form_fields.order_by("sort_order")
    paper = procedure.papers.get()
    scan = tmp_path / "giay-chung-sinh.pdf"
    scan.write_bytes(PDF)

    page = browser_page
    page.goto(live_server.url + section.url)
    assert_accessible(page)
    page.fill("#svc-q", "khai sinh")
    page.locator("form.cong-filters button[type=submit]").click()
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.wait_for_selector("h1")
    assert_accessible(page)
    page.locator("a.cong-button").click()
    page.wait_for_selector("form.cong-form")
    assert_accessible(page)

    # Sending it empty shows the errors, still accessible; nothing is created.
    page.locator("button[value=submit]").click()
    page.wait_for_selector(".cong-form-errors")
    assert_accessible(page)
    assert not Dossier.objects.exists()

    page.fill("#id_applicant_name", "Nguyễn Văn An")
    page.fill("#id_phone", "0912345678")
    page.fill(f"#id_{child_name.name}", "Nguyễn Văn Bình")
    page.select_option(f"#id_{sex.name}", "Nam")
    page.set_input_files(f"#id_paper_{paper.pk}", str(scan))
    page.locator("button[value=submit]").click()
    page.wait_for_selector(".cong-code")
    dossier = Dossier.objects.get()
    assert page.locator(".cong-code").first.inner_text().strip() == dossier.code
    assert dossier.files.count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Tra cứu hồ sơ").first.click()
    page.fill("#id_code", dossier.code)
    page.fill("#id_contact", "0912 345 678")
    page.locator("form.cong-form button[type=submit]").click()
    page.wait_for_selector(".cong-status")
    assert page.locator(".cong-status").inner_text().strip() == "Đã tiếp nhận"
    assert_accessible(page)

    page.fill("#id_code", dossier.code)
    page.fill("#id_contact", "0999999999")
    page.locator("form.cong-form button[type=submit]").click()
    page.wait_for_selector(".cong-not-found")
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_statistics_page_is_accessible(live_server, wagtail_base, browser_page, small_network):
    section = ServiceIndexPageFactory(parent=small_network["portals"]["hanoi"])
    browser_page.goto(live_server.url + section.url + "thong-ke/")
    browser_page.wait_for_selector("svg.cong-chart")
    assert_accessible(browser_page)
