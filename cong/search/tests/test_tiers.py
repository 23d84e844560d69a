"""tantivy: a common query's first hits come from its title tier, proven equal to a full pass,
and its count is estimated (`backends/tantivy/tier.py`, `tier_words.py`)."""

import pytest
from modelsearch.query import Phrase
from modelsearch.utils import parse_query_string

from cong.news.models import ArticlePage
from cong.news.tests.factories import ArticlePageFactory
from cong.search import service
from cong.search.backends.tantivy import backend as tantivy_module
from cong.search.backends.tantivy import tier, tier_words

from .conftest import index_all

WORDS = ["hội", "nghị", "cán", "bộ", "quốc", "phòng", "kinh", "tế", "số", "nông", "thôn"]
ONE_WORD = ["hội", "hoi", "bộ", "thôn", "kinh"]
SEVERAL_WORDS = ["hội nghị", "hoi nghi", "quốc phòng", "kinh tế số", "nông thôn cán", "hội thôn"]


@pytest.fixture(autouse=True)
def small_index_tiers(monkeypatch):
    """A few dozen documents: the several-syllable tier is allowed whatever its postings."""
    monkeypatch.setattr(tier_words, "CHEAP_FULL_PASS", 0)


@pytest.fixture
def corpus(tantivy_backend, small_network):
    """Titles and sapos mixing a few syllables in varied numbers and orders: scores spread,
    many documents hold a word in the body only, or one word of a query but not another."""
    section = small_network["sections"]["hue"]["news"]
    for n in range(90):
        words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(2 + n % 5)]
        ArticlePageFactory(
            parent=section,
            title=" ".join(words[: 1 + n % 3]).capitalize() + f" số {n}",
            sapo=" ".join(WORDS[(n + i) % len(WORDS)] for i in range(n % 13)),
        )
    for n in range(8):  # a few titles that say it twice: clear winners, as at scale
        title = "Hội nghị hội nghị" if n % 2 else "Quốc phòng quốc phòng"
        ArticlePageFactory(parent=section, title=f"{title} {n}", sapo="Tin vắn.")
    index_all(tantivy_backend)
    return tantivy_backend


def _results(backend, text, operator="and"):
    _filters, query = parse_query_string(text, operator=operator)
    queryset = service.article_queryset(service.SearchRequest(query=text))
    return backend.search(query, queryset, operator=operator)


def _hits(hits):
    return [(round(score, 4), address.segment_ord, address.doc) for score, address in hits]


@pytest.mark.parametrize(
    "texts, module, setting, few, many, build, hits, most_at_least, fewest_below",
    [
        (ONE_WORD, tier, "TIER_CANDIDATES", 4, 200, "title_tier", "tier_hits", 10, 10),
        (SEVERAL_WORDS, tier_words, "CANDIDATES", 3, 500, "words_tier", "words_tier_hits", 5, 1),
    ],
    ids=["one word", "several words"],
)
def test_tier_proves_the_full_pass_first_hits(
    corpus, monkeypatch, texts, module, setting, few, many, build, hits, most_at_least, fewest_below
):
    searcher = corpus.store.searcher()
    proven_counts = []
    for candidates in (few, many):
        monkeypatch.setattr(module, setting, candidates)
        for text in texts:
            results = _results(corpus, text)
            found_tier = getattr(module, build)(results.query_compiler, corpus, searcher)
            assert found_tier is not None
            for needed in (1, 5, 10, 30):
                proven = getattr(module, hits)(found_tier, searcher, corpus.schema, needed)
                expected = searcher.search(results._query(), needed, count=False).hits
                assert _hits(proven) == _hits(expected)[: len(proven)], (text, needed)
                proven_counts.append(len(proven))
    # proofs made with enough candidates, and refused with too few
    assert max(proven_counts) >= most_at_least and min(proven_counts) < fewest_below


def test_estimates_are_near_the_count(corpus):
    searcher = corpus.store.searcher()
    whole_range = tantivy_module._facts(corpus.store, searcher)["key range"]
    for text in ONE_WORD + SEVERAL_WORDS:
        results = _results(corpus, text)
        counted = searcher.search(results._query(), 1, count=True).count
        one = tier.title_tier(results.query_compiler, corpus, searcher)
        if one is not None:
            estimate = tier.estimated_count(one, searcher, corpus.schema)
            assert abs(estimate - counted) <= 0.1 * counted, text
        else:
            several = tier_words.words_tier(results.query_compiler, corpus, searcher)
            sample = tier_words.sampled_count
            assert several is not None
            # A sample as wide as the key range counts exactly.
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(tier_words, "SAMPLE_SHARE", 1)
                assert sample(several, searcher, corpus.schema, whole_range) == counted, text


def test_estimated_searches_page_like_a_full_pass(corpus, monkeypatch):
    expected = {}
    for text in ONE_WORD + SEVERAL_WORDS:
        expected[text] = [a.pk for a in _results(corpus, text)[0:1000]]
        assert not _results(corpus, text).count_is_estimate
    monkeypatch.setattr(tier, "ESTIMATE_FROM", 1)
    monkeypatch.setattr(tier, "TIER_CANDIDATES", 4)
    monkeypatch.setattr(tier_words, "CANDIDATES", 5)
    monkeypatch.setattr(tantivy_module, "ESTIMATE_FROM", 1)
    monkeypatch.setattr(tier_words, "SAMPLE_SHARE", 1)  # a few dozen documents: sample them all
    for text in ONE_WORD + SEVERAL_WORDS:
        counted = _results(corpus, text)
        assert counted.count() > 0 and counted.count_is_estimate, text
        pages = [a.pk for start in (0, 10, 20) for a in counted[start : start + 10]]
        assert pages == expected[text][:30], text


def test_count_query_counts_what_the_full_query_matches(corpus):
    searcher = corpus.store.searcher()
    cases = [_results(corpus, text) for text in ONE_WORD + SEVERAL_WORDS]
    cases += [_results(corpus, "hội bộ thôn", operator="or"), _results(corpus, '"hội nghị"')]
    cases.append(corpus.search(Phrase("kinh tế"), ArticlePage.objects.live()))
    for results in cases:
        compiler = results.query_compiler
        matched = searcher.search(compiler.build(corpus), 1, count=True).count
        counted = searcher.search(compiler.build_count(corpus), 1, count=True).count
        assert counted == matched > 0


def test_phrase_still_needs_the_words_side_by_side(corpus):
    def has_phrase(article):
        return "nghị cán" in article.title.lower() or "nghị cán" in article.sapo.lower()

    live = list(ArticlePage.objects.live())
    found = set(corpus.search(Phrase("nghị cán"), ArticlePage.objects.live()))
    assert found and found == {a for a in live if has_phrase(a)}
    both_apart = [a for a in live if {"nghị", "cán"} <= set(a.sapo.lower().split())]
    assert any(not has_phrase(a) for a in both_apart)  # the query has something to refuse


def test_expiry_filter_keeps_unexpired_and_undated(tantivy_backend, small_network):
    import datetime

    from django.utils import timezone

    section = small_network["sections"]["hue"]["news"]
    now = timezone.now()
    kept = [
        ArticlePageFactory(parent=section, title="Lịch tiếp dân không hạn"),
        ArticlePageFactory(
            parent=section,
            title="Lịch tiếp dân còn hạn",
            expire_at=now + datetime.timedelta(days=2),
        ),
    ]
    ArticlePageFactory(
        parent=section, title="Lịch tiếp dân hết hạn", expire_at=now - datetime.timedelta(days=2)
    )
    index_all(tantivy_backend)
    found = _results(tantivy_backend, "lịch tiếp dân")
    assert set(found) == set(kept)
    assert found.count() == 2
