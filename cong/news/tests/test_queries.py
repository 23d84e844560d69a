"""Listings along the network tree: own articles, directives pushed down, news from below."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cong.core import frames
from cong.news import queries
from cong.news.tests.factories import ArticlePageFactory


def titles(queryset):
    return {article.title for article in queryset}


@pytest.fixture
def net(small_network):
    portals, sections = small_network["portals"], small_network["sections"]

    def publish(where, section, title, **fields):
        return ArticlePageFactory(parent=sections[where][section], title=title, **fields)

    small_network["publish"] = publish
    small_network.update(portals)
    return small_network


def test_own_articles_are_the_portals_own_newest_first(net):
    now = timezone.now()
    net["publish"]("badinh", "news", "Cũ", published_at=now - timedelta(days=2))
    net["publish"]("badinh", "news", "Mới", published_at=now)
    net["publish"]("hoankiem", "news", "Hoàn Kiếm")
    assert [a.title for a in queries.own_articles(net["badinh"])] == ["Mới", "Cũ"]


def test_nation_directive_for_all_reaches_every_portal_below(net):
    net["publish"]("nation", "directives", "Chỉ thị toàn quốc", directive_scope="all")
    for key in ("hanoi", "hue", "badinh", "hoankiem"):
        assert titles(queries.directives_for(net[key])) == {"Chỉ thị toàn quốc"}, key
    # …and stays the nation's own directive, listed on its own page too.
    assert titles(queries.directives_for(net["nation"])) == {"Chỉ thị toàn quốc"}


def test_level_scope_reaches_only_that_level(net):
    net["publish"](
        "nation", "directives", "Gửi các tỉnh", directive_scope="level", directive_level=1
    )
    assert titles(queries.pushed_down_directives(net["hanoi"])) == {"Gửi các tỉnh"}
    assert titles(queries.pushed_down_directives(net["hue"])) == {"Gửi các tỉnh"}
    assert titles(queries.pushed_down_directives(net["badinh"])) == set()


def test_units_scope_reaches_only_the_chosen_units(net):
    directive = net["publish"]("nation", "directives", "Riêng Ba Đình", directive_scope="units")
    directive.directive_units.set([net["badinh"].unit])
    directive.save()
    assert titles(queries.pushed_down_directives(net["badinh"])) == {"Riêng Ba Đình"}
    assert titles(queries.pushed_down_directives(net["hoankiem"])) == set()
    assert titles(queries.pushed_down_directives(net["hanoi"])) == set()


def test_province_directive_reaches_its_communes_only(net):
    net["publish"]("hanoi", "directives", "Chỉ đạo của Hà Nội", directive_scope="all")
    assert titles(queries.directives_for(net["badinh"])) == {"Chỉ đạo của Hà Nội"}
    assert titles(queries.directives_for(net["hoankiem"])) == {"Chỉ đạo của Hà Nội"}
    assert titles(queries.directives_for(net["hue"])) == set()
    assert titles(queries.directives_for(net["nation"])) == set()


def test_a_communes_directive_does_not_leak_to_its_sibling_or_upwards(net):
    net["publish"]("badinh", "directives", "Chỉ đạo của Ba Đình", directive_scope="all")
    assert titles(queries.directives_for(net["badinh"])) == {"Chỉ đạo của Ba Đình"}
    assert titles(queries.directives_for(net["hoankiem"])) == set()
    assert titles(queries.directives_for(net["hanoi"])) == set()


def test_own_directives_include_the_directives_section_but_not_plain_news(net):
    net["publish"]("hanoi", "directives", "Chỉ đạo nội bộ")  # no push-down scope
    net["publish"]("hanoi", "news", "Tin thường")
    assert titles(queries.directives_for(net["hanoi"])) == {"Chỉ đạo nội bộ"}
    assert titles(queries.own_news(net["hanoi"])) == {"Tin thường"}
    assert titles(queries.directives_for(net["badinh"])) == set()


def test_home_directives_block_is_the_newest_of_the_directives_listing(net):
    now = timezone.now()
    for n in range(4):
        when = now - timedelta(hours=2 * n)
        net["publish"]("nation", "directives", f"TW {n}", directive_scope="all", published_at=when)
        net["publish"]("hanoi", "directives", f"HN {n}", published_at=when - timedelta(hours=1))
    net["publish"]("hanoi", "news", "Tin thường", published_at=now)
    for key in ("nation", "hanoi", "badinh", "hue"):
        expected = [a.title for a in queries.directives_for(net[key])[:5]]
        assert [a.title for a in queries.latest_directives(net[key], 5)] == expected, key
    assert [a.title for a in queries.latest_directives(net["hanoi"], 3)] == ["TW 0", "HN 0", "TW 1"]


def test_unpublished_and_expired_articles_are_left_out(net):
    net["publish"]("hanoi", "directives", "Bản nháp", directive_scope="all", live=False)
    expiring = net["publish"]("hanoi", "directives", "Hết hạn", directive_scope="all")
    expiring.expire_at = timezone.now() - timedelta(minutes=1)
    expiring.save()
    net["publish"]("badinh", "news", "Tin nháp", live=False)
    net["publish"]("hanoi", "directives", "Còn hiệu lực", directive_scope="all")
    call_command("publish_scheduled")
    expiring.refresh_from_db()
    assert expiring.expired and not expiring.live
    assert titles(queries.directives_for(net["badinh"])) == {"Còn hiệu lực"}
    assert titles(queries.news_from_below(net["hanoi"])) == set()
    assert titles(queries.network_articles()) == {"Còn hiệu lực"}


def test_news_from_below_gathers_the_subtree(net):
    net["publish"]("badinh", "news", "Tin Ba Đình")
    net["publish"]("hoankiem", "news", "Tin Hoàn Kiếm")
    net["publish"]("hanoi", "news", "Tin Hà Nội")
    net["publish"]("hue", "news", "Tin Huế")
    assert titles(queries.news_from_below(net["hanoi"])) == {"Tin Ba Đình", "Tin Hoàn Kiếm"}
    assert titles(queries.news_from_below(net["nation"])) == {
        "Tin Ba Đình",
        "Tin Hoàn Kiếm",
        "Tin Hà Nội",
        "Tin Huế",
    }
    assert titles(queries.news_from_below(net["hue"])) == set()
    assert titles(queries.news_from_below(net["badinh"])) == set()


def test_home_listings_of_the_nation_use_the_whole_network(net):
    net["publish"]("nation", "news", "Tin Chính phủ")
    net["publish"]("badinh", "news", "Tin Ba Đình")
    blocks = queries.home_listings(net["nation"])
    assert titles(blocks["own_news"]) == {"Tin Chính phủ"}
    assert titles(blocks["news_below"]) == {"Tin Ba Đình"}
    below = blocks["subordinate_portals"]
    assert [title for title, _url in below] == ["Thành phố Hà Nội", "Thành phố Huế"]
    assert [url.split("localhost", 1)[-1] for _title, url in below] == ["/ha-noi/", "/hue/"]


def test_section_articles_stay_in_their_section(net):
    net["publish"]("hanoi", "news", "Tin")
    net["publish"]("hanoi", "directives", "Chỉ đạo")
    net["publish"]("badinh", "news", "Tin phường")
    assert titles(queries.section_articles(net["sections"]["hanoi"]["news"])) == {"Tin"}


def test_paginate_turns_bad_page_numbers_into_404(net):
    for n in range(3):
        net["publish"]("hanoi", "news", f"Tin {n}")
    listing = queries.own_articles(net["hanoi"])
    assert len(queries.paginate(listing, None, per_page=2).object_list) == 2
    assert len(queries.paginate(listing, "2", per_page=2).object_list) == 1
    for bad in ("3", "0", "-1", "abc"):
        with pytest.raises(Http404):
            queries.paginate(listing, bad, per_page=2)
    empty = queries.paginate(queries.own_articles(net["hue"]), None)
    assert list(empty.object_list) == []


def count_queries(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_listings_cost_the_same_queries_for_5_and_50_articles(net):
    def run_listings():
        blocks = queries.home_listings(net["hanoi"])
        for item in [*blocks["own_news"], *blocks["directives"], *blocks["news_below"]]:
            touched = (item.portal.title, item.url, item.seo_image)  # what the templates use
            assert touched[0]
        page = queries.paginate(queries.news_from_below(net["hanoi"]), "1", per_page=60)
        for item in page.object_list:
            assert (item.portal.title, item.seo_image)[0]

    def add(count):
        for n in range(count):
            where = ("badinh", "hoankiem", "hanoi")[n % 3]
            section = "directives" if n % 4 == 0 else "news"
            net["publish"](where, section, f"Bài {n}", directive_scope="all" if n % 8 == 0 else "")

    def run_listings_after_a_network_change():
        frames.bump_now()  # the portals' frames are read again
        run_listings()

    add(5)
    net["hanoi"].unit  # noqa: B018 — loaded once per request in real pages too
    with_5_cold = count_queries(run_listings_after_a_network_change)
    with_5 = count_queries(run_listings)
    add(45)  # publishing articles leaves the frames as they are
    with_50 = count_queries(run_listings)
    with_50_cold = count_queries(run_listings_after_a_network_change)
    assert with_5 == with_50
    assert with_5_cold == with_50_cold
    assert with_5 < with_5_cold
