"""Uncached page rendering: national, province and commune homes and an article.

Usage (against a database already filled by `manage.py generate_scale`):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_scale \
        .venv/bin/python bench/pages.py --runs 200

Requests go through Django's full stack (middleware, Wagtail routing, templates) with the test
client; no page cache is involved. Prints median/p95 ms and SQL queries per page as Markdown,
with the portal frames (cong.core.frames) warm, as between two changes of the network, and the
median of a first render right after a network change (frames read again), as "cold".
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cong.settings.dev")

import django  # noqa: E402

from bench.stats import percentile  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from cong.core import frames  # noqa: E402
from cong.network.models import PortalPage  # noqa: E402
from cong.news.models import ArticlePage  # noqa: E402


def pick_pages():
    nation = PortalPage.objects.get(unit__level=0, depth=2)
    province = PortalPage.objects.filter(unit__level=1, slug="ha-noi").first() or (
        PortalPage.objects.filter(unit__level=1).first()
    )
    commune = (
        PortalPage.objects.filter(unit__level=2, path__startswith=province.path)
        .annotate(n=Count("articles"))
        .order_by("-n")
        .first()
    )
    article = ArticlePage.objects.live().filter(portal=commune).order_by("-published_at").first()
    article = article or ArticlePage.objects.live().order_by("-published_at").first()
    return [
        ("national home", nation.url),
        ("province home", province.url),
        ("commune home", commune.url),
        ("article", article.url),
    ]


def cold_median(client, url, runs):
    """Median ms of a render right after a change of the network (every frame read again)."""
    timings = []
    for _ in range(runs):
        frames.bump_now()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(timings)


def measure(client, url, runs):
    response = client.get(url)  # warm caches of compiled templates and the Site lookup
    assert response.status_code == 200, (url, response.status_code)
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    p95 = percentile(timings, 0.95)
    return statistics.median(timings), p95, statistics.median(cpu), len(executed)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False  # as in production: no query log, no debug pages
    # Uncached rendering: the full-page cache (cong.caching) would answer from memory.
    settings.CONG_PAGE_CACHE = {**settings.CONG_PAGE_CACHE, "ENABLED": False}
    client = Client(HTTP_HOST=settings.CONG_NATIONAL_HOSTNAME)
    articles = ArticlePage.objects.count()
    portals = PortalPage.objects.count()
    engine = connection.vendor
    print(f"\n{engine}, {portals} portals, {articles} articles, {args.runs} runs per page\n")
    print(f"load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs\n")
    print(
        "| page | url | median ms | p95 ms | median CPU ms (Python) | SQL queries "
        "| cold median ms |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, url in pick_pages():
        median, p95, cpu, queries = measure(client, url, args.runs)
        cold = cold_median(client, url, max(5, args.runs // 5))
        print(
            f"| {name} | `{url}` | {median:.1f} | {p95:.1f} | {cpu:.1f} | {queries} | {cold:.1f} |"
        )


if __name__ == "__main__":
    main()
