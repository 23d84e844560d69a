"""Relevance of the search backends on bench/search/queries.jsonl: MRR@10 and recall@10.

    CONG_VAR_DIR=/tmp/search .venv/bin/python bench/search/relevance.py \
        [--backend tantivy|postgres|both] [--distractors N] [--pg-db cong_search_bench] [--keep]
        [--estimate-from N]

For each backend a scratch database is built from nothing — SQLite under $CONG_VAR_DIR with the
tantivy index there, or the PostgreSQL database --pg-db (dropped and created) with the
`vietnamese` configuration — holding the first N corpus articles plus every article a query
expects (so judgements made over the whole corpus stay complete). Articles go in through
`import_articles --format jsonl` (import key `vietnews:<id>`), the index through
`manage.py reindex`, and queries through `cong.search.service.search` — the path the search
page and `manage.py search` use. Reciprocal rank counts the first expected article in the top
10; recall@10 is the share of expected articles in the top 10.
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path("/work/shared/data/vietnews-20k.jsonl.gz")
QUERIES = Path(__file__).with_name("queries.jsonl")
PG_URL = "postgres://postgres@127.0.0.1:5432/"
SAMPLE_NETWORK = ROOT / "cong/network/fixtures/vn-2015-sample.json"


def load_queries():
    with QUERIES.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def write_subset(path: Path, distractors: int, queries) -> int:
    wanted = {line for q in queries for line in q["lines"]}
    count = 0
    with gzip.open(CORPUS, "rb") as src, gzip.open(path, "wb") as out:
        for number, line in enumerate(src, 1):
            if number <= distractors or number in wanted:
                out.write(line)
                count += 1
    return count


def manage(env, *args):
    started = time.monotonic()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def build(backend: str, args, queries) -> dict:
    var = Path(os.environ.get("CONG_VAR_DIR", "/tmp/search")) / f"relevance-{backend}"
    var.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CONG_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "cong.settings.dev"}
    if backend == "postgres":
        env["DATABASE_URL"] = PG_URL + args.pg_db
        env["SEARCH_BACKEND"] = "postgres"
        if not args.keep:
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.pg_db],
                check=True,
            )
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", args.pg_db], check=True
            )
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'cong.sqlite3'}"
        env["SEARCH_BACKEND"] = "tantivy"
        if not args.keep:
            subprocess.run(
                ["rm", "-rf", str(var / "cong.sqlite3"), str(var / "search")], check=True
            )
    timings = {}
    if not args.keep:
        subset = var / "subset.jsonl.gz"
        articles = write_subset(subset, args.distractors, queries)
        timings["articles"] = articles
        timings["migrate_s"] = manage(env, "migrate", "-v0")
        timings["seed_s"] = manage(env, "seed_network", "--from", str(SAMPLE_NETWORK), "--no-index")
        timings["import_s"] = manage(
            env,
            "import_articles",
            str(subset),
            "--format",
            "jsonl",
            "--portal",
            "national",
            "--no-index",
            "--no-progress",
        )
        timings["reindex_s"] = manage(env, "reindex", "--full", "--no-progress")
    return {"env": env, "timings": timings}


def evaluate(queries) -> dict:
    """Runs inside a process configured for one backend (see main)."""
    import django

    django.setup()
    from cong.news.models import ArticlePage
    from cong.search import service

    if os.environ.get("BENCH_ESTIMATE_FROM"):  # --estimate-from: tantivy's tiers from N matches
        from cong.search.backends.tantivy import backend, tier, tier_words

        tier.ESTIMATE_FROM = backend.ESTIMATE_FROM = int(os.environ["BENCH_ESTIMATE_FROM"])
        tier_words.CHEAP_FULL_PASS = 0  # whatever the small index's postings
    keys = dict(ArticlePage.objects.values_list("pk", "import_key"))
    rows, latencies = [], []
    for q in queries:
        started = time.perf_counter()
        results = list(service.search(service.SearchRequest(query=q["query"]))[:10])
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = [keys.get(r.pk) for r in results]
        expected = set(q["expected"])
        first = next((i for i, key in enumerate(ranked, 1) if key in expected), None)
        rows.append(
            {
                "id": q["id"],
                "kind": q["kind"],
                "rr": 1 / first if first else 0.0,
                "recall": len(expected & set(ranked)) / min(len(expected), 10),
                "rank": first,
            }
        )
    return {"rows": rows, "latencies": latencies}


def summarise(rows):
    def figures(subset):
        return (
            sum(r["rr"] for r in subset) / len(subset),
            sum(r["recall"] for r in subset) / len(subset),
            len(subset),
        )

    out = {"all": figures(rows)}
    for kind in sorted({r["kind"] for r in rows}):
        out[kind] = figures([r for r in rows if r["kind"] == kind])
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["tantivy", "postgres", "both"], default="both")
    parser.add_argument("--distractors", type=int, default=5000)
    parser.add_argument("--pg-db", default="cong_search_bench")
    parser.add_argument("--keep", action="store_true", help="Reuse the scratch databases.")
    parser.add_argument("--evaluate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--estimate-from",
        type=int,
        help="tantivy: estimate counts and rank from the title tiers from this many matches, "
        "however few the postings (default 10,000, which a small index seldom reaches)",
    )
    args = parser.parse_args()
    queries = load_queries()
    if args.evaluate:
        json.dump(evaluate(queries), sys.stdout)
        return
    backends = ["tantivy", "postgres"] if args.backend == "both" else [args.backend]
    for backend in backends:
        built = build(backend, args, queries)
        env = dict(built["env"])
        if args.estimate_from is not None:
            env["BENCH_ESTIMATE_FROM"] = str(args.estimate_from)
        result = subprocess.run(
            [sys.executable, __file__, "--evaluate"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(result.stdout)
        summary = summarise(data["rows"])
        lat = sorted(data["latencies"])
        print(f"== {backend}: {len(queries)} queries, build {built['timings']}")
        for kind, (mrr, recall, n) in summary.items():
            print(f"  {kind:18} n={n:3}  MRR@10={mrr:.3f}  recall@10={recall:.3f}")
        print(
            f"  service.search latency (ms, small index, not a benchmark): "
            f"p50={lat[len(lat) // 2]:.1f} p95={lat[int(len(lat) * 0.95)]:.1f}"
        )
        if args.show_misses:
            by_id = {q["id"]: q for q in queries}
            for row in data["rows"]:
                if row["rr"] < 1:
                    q = by_id[row["id"]]
                    print(
                        f"  miss {row['id']} rank={row['rank']} {q['query']!r} ← {q['source_title']}"
                    )


if __name__ == "__main__":
    main()
