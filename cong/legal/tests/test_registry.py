"""Document records, the registry pages of each portal, and finding a document by number."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from cong.legal.lookup import find_documents_by_number, normalise_number_query
from cong.legal.models import Agency, Document, DocumentRelation, Field, RelationKind, Status
from cong.legal.tests.factories import DocumentFactory, type_named

pytestmark = pytest.mark.django_db


def test_number_fills_type_and_issuer(registry):
    document = registry["documents"]["qd06"]
    assert document.document_type.name == "Quyết định"
    assert document.issuer.abbreviation == "TTg"
    assert (document.slug, document.number_key, document.seq, document.year) == (
        "06-2013-qd-ttg",
        "6-2013-qd-ttg",
        6,
        2013,
    )
    assert str(document) == "Quyết định 06/2013/QĐ-TTg"


def test_administrative_numbers_get_the_year_in_their_slug(db):
    first = DocumentFactory(number="6085/qđ-byt", issued_on=datetime.date(2019, 10, 1))
    again = DocumentFactory(number="6085/QĐ-BYT", issued_on=datetime.date(2020, 2, 3))
    assert first.number == "6085/QĐ-BYT"
    assert (first.slug, again.slug) == ("6085-qd-byt-2019", "6085-qd-byt-2020")
    assert first.year == 2019


def test_clean_reports_a_malformed_number_and_bad_dates(db):
    with translation.override("en"):
        document = Document(number="06/2013/QĐ", abstract="x")
        with pytest.raises(ValidationError) as error:
            document.full_clean()
        assert "not the issuing body" in str(error.value.message_dict["number"])
        document = Document(
            number="07/2013/QĐ-TTg",
            abstract="x",
            issued_on=datetime.date(2013, 5, 1),
            effective_on=datetime.date(2013, 4, 1),
        )
        with pytest.raises(ValidationError) as error:
            document.full_clean()
        assert "effective_on" in error.value.message_dict


def test_status_from_dates_and_replacement(registry):
    today = timezone.localdate()
    nd46, nd100 = registry["documents"]["nd46"], registry["documents"]["nd100"]
    assert nd46.status == Status.IN_FORCE
    DocumentRelation.objects.create(source=nd100, kind=RelationKind.REPLACES, target=nd46)
    assert Document.objects.get(pk=nd46.pk).status == Status.EXPIRED
    future = DocumentFactory(
        number=f"99/{today.year}/NĐ-CP",
        issued_on=today,
        effective_on=today + datetime.timedelta(30),
    )
    assert future.status == Status.NOT_YET
    ended = DocumentFactory(
        number="98/2001/NĐ-CP",
        effective_on=datetime.date(2001, 1, 1),
        expires_on=datetime.date(2005, 1, 1),
    )
    assert ended.status == Status.EXPIRED
    ended.status_override = Status.PARTLY_EXPIRED
    ended.save()
    assert ended.status == Status.PARTLY_EXPIRED
    statuses = {
        status: set(Document.objects.with_status(status).values_list("number", flat=True))
        for status in Status
    }
    assert {"46/2016/NĐ-CP", "98/2001/NĐ-CP"} & statuses[Status.EXPIRED] == {"46/2016/NĐ-CP"}
    assert "98/2001/NĐ-CP" in statuses[Status.PARTLY_EXPIRED]
    assert f"99/{today.year}/NĐ-CP" in statuses[Status.NOT_YET]
    assert {"100/2019/NĐ-CP", "06/2013/QĐ-TTg"} <= statuses[Status.IN_FORCE]


def test_relations_show_from_both_sides(registry):
    nd46, nd100 = registry["documents"]["nd46"], registry["documents"]["nd100"]
    DocumentRelation.objects.create(source=nd100, kind=RelationKind.REPLACES, target=nd46)
    with translation.override("en"):
        assert [(str(label), d.number) for label, d in nd100.relations_both_ways()] == [
            ("replaces", "46/2016/NĐ-CP")
        ]
        assert [(str(label), d.number) for label, d in nd46.relations_both_ways()] == [
            ("replaced by", "100/2019/NĐ-CP")
        ]
    response = Client().get("/van-ban/46-2016-nd-cp/")
    assert 'href="/van-ban/100-2019-nd-cp/"' in response.content.decode()


def test_registry_list_and_detail(registry):
    client = Client()
    listing = client.get("/van-ban/").content.decode()
    for number in ("06/2013/QĐ-TTg", "46/2016/NĐ-CP", "100/2019/NĐ-CP"):
        assert number in listing
    assert "12/2020/QĐ-UBND" not in listing  # Hà Nội's, listed on Hà Nội's portal
    hanoi = client.get("/ha-noi/van-ban/").content.decode()
    assert "12/2020/QĐ-UBND" in hanoi and "06/2013/QĐ-TTg" not in hanoi
    detail = client.get("/van-ban/06-2013-qd-ttg/")
    assert detail.status_code == 200
    html = detail.content.decode()
    for shown in (
        "06/2013/QĐ-TTg",
        "Thủ tướng Chính phủ",
        "Nguyễn Tấn Dũng",
        "24/01/2013",
        "15/03/2013",
    ):
        assert shown in html
    assert client.get("/ha-noi/van-ban/12-2020-qd-ubnd/").status_code == 200
    assert client.get("/van-ban/12-2020-qd-ubnd/").status_code == 404
    assert client.get("/van-ban/1-2000-nd-cp/").status_code == 404


def test_detail_url_tolerates_a_number_typed_without_leading_zero(registry):
    response = Client().get("/van-ban/6-2013-qd-ttg/")
    assert response.status_code == 301
    assert response["Location"] == "/van-ban/06-2013-qd-ttg/"


def test_list_filters_sorting_and_pagination(registry):
    client = Client()
    decree = type_named("Nghị định")
    field = Field.objects.get(name="Vi phạm hành chính")
    Document.objects.filter(number="46/2016/NĐ-CP").update(field=field)
    page = client.get("/van-ban/", {"type": decree.pk}).content.decode()
    assert "46/2016/NĐ-CP" in page and "06/2013/QĐ-TTg" not in page
    issuer = Agency.objects.get(abbreviation="TTg")
    page = client.get("/van-ban/", {"issuer": issuer.pk}).content.decode()
    assert "06/2013/QĐ-TTg" in page and "46/2016/NĐ-CP" not in page
    page = client.get("/van-ban/", {"year": 2019}).content.decode()
    assert "100/2019/NĐ-CP" in page and "/van-ban/46-2016-nd-cp/" not in page
    page = client.get("/van-ban/", {"field": field.pk}).content.decode()
    assert "46/2016/NĐ-CP" in page and "100/2019/NĐ-CP" not in page
    page = client.get("/van-ban/", {"status": "in_force"}).content.decode()
    assert "100/2019/NĐ-CP" in page
    oldest = client.get("/van-ban/", {"sort": "oldest"}).content.decode()
    assert oldest.index("06/2013/QĐ-TTg") < oldest.index("100/2019/NĐ-CP")
    newest = client.get("/van-ban/").content.decode()
    assert newest.index("100/2019/NĐ-CP") < newest.index("06/2013/QĐ-TTg")
    for n in range(25):
        DocumentFactory(number=f"{200 + n}/2021/NĐ-CP", issued_on=datetime.date(2021, 1, 1))
    first = client.get("/van-ban/", {"type": decree.pk})
    second = client.get("/van-ban/", {"type": decree.pk, "page": 2})
    assert first.context["documents_page"].paginator.count == 27
    assert len(first.context["documents_page"].object_list) == 20
    assert len(second.context["documents_page"].object_list) == 7
    assert f"type={decree.pk}" in second.content.decode()  # filters kept in page links


def test_a_bad_filter_is_ignored_not_an_error(registry):
    response = Client().get("/van-ban/", {"year": "abc", "type": "999999", "page": "x"})
    assert response.status_code == 200
    assert "06/2013/QĐ-TTg" in response.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "06/2013/QĐ-TTg",
        "06/2013/qd-ttg",
        "6/2013/QD-TTG",
        "06-2013-qd-ttg",
        "quyet dinh 06 2013",
        "Quyết định 6/2013",
        "QĐ 06 2013",
        "06/2013 ttg",
    ],
)
def test_found_by_number_typed_any_way(registry, typed):
    found = find_documents_by_number(typed)
    assert [d.number for d in found] == ["06/2013/QĐ-TTg"]


def test_search_box_uses_the_number_lookup_then_words(registry):
    client = Client()
    page = client.get("/van-ban/", {"q": "quyet dinh 06 2013"}).content.decode()
    assert "06/2013/QĐ-TTg" in page and "46/2016/NĐ-CP" not in page
    page = client.get("/van-ban/", {"q": "giao thong duong bo"}).content.decode()
    assert "46/2016/NĐ-CP" in page and "06/2013/QĐ-TTg" not in page


def test_normalise_number_query():
    readings = normalise_number_query("nghi dinh 46 2016")
    assert readings[0].seq == 46 and readings[0].year == 2016
    assert readings[0].type_name == "Nghị định"
    assert normalise_number_query("06/2013/qđ-ttg")[0].key == "6-2013-qd-ttg"
    assert normalise_number_query("giao thông đường bộ") == []


@pytest.mark.parametrize("typed", ["06/2013/QĐ-TTg", "06/2013/qd-ttg", "quyet dinh 06 2013"])
def test_public_search_finds_a_document_by_number(registry, typed):
    """cong.search shows the registry's number matches (through cong.legal.lookup)."""
    page = Client().get("/tim-kiem/", {"q": typed}).content.decode()
    assert 'href="/van-ban/06-2013-qd-ttg/"' in page
    assert 'href="/van-ban/46-2016-nd-cp/"' not in page
