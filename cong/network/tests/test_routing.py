"""Portals by path under the national host, by their own host name, and the cached
hostname → Site lookup."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cong.network.models import PortalPage
from cong.network.tests.helpers import SAMPLE_2015, seed


@pytest.fixture
def network(db):
    seed("--from", str(SAMPLE_2015))


def portal_domain(*args) -> str:
    out = StringIO()
    call_command("portal_domain", *args, stdout=out)
    return out.getvalue()


def served(response):
    assert response.status_code == 200
    return response.context["page"]


def site_queries(queries):
    """Wagtail's hostname → Site query (get_site_for_hostname ranks matches with CASE)."""
    return [q["sql"] for q in queries if "wagtailcore_site" in q["sql"] and "CASE" in q["sql"]]


def test_portals_are_reachable_by_path(network, client):
    assert served(client.get("/")).unit.code == "VN"
    assert served(client.get("/ha-noi/")).unit.code == "01"
    assert served(client.get("/ha-noi/quan-ba-dinh/phuong-dien-bien/")).unit.code == "00019"
    assert client.get("/ha-noi/khong-co/").status_code == 404


def test_portal_domain_serves_a_portal_at_its_own_host(network, client):
    out = portal_domain("ha-noi", "HaNoi.Example.VN")
    assert "hanoi.example.vn:80 now serves Thành phố Hà Nội (also at /ha-noi/" in out
    site = Site.objects.get(hostname="hanoi.example.vn")
    assert site.root_page.specific.unit.code == "01" and not site.is_default_site

    assert served(client.get("/", HTTP_HOST="hanoi.example.vn")).unit.code == "01"
    page = served(client.get("/quan-ba-dinh/phuong-phuc-xa/", HTTP_HOST="hanoi.example.vn"))
    assert page.unit.code == "00001"
    # Still reachable by path under the national host.
    assert served(client.get("/ha-noi/quan-ba-dinh/", HTTP_HOST="localhost")).unit.code == "001"
    # Links stay on the host being browsed, as Wagtail's pageurl does.
    own_home = client.get("/", HTTP_HOST="hanoi.example.vn").content.decode()
    assert 'href="/quan-ba-dinh/"' in own_home
    national_home = client.get("/", HTTP_HOST="localhost").content.decode()
    assert 'href="/ha-noi/"' in national_home

    # Re-pointing the host name (by unit code) takes effect at once: the cache is invalidated.
    assert "updated: serves Tỉnh Hà Giang" in portal_domain("02", "hanoi.example.vn")
    assert served(client.get("/", HTTP_HOST="hanoi.example.vn")).unit.code == "02"

    portal_domain("02", "hanoi.example.vn", "--remove")
    assert not Site.objects.filter(hostname="hanoi.example.vn").exists()
    # An unknown host falls back to the default (national) site.
    assert served(client.get("/", HTTP_HOST="hanoi.example.vn")).unit.code == "VN"


def test_portal_domain_with_a_port(network, client):
    portal_domain("ha-giang/huyen-dong-van", "dongvan.example", "--port", "8080")
    page = served(client.get("/xa-lung-cu/", HTTP_HOST="dongvan.example:8080"))
    assert page.unit.code == "00715"


@pytest.mark.parametrize(
    "args, message",
    [
        (["khong-co", "x.example"], "No portal 'khong-co'"),
        (["ha-noi", "http://hanoi.example/"], "is not a host name"),
        (["ha-noi", "hanoi.example:8000"], "is not a host name"),
        (["ha-noi", "hanoi.example", "--port", "0"], "is not a TCP port"),
        (["ha-noi", "localhost"], "is the default (national) site"),
        (["ha-noi", "nowhere.example", "--remove"], "is not served at nowhere.example:80"),
        (["", "localhost", "--remove"], "is the default site; it cannot be removed"),
    ],
)
def test_portal_domain_errors(network, args, message):
    with pytest.raises(CommandError) as error:
        portal_domain(*args)
    assert message in str(error.value)


def test_site_lookup_is_cached_per_host(network, client):
    portal_domain("ha-noi", "hanoi.example.vn")
    client.get("/", HTTP_HOST="hanoi.example.vn")
    with CaptureQueriesContext(connection) as queries:
        served(client.get("/", HTTP_HOST="hanoi.example.vn"))
    assert site_queries(queries) == []

    # Saving a site's root page refreshes the cached Site that carries it.
    hanoi = PortalPage.objects.get(unit__code="01")
    hanoi.title = "Hà Nội — Thủ đô"
    hanoi.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", HTTP_HOST="hanoi.example.vn")
    assert len(site_queries(queries)) == 1
    assert response.wsgi_request._wagtail_site.root_page.title == "Hà Nội — Thủ đô"
