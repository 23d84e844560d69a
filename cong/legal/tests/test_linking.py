"""The citation linker end to end: the seed article, publishing, the commands, the detail page
and the admin report of numbers the registry does not have."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.rich_text import RichText

from cong.legal.admin_views import missing_rows
from cong.legal.models import Citation, Document
from cong.legal.tests.factories import DocumentFactory
from cong.news.models import ArticlePage
from cong.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

SEED = Path(settings.SHARED_DATA_DIR) / "seed-article-chinhphu-2015-07-21.txt"


def import_seed_article():
    call_command(
        "import_articles",
        str(SEED),
        "--format",
        "chinhphu-text",
        "--portal",
        "national",
        "--no-progress",
        stdout=StringIO(),
    )
    return ArticlePage.objects.get()


def article_with_body(parent, paragraph: str, **kwargs) -> ArticlePage:
    article = ArticlePageFactory(parent=parent, **kwargs)
    article.body = [("paragraph", RichText(f"<p>{paragraph}</p>"))]
    article.save()
    return article


@pytest.mark.skipif(not SEED.is_file(), reason="shared seed article not available")
def test_the_seed_article_links_06_2013_qd_ttg(registry, django_capture_on_commit_callbacks):
    """The bar: the seed article, imported with 06/2013/QĐ-TTg in the registry, links it."""
    document = registry["documents"]["qd06"]
    with django_capture_on_commit_callbacks(execute=True):
        article = import_seed_article()
    citation = Citation.objects.get(article=article)
    assert citation.document == document
    assert citation.span == "Quyết định số 06/2013/QĐ-TTg"
    assert (citation.location, citation.kind, citation.issuer) == ("body", "normative", "TTg")
    client = Client()
    page = client.get(article.url).content.decode()
    assert 'href="/van-ban/06-2013-qd-ttg/"' in page  # "documents cited in this article"
    detail = client.get("/van-ban/06-2013-qd-ttg/").content.decode()
    assert article.title in detail and article.url in detail  # "articles citing this document"


@pytest.mark.skipif(not SEED.is_file(), reason="shared seed article not available")
def test_a_document_added_later_adopts_the_waiting_citation(small_network):
    article = import_seed_article()
    call_command("link_citations", stdout=StringIO(), stderr=StringIO())
    waiting = Citation.objects.get(article=article)
    assert waiting.document is None and waiting.number_key == "6-2013-qd-ttg"
    assert [row["shown_number"] for row in missing_rows()] == ["06/2013/QĐ-TTg"]
    document = DocumentFactory(number="06/2013/QĐ-TTg", abstract="Cổng TTĐT Chính phủ")
    assert Citation.objects.get(pk=waiting.pk).document == document
    assert list(missing_rows()) == []


def test_linking_runs_on_publish_and_stops_on_unpublish(
    registry, django_capture_on_commit_callbacks
):
    news = registry["sections"]["hanoi"]["news"]
    article = article_with_body(
        news,
        "Xử phạt theo điểm e, khoản 2 Điều 5 Nghị định 46/2016/NĐ-CP và Quyết định "
        "12/2020/QĐ-UBND; Công văn số 1234/VPCP-KGVX.",
        live=False,
    )
    assert not Citation.objects.filter(article=article).exists()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    rows = {c.number: c for c in Citation.objects.filter(article=article)}
    assert set(rows) == {"46/2016/NĐ-CP", "12/2020/QĐ-UBND", "1234/VPCP-KGVX"}
    nd46 = rows["46/2016/NĐ-CP"]
    assert nd46.document == registry["documents"]["nd46"]
    assert (nd46.article_number, nd46.clause, nd46.point, nd46.anchor) == ("5", "2", "e", "#dieu-5")
    assert rows["12/2020/QĐ-UBND"].document == registry["documents"]["hanoi12"]
    assert rows["1234/VPCP-KGVX"].document is None
    page = Client().get(ArticlePage.objects.get(pk=article.pk).url).content.decode()
    assert 'href="/van-ban/46-2016-nd-cp/#dieu-5"' in page
    assert 'href="/ha-noi/van-ban/12-2020-qd-ubnd/"' in page
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=article.pk).unpublish()
    assert not Citation.objects.filter(article=article).exists()


def test_link_citations_over_existing_content_is_idempotent(registry):
    news = registry["sections"]["nation"]["news"]
    first = article_with_body(
        news, "Theo Nghị định số 100/2019/NĐ-CP, thay Nghị định 46/2016/NĐ-CP."
    )
    article_with_body(news, "Không dẫn văn bản nào.")
    article_with_body(news, "Draft: Nghị định 46/2016/NĐ-CP", live=False)
    for _ in range(2):
        out = StringIO()
        call_command("link_citations", stdout=out, stderr=StringIO())
        assert "Articles: 2, citations found: 2" in out.getvalue()
    linked = Citation.objects.filter(article=first).order_by("start")
    assert [c.document.number for c in linked] == ["100/2019/NĐ-CP", "46/2016/NĐ-CP"]
    assert Citation.objects.count() == 2
    detail = Client().get("/van-ban/100-2019-nd-cp/")
    assert [a.pk for a in detail.context["citing_articles"]] == [first.pk]


def test_local_numbers_resolve_to_the_citing_portals_own_document(registry):
    hue_doc = DocumentFactory(
        number="12/2020/QĐ-UBND",
        abstract="Quy định của Huế",
        unit=registry["portals"]["hue"].unit,
    )
    hue = article_with_body(registry["sections"]["hue"]["news"], "Theo Quyết định 12/2020/QĐ-UBND")
    ward = article_with_body(
        registry["sections"]["badinh"]["news"], "Theo Quyết định 12/2020/QĐ-UBND"
    )
    call_command("link_citations", stdout=StringIO(), stderr=StringIO())
    assert Citation.objects.get(article=hue).document == hue_doc
    assert Citation.objects.get(article=ward).document == registry["documents"]["hanoi12"]


def test_missing_documents_admin_report(registry):
    news = registry["sections"]["nation"]["news"]
    for n in range(2):
        article_with_body(news, f"Công văn số 1234/VPCP-KGVX và Nghị định 167 (bài {n}).")
    article_with_body(news, "Nghị định 46/2016/NĐ-CP")
    call_command("link_citations", stdout=StringIO(), stderr=StringIO())
    user = get_user_model().objects.create_superuser("editor", "e@example.vn", "x")
    client = Client()
    client.force_login(user)
    report = client.get("/admin/reports/legal-missing/")
    assert report.status_code == 200
    html = report.content.decode()
    assert "1234/VPCP-KGVX" in html and "46/2016/NĐ-CP" not in html
    assert "Nghị định 167" not in html.replace("(Nghị định 167)", "")
    rows = list(missing_rows(include_short=True))
    assert {(r["shown_number"], r["articles"]) for r in rows} == {
        ("1234/VPCP-KGVX", 2),
        ("167", 2),
    }
    assert "legal-missing" in client.get("/admin/").content.decode()  # in the Reports menu
    anonymous = Client().get("/admin/reports/legal-missing/")
    assert anonymous.status_code in (302, 403)


def test_find_citations_json_lines(tmp_path):
    text = (
        "Theo Quyết định số 06/2013/QĐ-TTg của Thủ tướng,\n"
        "bị xử phạt theo điểm e, khoản 2 Điều 5 Nghị định 46/2016/NĐ-CP; "
        "Công văn 1234/VPCP-KGVX và bản án số 11/2018/HSST.\n"
    )
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("find_citations", str(path), "--json", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    keys = {
        "start",
        "end",
        "span",
        "number",
        "seq",
        "year",
        "type",
        "issuer",
        "type_word",
        "article",
        "clause",
        "point",
        "kind",
    }
    assert all(set(row) == keys for row in rows)
    assert [row["kind"] for row in rows] == ["normative", "normative", "administrative", "judicial"]
    for row in rows:
        assert text[row["start"] : row["end"]] == row["span"]
    assert rows[1] == {
        "start": text.index("điểm e"),
        "end": text.index("; Công"),
        "span": "điểm e, khoản 2 Điều 5 Nghị định 46/2016/NĐ-CP",
        "number": "46/2016/NĐ-CP",
        "seq": "46",
        "year": 2016,
        "type": "Nghị định",
        "issuer": "CP",
        "type_word": "Nghị định",
        "article": "5",
        "clause": "2",
        "point": "e",
        "kind": "normative",
    }
    assert rows[2]["year"] is None and rows[3]["issuer"] is None


def test_find_citations_errors_are_clear(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("find_citations", str(tmp_path / "missing.txt"))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Nghị định 46/2016/NĐ-CP".encode("utf-16"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("find_citations", str(latin1))


def test_registry_documents_keep_their_citations_when_renumbered(registry):
    """Deleting a document leaves its citations waiting, not lost."""
    news = registry["sections"]["nation"]["news"]
    article_with_body(news, "Nghị định 46/2016/NĐ-CP")
    call_command("link_citations", stdout=StringIO(), stderr=StringIO())
    Document.objects.filter(number="46/2016/NĐ-CP").delete()
    citation = Citation.objects.get()
    assert citation.document is None and citation.number == "46/2016/NĐ-CP"


def test_rich_text_links_registry_numbers_in_place(registry):
    from cong.legal.citations.html import link_citations_in_html

    article = article_with_body(registry["sections"]["badinh"]["news"], "x")
    markup = (
        "<p>Theo khoản 2 Điều 5 Nghị định số 46/2016/NĐ-CP &amp; Quyết định 12/2020/QĐ-UBND, "
        'Công văn 1234/VPCP-KGVX; <a href="/x">Nghị định 100/2019/NĐ-CP</a></p>'
    )
    linked = link_citations_in_html(markup, article)
    assert (
        '<a class="legal-citation" href="/van-ban/46-2016-nd-cp/#dieu-5" title="Nghị định '
        "46/2016/NĐ-CP: Quy định xử phạt"
    ) in linked
    assert ">khoản 2 Điều 5 Nghị định số 46/2016/NĐ-CP</a> &amp; " in linked
    assert 'href="/ha-noi/van-ban/12-2020-qd-ubnd/"' in linked
    assert "Công văn 1234/VPCP-KGVX;" in linked  # not in the registry: left as text
    assert '<a href="/x">Nghị định 100/2019/NĐ-CP</a>' in linked  # existing links untouched
    assert link_citations_in_html("<p>Không có số</p>") == "<p>Không có số</p>"
