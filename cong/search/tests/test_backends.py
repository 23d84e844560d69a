"""Every backend (tantivy; and PostgreSQL's when the database is PostgreSQL) through the same
Wagtail search API: folding, ranking, phrases, scopes, filters, never-unpublished."""

import datetime
import unicodedata

from django.utils import timezone
from modelsearch.query import Phrase

from cong.news.models import ArticlePage
from cong.news.tests.factories import ArticlePageFactory, TopicFactory
from cong.search import service

from .conftest import index_all


def titles(results):
    return [a.title for a in results]


def search(backend, query, **kwargs):
    request = service.SearchRequest(query=query, **kwargs)
    queryset = service.article_queryset(request)
    return list(backend.search(query, queryset, operator="and"))


def test_accentless_and_accented_queries_find_the_same(backend, articles):
    index_all(backend)
    for accentless, accented in [
        ("quoc hoi", "Quốc hội"),
        ("dang uy", "Đảng ủy"),
        ("chinh phu", "chính phủ"),
        ("luat dat dai", "Luật Đất đai"),
    ]:
        plain, marked = search(backend, accentless), search(backend, accented)
        assert plain and set(plain) == set(marked), accentless


def test_d_with_stroke_folds(backend, articles):
    index_all(backend)
    assert titles(search(backend, "dang uy")) == ["Đảng ủy Thành phố Hà Nội họp phiên thường kỳ"]


def test_tone_placement_old_and_new(backend, articles):
    index_all(backend)
    assert articles["hoabinh"] in search(backend, "hoà bình")
    assert articles["hoabinh"] in search(backend, "hòa bình")
    assert articles["thuyloi"] in search(backend, "thuỷ lợi")
    assert articles["thuyloi"] in search(backend, "thủy lợi")


def test_nfd_content_is_found(backend, small_network):
    article = ArticlePageFactory(
        parent=small_network["sections"]["nation"]["news"],
        title=unicodedata.normalize("NFD", "Thủ tướng chủ trì phiên họp Chính phủ"),
    )
    index_all(backend)
    assert search(backend, "thu tuong") == [article]
    assert search(backend, "Thủ tướng") == [article]


def test_exact_accents_rank_first(backend, articles):
    index_all(backend)
    # "dang" matches both "Đảng" and "Đang"; typed with marks, the exact one comes first.
    assert search(backend, "Đảng")[0] == articles["danguy"]
    assert search(backend, "Đang")[0] == articles["dang"]


def test_adjacent_syllables_rank_first(backend, articles):
    index_all(backend)
    # Both contain "quốc" and "hội"; only one has them side by side.
    assert search(backend, "quoc hoi")[0] == articles["quochoi"]


def test_phrase_versus_bag_of_words(backend, articles):
    index_all(backend)
    assert set(search(backend, "quoc hoi")) == {articles["quochoi"], articles["quoc"]}
    phrase = Phrase("quoc hoi")
    assert list(backend.search(phrase, ArticlePage.objects.live())) == [articles["quochoi"]]
    # parse_query_string turns quotes into a Phrase for every backend
    request = service.SearchRequest(query='"hoi quoc"')
    assert list(service.search(request)) == []


def test_document_number_typed_any_way(backend, articles):
    index_all(backend)
    for typed in ["46/2016/NĐ-CP", "46/2016/nd-cp", "46 / 2016 / NĐ - CP", "46 2016 nd cp"]:
        assert search(backend, typed) == [articles["chinhphu"]], typed


def test_scopes(backend, articles, small_network):
    index_all(backend)
    hanoi = small_network["portals"]["hanoi"]
    in_network = search(backend, "hoi")
    in_subtree = search(backend, "hoi", portal=hanoi, scope="subtree")
    in_portal = search(backend, "hoi", portal=hanoi, scope="portal")
    assert articles["hoabinh"] in in_subtree and articles["quoc"] in in_subtree
    assert articles["quochoi"] not in in_subtree and articles["quochoi"] in in_network
    assert in_portal == [] or all(a.portal_id == hanoi.pk for a in in_portal)
    assert set(search(backend, "dang", portal=hanoi, scope="portal")) == {
        articles["danguy"],
        articles["dang"],
    }


def test_filters_type_level_dates_topic(backend, articles, small_network):
    directive = ArticlePageFactory(
        parent=small_network["sections"]["hanoi"]["directives"],
        title="Chỉ thị về phòng chống thiên tai",
        directive_scope="all",
    )
    topic = TopicFactory(name="Thiên tai")
    news = ArticlePageFactory(
        parent=small_network["sections"]["badinh"]["news"],
        title="Phường diễn tập phòng chống thiên tai",
        published_at=timezone.now() - datetime.timedelta(days=40),
    )
    news.topics.add(topic)
    news.save()
    index_all(backend)
    assert search(backend, "thien tai", kind="directive") == [directive]
    assert search(backend, "thien tai", kind="news") == [news]
    assert search(backend, "thien tai", level=2) == [news]
    assert search(backend, "thien tai", level=1) == [directive]
    recent = timezone.localdate() - datetime.timedelta(days=10)
    assert search(backend, "thien tai", date_from=recent) == [directive]
    assert search(backend, "thien tai", date_to=recent) == [news]
    assert search(backend, "thien tai", topic_id=topic.pk) == [news]


def test_never_unpublished_scheduled_or_expired(backend, articles, small_network):
    section = small_network["sections"]["nation"]["news"]
    draft = ArticlePageFactory(parent=section, title="Bản nháp kinh tế số", live=False)
    expired = ArticlePageFactory(
        parent=section,
        title="Thông báo kinh tế số hết hạn",
        expire_at=timezone.now() - datetime.timedelta(hours=1),
    )
    scheduled = ArticlePageFactory(
        parent=section,
        title="Kinh tế số sắp đăng",
        live=False,
        go_live_at=timezone.now() + datetime.timedelta(days=1),
    )
    visible = ArticlePageFactory(parent=section, title="Kinh tế số tăng trưởng")
    articles["quochoi"].unpublish()
    index_all(backend)
    found = search(backend, "kinh te so")
    assert found == [visible]
    assert draft not in found and expired not in found and scheduled not in found
    assert articles["quochoi"] not in search(backend, "quoc hoi")


def test_autocomplete_titles(backend, articles):
    index_all(backend)
    found = list(backend.autocomplete("quoc h", ArticlePage.objects.live()))
    assert found[0] == articles["quochoi"]
    assert articles["danguy"] in backend.autocomplete("dang u", ArticlePage.objects.live())


def test_count_slicing_and_scores(backend, small_network):
    section = small_network["sections"]["hue"]["news"]
    for n in range(15):
        ArticlePageFactory(parent=section, title=f"Hội nghị cán bộ số {n}")
    index_all(backend)
    results = backend.search("hoi nghi", ArticlePage.objects.live()).annotate_score("_score")
    assert results.count() == 15
    page_two = list(results[10:20])
    assert len(page_two) == 5
    assert all(getattr(a, "_score", None) is not None for a in page_two)


def test_pages_after_a_count_equal_a_fresh_search(tantivy_backend, small_network):
    """The count's pass keeps its first hits for the pages that follow (tantivy): the pages
    must be exactly those of a search without a count, before and beyond what it keeps."""
    section = small_network["sections"]["hue"]["news"]
    for n in range(60):
        ArticlePageFactory(parent=section, title=f"Hội nghị cán bộ số {n}" + " hội" * (n % 7))
    index_all(tantivy_backend)

    def fresh(start, stop):
        results = tantivy_backend.search("hội nghị", ArticlePage.objects.live())
        return [a.pk for a in results[start:stop]]

    counted = tantivy_backend.search("hội nghị", ArticlePage.objects.live())
    assert counted.count() == 60
    for start, stop in ((0, 10), (10, 20), (40, 55), (50, 60)):
        assert [a.pk for a in counted[start:stop]] == fresh(start, stop)
    assert len(set(fresh(0, 60))) == 60
