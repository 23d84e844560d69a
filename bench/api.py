"""Article list endpoint of the open API (issue 6): requests/s and latency percentiles.

Usage (against a database filled by `manage.py generate_scale`, used read-only):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_scale \
        .venv/bin/python bench/api.py inprocess --runs 300
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_scale \
        .venv/bin/python bench/api.py wrk --duration 20 --connections 8 --workers 2

`inprocess`: sequential requests through Django's full stack with the test client (middleware,
Ninja, serialisation, ETag); latency per request, one core.
`wrk`: the same requests over HTTP. `--workers` processes of a wsgiref server with 4 threads
each (this script's `serve` mode, no gunicorn needed; persistent database connections) listen on
one port (SO_REUSEPORT); wrk (Debian package) drives them; requests/s and p50/p95/p99 latency.

The rate limit is switched off for the run; nothing is written to the database.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cong.settings.dev")


def setup_django():
    import django

    django.setup()
    from django.conf import settings

    settings.CONG_API_RATE_LIMIT = None
    settings.CONG_API_TOKEN_RATE_LIMIT = None
    settings.DEBUG = False  # no query log growing during the run
    settings.ALLOWED_HOSTS = ["*"]


def scenarios() -> list[tuple[str, str]]:
    """(label, path) of the list requests measured, with real ids and a deep cursor."""
    from django.db.models import Count
    from django.test import Client

    from cong.network.models import PortalPage
    from cong.news.models import ArticlePage

    province = PortalPage.objects.filter(unit__level=1, slug="ha-noi").first() or (
        PortalPage.objects.filter(unit__level=1).first()
    )
    busiest = (
        ArticlePage.objects.filter(live=True)
        .values("portal_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    client = Client()
    path = "/api/v1/articles?limit=100"
    for _ in range(10):  # ten pages in: a cursor 1,000 articles deep
        cursor = client.get(path).json()["next_cursor"]
        path = f"/api/v1/articles?limit=100&cursor={cursor}"
    deep = f"/api/v1/articles?limit=20&cursor={cursor}"
    return [
        ("newest 20, whole network", "/api/v1/articles?limit=20"),
        ("newest 100, whole network", "/api/v1/articles?limit=100"),
        ("page 51 (cursor 1,000 deep)", deep),
        ("busiest portal, 20", f"/api/v1/articles?portal={busiest['portal_id']}&limit=20"),
        (
            "province + subordinates, 20",
            f"/api/v1/articles?portal={province.pk}&include_subordinates=true&limit=20",
        ),
        ("directives only, 20", "/api/v1/articles?directives=true&limit=20"),
    ]


def article_count() -> int:
    from cong.news.models import ArticlePage

    return ArticlePage.objects.filter(live=True).count()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_inprocess(args):
    setup_django()
    from django.db import connection
    from django.test import Client

    client = Client()
    print(f"{article_count():,} live articles; {args.runs} sequential requests per row\n")
    print("| request | req/s | median ms | p95 ms | SQL queries |")
    print("|---|---:|---:|---:|---:|")
    for label, path in scenarios():
        for _ in range(5):
            assert client.get(path).status_code == 200
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path)
        timings = []
        started = time.perf_counter()
        for _ in range(args.runs):
            t0 = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        elapsed = time.perf_counter() - started
        print(
            f"| {label} | {args.runs / elapsed:.0f} | {statistics.median(timings):.1f} | "
            f"{percentile(timings, 95):.1f} | {len(queries)} |"
        )


def run_server(args):
    """A WSGI server with a fixed pool of threads, each keeping its database connection (as a
    gunicorn gthread worker would); wsgiref closes the socket after each response."""
    setup_django()
    from concurrent.futures import ThreadPoolExecutor
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.DATABASES["default"]["CONN_MAX_AGE"] = None  # persistent, one per pool thread

    class Quiet(WSGIRequestHandler):
        def log_message(self, *a):
            pass

    class Server(WSGIServer):
        request_queue_size = 256
        pool = ThreadPoolExecutor(max_workers=args.threads)

        def server_bind(self):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            super().server_bind()

        def process_request(self, request, client_address):
            self.pool.submit(self._handle, request, client_address)

        def _handle(self, request, client_address):
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    server = make_server(
        "127.0.0.1", args.port, get_wsgi_application(), server_class=Server, handler_class=Quiet
    )
    server.serve_forever()


WRK_REPORT = """done = function(summary, latency, requests)
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("P%d %d\\n", p, latency:percentile(p)))
  end
end
"""


def run_wrk(args):
    import tempfile

    setup_django()
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_REPORT)
    paths = scenarios()
    count = article_count()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    servers = [
        subprocess.Popen([sys.executable, __file__, "serve", "--port", str(port)], cwd=ROOT)
        for _ in range(args.workers)
    ]
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        print(
            f"{count:,} live articles; wrk -t2 -c{args.connections} -d{args.duration}s, "
            f"{args.workers} server processes\n"
        )
        print("| request | req/s | p50 ms | p95 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, path in paths:
            for _ in range(3 * args.workers):
                urllib.request.urlopen(base + path, timeout=30).read()
            out = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    f"-c{args.connections}",
                    f"-d{args.duration}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(script),
                    base + path,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            lat = {p: int(us) / 1000 for p, us in re.findall(r"^P(\d+) (\d+)$", out, re.M)}
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            socket_errors = re.search(r"Socket errors: (.*)", out)
            error_text = errors.group(1) if errors else "0"
            if socket_errors:
                error_text += f" ({socket_errors.group(1)})"
            print(
                f"| {label} | {rps:.0f} | {lat['50']:.1f} | {lat['95']:.1f} | "
                f"{lat['99']:.1f} | {error_text} |"
            )
    finally:
        script.unlink()
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    inprocess = sub.add_parser("inprocess")
    inprocess.add_argument("--runs", type=int, default=300)
    serve = sub.add_parser("serve")
    serve.add_argument("--port", type=int, required=True)
    serve.add_argument("--threads", type=int, default=4)
    wrk = sub.add_parser("wrk")
    wrk.add_argument("--duration", type=int, default=20)
    wrk.add_argument("--connections", type=int, default=8)
    wrk.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    {"inprocess": run_inprocess, "serve": run_server, "wrk": run_wrk}[args.mode](args)


if __name__ == "__main__":
    main()
