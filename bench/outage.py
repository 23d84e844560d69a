"""PostgreSQL restarted under load: status codes before, during and after (issue 8, point 4).

Serves the site with gunicorn on a PostgreSQL database, loads one article page and /readyz with
wrk, restarts the cluster in the middle, and counts the answers per phase from the request log
(cong.request, JSON lines). Prints a Markdown table for bench/RESULTS.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_h_scale \\
        .venv/bin/python bench/outage.py [--seconds 30] [--restart-at 10] [--connections 20]

Needs wrk, gunicorn and the right to run `pg_ctlcluster` (the machine's PostgreSQL 15).
"""

import argparse
import collections
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def article_path(env) -> str:
    code = (
        "import django; django.setup();"
        "from cong.news.models import ArticlePage;"
        "print(ArticlePage.objects.live().order_by('-published_at').first().url)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--restart-at", type=float, default=10)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--port", type=int, default=8093)
    parser.add_argument(
        "--bypass-cache",
        action="store_true",
        help="Send a session cookie so every request renders in Django (no page cache).",
    )
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database.")

    workdir = Path(tempfile.mkdtemp(prefix="cong-outage-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cong.settings.dev",
        "LOG_FORMAT": "json",
        "ALLOWED_HOSTS": "*",
        "DB_CONNECT_TIMEOUT": "3",
    }
    path = article_path(env)
    log = open(workdir / "requests.log", "w")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "cong.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{args.port}",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cong.settings.dev"},
        stdout=log,
        stderr=log,
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        wait_for(base + "/healthz")
        urllib.request.urlopen(base + path, timeout=30).read()  # warm up
        started = time.time()
        wrk = subprocess.Popen(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--timeout",
                "10s",
                *(["-H", "Cookie: sessionid=outage-bench"] if args.bypass_cache else []),
                base + path,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(args.restart_at)
        restart_begin = time.time()
        subprocess.run(PG_RESTART, check=True)
        restart_end = time.time()
        wrk_out, _ = wrk.communicate()
        ended = time.time()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    phases = collections.OrderedDict(
        (name, collections.Counter()) for name in ("before", "during", "after")
    )
    durations = collections.defaultdict(list)
    first_ok_after = None
    for line in (workdir / "requests.log").read_text().splitlines():
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        if record.get("logger") != "cong.request" or record.get("path") != path:
            continue
        when = record["created"]
        if when < restart_begin - 0.5:
            phase = "before"
        elif when <= restart_end + 0.5:
            phase = "during"
        else:
            phase = "after"
            if record["status"] == 200 and first_ok_after is None:
                first_ok_after = when - restart_end
        phases[phase][record["status"]] += 1
        durations[(phase, record["status"])].append(record["duration_ms"])

    print(
        f"{'Uncached' if args.bypass_cache else 'Cacheable'} article {path}; wrk {args.connections} connections {args.seconds} s; "
        f"PostgreSQL restart took {restart_end - restart_begin:.1f} s "
        f"(at +{restart_begin - started:.1f} s)."
    )
    print("\n| phase | status | requests | median ms | max ms |\n|---|---|---|---|---|")
    for phase, counter in phases.items():
        for status, count in sorted(counter.items()):
            values = sorted(durations[(phase, status)])
            print(
                f"| {phase} | {status} | {count} | {values[len(values) // 2]:.0f} | "
                f"{values[-1]:.0f} |"
            )
    if first_ok_after is not None:
        print(
            f"\nFirst 200 after the restart: {first_ok_after:.2f} s after pg_ctlcluster returned."
        )
    print("\nwrk:\n" + wrk_out)
    print(f"(request log: {workdir / 'requests.log'}; {ended - started:.0f} s in all)")


if __name__ == "__main__":
    main()
