"""Bulk indexing from rows (`cong.search.backends.tantivy.rows`): the same documents as the
instance path through modelsearch and Wagtail, resumable without duplicates, and drafts and
expired articles kept out of public search."""

import datetime
import io
import unicodedata

import pytest
import tantivy
import wagtail_factories
from django.core.management import call_command
from django.utils import timezone
from factory.django import ImageField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search.backends import get_search_backend

from cong.network.tests.factories import AboutPageFactory
from cong.news.models import ArticlePage
from cong.news.tests.test_generate_scale import small_corpus
from cong.search import service
from cong.search.backends.tantivy import rows
from cong.search.backends.tantivy.backend import _schema, content_types_of, document_key
from cong.search.backends.tantivy.schema import KEY, DocumentBuilder
from cong.search.indexing import indexed_models

NFD = unicodedata.normalize("NFD", "Hoà bình, thuỷ lợi và Quốc hội")

# Markup the rich text editor and the importers write: read without an HTML parser.
EDITOR_HTML = [
    "",
    "Chỉ văn bản, không thẻ &amp; AT&T",
    "<p>Một đoạn văn.</p>",
    "<p>Dòng một<br/>dòng hai<br />dòng ba<br>dòng bốn</p>",
    '<p><b>Đậm</b>, <i>nghiêng</i>, <a href="https://chinhphu.vn/?a=1&amp;b=2">liên kết</a>, '
    '<a linktype="page" id="3">trang</a> và <a linktype="document" id="7">văn bản</a></p>',
    "<h2>Tiêu đề</h2><ul><li>một</li><li>hai</li></ul><ol><li>ba</li></ol>",
    "<P>HOA</P><H3 class='x'>thường</H3>",
    "<p>Tom &amp; Jerry &lt;b&gt; &quot;x&quot; &#39;y&#39; &#x27;z&#x27; &nbsp;cách&nbsp;</p>",
    f"<p>{NFD}</p>",
    '<p>Ảnh <embed embedtype="image" id="1" format="left" alt="Cầu &amp; sông"/> giữa</p>',
    "<p>  khoảng trắng đầu cuối  </p>\n",
]
CLEAN_HTML = [h for h in EDITOR_HTML if "AT&T" not in h]  # "&" must be a reference
# Markup only Wagtail's own function reads right: comments, scripts, loose "&", stray "<",
# unknown tags, a tag broken by a closing tag.
OTHER_HTML = [
    "<p>có <!-- ghi chú --> chú thích</p>",
    "<p>mã <script>var a = 1 < 2;</script> nhúng</p>",
    "<p>AT&T và &amp không chấm phẩy</p>",
    "<p>a < b và c > d</p>",
    "<p>thẻ <custom-tag>lạ</custom-tag> và <h7>h7</h7></p>",
    "<b</p>> lồng",
    "<p>nul \0 trong đoạn</p>",
    '<p><a title="x</p>">thuộc tính</a></p>',
]


@pytest.mark.parametrize("html", EDITOR_HTML + OTHER_HTML)
def test_text_for_indexing_equals_wagtail(html):
    assert rows.text_for_indexing(html) == get_text_for_indexing(html)


def test_texts_for_indexing_equals_wagtail_one_by_one():
    for htmls in (EDITOR_HTML, OTHER_HTML, EDITOR_HTML + OTHER_HTML, CLEAN_HTML, CLEAN_HTML[3:4]):
        assert rows.texts_for_indexing(htmls) == [get_text_for_indexing(h) for h in htmls]


def test_editor_markup_needs_no_html_parser(monkeypatch):
    expected = [get_text_for_indexing(h) for h in CLEAN_HTML]

    def refuse(html):
        raise AssertionError(f"fell back to Wagtail for {html!r}")

    monkeypatch.setattr(rows, "get_text_for_indexing", refuse)
    assert rows.texts_for_indexing(CLEAN_HTML) == expected
    assert [rows.text_for_indexing(h) for h in CLEAN_HTML] == expected


# -- whole documents ---------------------------------------------------------------------------


def _import_corpus(tmp_path, count):
    call_command(
        "import_articles",
        str(small_corpus(tmp_path, count)),
        "--format",
        "jsonl",
        "--spread",
        "--no-progress",
        "--no-index",
        stdout=io.StringIO(),
    )
    return list(ArticlePage.objects.order_by("pk"))


def _every_block_body(image_id, paragraphs):
    return [
        {"type": "subheading", "value": f"Tiêu đề phụ {NFD}", "id": "a"},
        *({"type": "paragraph", "value": html} for html in paragraphs),
        {"type": "quote", "value": {"quote": "Trích &amp; dẫn", "attribution": "Bộ trưởng"}},
        {"type": "quote", "value": {"quote": "Không ghi nguồn"}},  # a child missing: default
        {
            "type": "image",
            "value": {"image": image_id, "alt_text": "Cầu Long Biên", "caption": "Ảnh: TTXVN"},
        },
        {"type": "image", "value": {"image": 999_999, "alt_text": "Ảnh đã xoá", "caption": ""}},
        {"type": "paragraph", "value": None, "id": "e"},
        {"type": "retired_block_type", "value": "dropped by Wagtail", "id": "f"},
    ]


@pytest.fixture
def varied_articles(small_network, tmp_path):
    """Real articles from the corpus, some given every block kind, decomposed (NFD) or new-style
    accents, entities; a draft and an expired one; an about page with rich text fields."""
    articles = _import_corpus(tmp_path, 40)
    image = wagtail_factories.ImageFactory(title="Cầu", file=ImageField(width=8, height=8))
    first, second, third, fourth, fifth = articles[:5]
    ArticlePage.objects.filter(pk=first.pk).update(
        body=_every_block_body(image.pk, CLEAN_HTML), sapo=f"{NFD} &amp; Tom & Jerry"
    )
    ArticlePage.objects.filter(pk=fifth.pk).update(  # one paragraph for Wagtail to read
        body=_every_block_body(image.pk, CLEAN_HTML + OTHER_HTML[:1])
    )
    ArticlePage.objects.filter(pk=second.pk).update(body=[{"type": "paragraph", "value": NFD}])
    Page.objects.filter(pk=second.pk).update(title=f"Hoà bình {NFD}", live=False)
    Page.objects.filter(pk=third.pk).update(expire_at=timezone.now() - datetime.timedelta(days=1))
    ArticlePage.objects.filter(pk=fourth.pk).update(body="not JSON: kept as raw text")
    AboutPageFactory(
        parent=small_network["portals"]["hanoi"],
        functions=EDITOR_HTML[4] + OTHER_HTML[2],
        structure=f"<ul><li>{NFD}</li></ul>",
    )
    return articles


def test_row_documents_equal_instance_documents(varied_articles):
    filter_fields, schema, _fingerprint = _schema()
    builder = DocumentBuilder(schema, filter_fields)
    planned = []
    for model in indexed_models():
        plan = rows.RowPlan.for_model(model, filter_fields)
        if plan is None:
            continue
        planned.append(model)
        queryset = model.get_indexed_objects().order_by("pk")
        instances = [obj.get_indexed_instance() or obj for obj in queryset]
        content_types = content_types_of(model)
        expected = [
            builder.data(obj, document_key(model, obj.pk), content_types) for obj in instances
        ]
        actual = [
            plan.document_data(row, document_key(model, row[0]), content_types)
            for row in plan.rows(queryset)
        ]
        assert actual == expected, model
    assert ArticlePage in planned
    assert {"AboutPage", "PortalPage", "NewsIndexPage", "Page"} <= {m.__name__ for m in planned}


def test_models_with_related_or_computed_search_fields_keep_the_instance_path():
    from cong.legal.models import Document

    assert rows.RowPlan.for_model(Document, _schema()[0]) is None


# -- reindexing --------------------------------------------------------------------------------


@pytest.fixture
def disk_backend(settings, tmp_path):
    """A tantivy index in a directory: full rebuilds go through generations and one writer."""
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "disk": {"BACKEND": "cong.search.backends.tantivy", "INDEX_DIR": str(tmp_path / "idx")},
    }
    return get_search_backend("disk")


def _reindex(*args):
    out = io.StringIO()
    call_command("reindex", "--no-progress", "--backend", "disk", *args, stdout=out)
    return out.getvalue()


def _documents_per_key(backend):
    searcher = backend.store.searcher()
    counts = {}
    for article in ArticlePage.objects.all():
        key = document_key(ArticlePage, article.pk)
        query = tantivy.Query.term_query(backend.schema, KEY, key)
        counts[key] = searcher.search(query, 1, count=True).count
    return counts, searcher.num_docs


def _interrupt_add(monkeypatch, at_call):
    from cong.search import indexing

    original = indexing.Reindexer._add
    calls = {"n": 0}

    def interrupted(self, model, objects, index):
        if model is ArticlePage:
            calls["n"] += 1
            if calls["n"] == at_call:
                raise KeyboardInterrupt
        return original(self, model, objects, index)

    monkeypatch.setattr(indexing.Reindexer, "_add", interrupted)
    return lambda: monkeypatch.setattr(indexing.Reindexer, "_add", original)


def test_interrupted_full_rebuild_leaves_the_live_index_and_reruns_cleanly(
    small_network, tmp_path, disk_backend, monkeypatch
):
    articles = _import_corpus(tmp_path, 12)
    _reindex("--full")
    before, total_before = _documents_per_key(disk_backend)
    assert set(before.values()) == {1}

    restore = _interrupt_add(monkeypatch, at_call=3)
    with pytest.raises(KeyboardInterrupt):
        _reindex("--full", "--batch-size", "4")
    restore()
    assert _documents_per_key(disk_backend) == (before, total_before)  # still the old generation

    _reindex("--full", "--batch-size", "4")
    after, total_after = _documents_per_key(disk_backend)
    assert after == before and total_after == total_before
    assert len(list((tmp_path / "idx").glob("g*"))) == 1
    assert len(after) == len(articles)


def test_interrupted_incremental_reindex_resumes_without_duplicates(
    small_network, tmp_path, disk_backend, monkeypatch
):
    _reindex("--full")
    articles = _import_corpus(tmp_path, 9)  # bulk-inserted: no signal indexed them
    assert set(_documents_per_key(disk_backend)[0].values()) == {0}

    restore = _interrupt_add(monkeypatch, at_call=3)
    with pytest.raises(KeyboardInterrupt):
        _reindex("--batch-size", "2", "--model", "news.articlepage")
    restore()
    counts, _total = _documents_per_key(disk_backend)
    assert sorted(counts.values()) == [0] * 5 + [1] * 4  # two committed batches

    assert "Indexed 5 new" in _reindex("--batch-size", "2", "--model", "news.articlepage")
    counts, _total = _documents_per_key(disk_backend)
    assert set(counts.values()) == {1} and len(counts) == len(articles)


def test_drafts_and_expired_articles_are_not_found_by_public_search(varied_articles, disk_backend):
    """The index holds every article, as it always did (editors search drafts in the admin);
    public search filters on the indexed `live` and `expire_at`."""
    _reindex("--full")
    live, draft, expired = varied_articles[5], varied_articles[1], varied_articles[2]

    def public(article):
        request = service.SearchRequest(query=f'"{article.title}"', backend="disk")
        return article in list(service.search(request)[:50])

    def anywhere(article):
        return article in list(disk_backend.search(f'"{article.title}"', ArticlePage)[:50])

    draft.refresh_from_db()
    assert public(live)
    assert not public(draft) and anywhere(draft)
    assert not public(expired) and anywhere(expired)
