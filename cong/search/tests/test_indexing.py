"""Index maintenance through the default backend: signals and the task worker on publish and
unpublish, and `manage.py reindex` for bulk-inserted content (incremental and resumable)."""

import io
import json

from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from cong.core.bulk import bulk_add_children
from cong.news.models import ArticlePage
from cong.news.tests.factories import ArticlePageFactory


def found(query):
    return list(get_search_backend().search(query, ArticlePage.objects.live()))


def reindex(*args):
    out = io.StringIO()
    call_command("reindex", "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_publish_and_unpublish_update_the_index(small_network):
    section = small_network["sections"]["hanoi"]["news"]
    article = ArticlePageFactory(parent=section, title="Khánh thành cầu Vĩnh Tuy", live=False)
    assert found("vinh tuy") == []
    article.save_revision().publish()
    assert found("vinh tuy") == [article]
    article.refresh_from_db()
    article.unpublish()
    assert found("vinh tuy") == []


def test_deleting_removes_from_index(small_network):
    article = ArticlePageFactory(
        parent=small_network["sections"]["hue"]["news"], title="Lễ hội đền Huyền Trân"
    )
    assert found("huyen tran") == [article]
    article.delete()
    assert found("huyen tran") == []


def _bulk_articles(section, titles):
    pages = [
        ArticlePage(title=title, slug=f"bulk-{n}", live=True, sapo="Tin nhập hàng loạt.")
        for n, title in enumerate(titles)
    ]
    created = bulk_add_children([(section, page) for page in pages])
    ArticlePage.objects.filter(pk__in=[p.pk for p in created]).update(
        portal=section.get_parent().specific
    )
    return created


def test_reindex_picks_up_bulk_inserted_articles_incrementally(small_network):
    section = small_network["sections"]["nation"]["news"]
    reindex()
    created = _bulk_articles(section, ["Giải ngân vốn đầu tư công", "Đầu tư công năm 2025"])
    assert found("dau tu cong") == []  # no signals fired
    output = reindex()
    assert "Indexed 2 new" in output
    assert set(found("dau tu cong")) == set(created)
    assert "Indexed 0 new and 0 changed" in reindex()  # nothing left to do


def test_reindex_resumes_after_interruption(small_network, monkeypatch):
    from cong.search import indexing

    section = small_network["sections"]["nation"]["news"]
    reindex()
    created = _bulk_articles(section, [f"Chuyển đổi số lần {n}" for n in range(5)])
    calls = {"n": 0}
    original = indexing.Reindexer._add

    def interrupted(self, model, objects, index):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return original(self, model, objects, index)

    monkeypatch.setattr(indexing.Reindexer, "_add", interrupted)
    try:
        reindex("--batch-size", "2", "--model", "news.articlepage")
    except KeyboardInterrupt:
        pass
    monkeypatch.setattr(indexing.Reindexer, "_add", original)
    assert len(found("chuyen doi so")) == 4  # two committed batches survive
    assert "Indexed 1 new" in reindex("--batch-size", "2", "--model", "news.articlepage")
    assert set(found("chuyen doi so")) == set(created)


def test_reindex_removes_rows_deleted_without_signals(small_network):
    article = ArticlePageFactory(
        parent=small_network["sections"]["hue"]["news"], title="Festival Huế bốn mùa"
    )
    reindex()
    ArticlePage.objects.filter(pk=article.pk)._raw_delete(using="default")
    Page.objects.filter(pk=article.pk)._raw_delete(using="default")
    assert "removed 1 stale" in reindex()


def test_full_reindex(small_network):
    ArticlePageFactory(parent=small_network["sections"]["hue"]["news"], title="Áo dài Huế")
    output = reindex("--full")
    assert "Indexed" in output
    assert len(found("ao dai")) == 1


def test_search_command_prints_json_lines(small_network):
    section = small_network["sections"]["badinh"]["news"]
    first = ArticlePageFactory(parent=section, title="Quốc hội họp phiên bế mạc")
    ArticlePageFactory(parent=small_network["sections"]["hue"]["news"], title="Quốc hội giám sát")
    out = io.StringIO()
    call_command(
        "search", "quoc hoi", "--portal", "ha-noi", "--scope", "subtree", "--json", stdout=out
    )
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == [first.pk]
    assert set(rows[0]) == {"rank", "id", "title", "url", "score"}
    assert rows[0]["rank"] == 1 and rows[0]["title"] == "Quốc hội họp phiên bế mạc"
