"""Search latency at scale: the backend, the HTTP search page and the raw engine, same queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> SEARCH_BACKEND=tantivy \
        SEARCH_INDEX_DIR=/path/to/index .venv/bin/python bench/search/latency.py \
        [--per-kind 40] [--runs 3] [--seed 7]

Needs a database filled by `manage.py generate_scale --articles N` and an index built with
`manage.py reindex --full` (time that command for the build figure). Query kinds, drawn
(seeded) from the titles of indexed articles:
- one-term: one syllable of a title ("tỉnh", "dự"),
- two-term: two adjacent title syllables ("quốc hội"),
- phrase: three adjacent title syllables in quotes,
- accentless: two adjacent title syllables with every mark removed ("quoc hoi").
Three paths per query: `cong.search.service.search` sliced to the first 10 results (what the
search page and `manage.py search` call: count + top 10 + their rows), the search page
`/tim-kiem/?q=` through Django's full request cycle (test client, page cache off), and the raw
engine for the query the backend builds (tantivy: `searcher.search(query, 10)`; PostgreSQL: the
match + rank SQL on the index table, top 10). Prints a Markdown table and the index size.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cong.settings.dev")

import django  # noqa: E402

from bench.stats import percentile  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from cong.news.models import ArticlePage  # noqa: E402
from cong.search import service  # noqa: E402
from cong.search.analysis import fold, normalise  # noqa: E402

KINDS = ("one-term", "two-term", "phrase", "accentless")


def draw_queries(per_kind: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    last = ArticlePage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    titles = []
    while len(titles) < per_kind * 4 and last:
        picks = [rng.randint(1, last) for _ in range(200)]
        titles += [
            normalise(t).lower()
            for t in ArticlePage.objects.filter(pk__in=picks).values_list("title", flat=True)
        ]
    # Runs of three adjacent words in a title (no punctuation or digits inside a run).
    runs = []
    for title in titles:
        words = title.split()
        starts = [i for i in range(len(words) - 2) if all(w.isalpha() for w in words[i : i + 3])]
        if starts:
            start = rng.choice(starts)
            runs.append(words[start : start + 3])
    rng.shuffle(runs)
    queries = {kind: [] for kind in KINDS}
    for index, title_words in enumerate(runs):
        start = 0
        kind = KINDS[index % 4]
        if len(queries[kind]) >= per_kind:
            continue
        if kind == "one-term":
            query = max(title_words[start : start + 3], key=len)
        elif kind == "two-term":
            query = " ".join(title_words[start : start + 2])
        elif kind == "phrase":
            query = '"' + " ".join(title_words[start : start + 3]) + '"'
        else:
            query = fold(" ".join(title_words[start : start + 2]))
        queries[kind].append(query)
    return queries


def timed(function, runs: int) -> list[float]:
    function()  # warm: plans, compiled templates, index readers
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def backend_call(query: str):
    def run():
        results = service.search(service.SearchRequest(query=query))
        return list(results[:10])

    return run


def http_call(client: Client, query: str):
    def run():
        response = client.get("/tim-kiem/", {"q": query})
        assert response.status_code == 200, response.status_code

    return run


def raw_call(query: str):
    """The engine alone, on the query the backend builds for `query` (filters included)."""
    from modelsearch.utils import parse_query_string

    backend = get_search_backend()
    _filters, parsed = parse_query_string(query, operator="and")
    queryset = service.article_queryset(service.SearchRequest(query=query))
    results = backend.search(parsed, queryset, operator="and")
    if settings.SEARCH_BACKEND == "tantivy":
        engine_query = results._query()
        searcher = backend.store.searcher()

        def run():
            return searcher.search(engine_query, 10).hits

        return run
    sql, params = results[:10].get_queryset().query.sql_with_params()
    sql = "SELECT 1 FROM (" + sql + ") AS top"

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def index_size() -> str:
    if settings.SEARCH_BACKEND == "tantivy":
        root = Path(settings.SEARCH_INDEX_DIR)
        size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
        return f"{size / 1e6:.0f} MB (tantivy, {root})"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('wagtailsearch_indexentry')")
        (size,) = cursor.fetchone()
    return f"{size / 1e6:.0f} MB (wagtailsearch_indexentry with its indexes)"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--slowest", type=int, default=0, help="list the N slowest queries")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    if hasattr(settings, "CONG_PAGE_CACHE"):
        settings.CONG_PAGE_CACHE = {**settings.CONG_PAGE_CACHE, "ENABLED": False}
    client = Client()
    queries = draw_queries(args.per_kind, args.seed)
    articles = ArticlePage.objects.count()
    print(
        f"\n{settings.SEARCH_BACKEND} on {connection.vendor}, {articles:,} articles; index "
        f"{index_size()}; {args.per_kind} queries per kind × {args.runs} runs\n"
    )
    print(
        "| kind | backend p50 | backend p95 | HTTP p50 | HTTP p95 | raw p50 | raw p95 | "
        "backend/raw p95 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    everything = {"backend": [], "http": [], "raw": []}
    per_query = []
    for kind in KINDS:
        figures = {"backend": [], "http": [], "raw": []}
        for query in queries[kind]:
            backend_times = timed(backend_call(query), args.runs)
            per_query.append((max(backend_times), query))
            figures["backend"] += backend_times
            if not args.no_http:
                figures["http"] += timed(http_call(client, query), args.runs)
            figures["raw"] += timed(raw_call(query), args.runs)
        for path, values in figures.items():
            everything[path] += values
        print_row(kind, figures)
    print_row("all", everything)
    if args.slowest:
        print("\nSlowest (backend, worst run, ms):")
        for ms, query in sorted(per_query, reverse=True)[: args.slowest]:
            print(f"  {ms:.1f} {query}")
    print("\nExample queries:", {kind: queries[kind][:3] for kind in KINDS})


def print_row(kind, figures):
    def cell(path, share):
        values = figures[path]
        return f"{percentile(values, share):.1f}" if values else "–"

    ratio = (
        percentile(figures["backend"], 0.95) / max(percentile(figures["raw"], 0.95), 1e-6)
        if figures["raw"]
        else 0
    )
    print(
        f"| {kind} | {cell('backend', 0.5)} | {cell('backend', 0.95)} | {cell('http', 0.5)} | "
        f"{cell('http', 0.95)} | {cell('raw', 0.5)} | {cell('raw', 0.95)} | {ratio:.1f}× |"
    )


if __name__ == "__main__":
    main()
