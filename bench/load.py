"""Load benchmark (issue 8): the product's front tier under wrk, side by side with nginx
serving a static copy of the same article page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_h_load REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python bench/load.py --duration 20 --connections 200

Starts gunicorn (production settings, PostgreSQL, Redis) on one port and nginx with the
configuration `manage.py frontcache_nginx_conf` writes on another, plus a second nginx server
block that serves a plain file copy of the article page. Then runs wrk from loopback against:
a cached home, a cached article (both from the front tier's files), an uncached article (the
same article with a session cookie: nginx and the page cache step aside, Django renders it),
a search, and the static copy. Prints a Markdown table (requests/s, p50/p99, errors) and the
cached/static ratios.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WRK_REPORT = """done = function(summary, latency, requests)
  for _, p in ipairs({50, 99}) do
    io.write(string.format("P%d %d\\n", p, latency:percentile(p)))
  end
end
"""
STATIC_SERVER = """
    server {{
        listen 127.0.0.1:{port} reuseport backlog=4096;
        root {root};
        location / {{ default_type text/html; try_files /article.html =404; }}
    }}
}}
"""


def environment(workdir: Path) -> dict:
    env = dict(os.environ)
    if "postgres" not in env.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to the PostgreSQL database filled by generate_scale.")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.update(
        DJANGO_SETTINGS_MODULE="cong.settings.production",
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        HTTPS="0",
        ALLOWED_HOSTS="*",
        CONG_FRONTCACHE_DIR=str(workdir / "frontcache"),
        CONG_FRONTCACHE_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    return env


def pick_urls(env) -> dict:
    """The national home, the newest article of a commune, a search."""
    code = (
        "import django; django.setup()\n"
        "from cong.news.models import ArticlePage\n"
        "a = ArticlePage.objects.live().filter(depth__gte=6).order_by('-published_at')"
        ".only('url_path').first()\n"
        "print(a.url)\n"
    )
    article = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    return {"home": "/", "article": article, "search": "/tim-kiem/?q=ch%C3%ADnh+ph%E1%BB%A7"}


def wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} does not answer")


def fetch(url: str, headers=None) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read(), response.headers.get("X-Cong-Cache", "")


def wrk(url, args, script, headers=()) -> dict:
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "30s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(
        [*command, "-s", str(script), url], capture_output=True, text=True, check=True
    ).stdout
    latency = {p: int(us) / 1000 for p, us in re.findall(r"^P(\d+) (\d+)$", out, re.M)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "errors": errors,
        "detail": socket_errors.group(0) if socket_errors else "",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk") or not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        sys.exit("Needs nginx and wrk (apt-get install nginx wrk).")

    from cong.caching.nginx_process import free_port, start_nginx, stop_nginx

    workdir = Path(tempfile.mkdtemp(prefix="cong-load-"))
    env = environment(workdir)
    django_port, front_port, static_port = free_port(), free_port(), free_port()
    urls = pick_urls(env)
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "cong.wsgi:application",
            "--bind",
            f"127.0.0.1:{django_port}",
            "--workers",
            str(args.gunicorn_workers),
            "--threads",
            str(args.gunicorn_threads),
            "--backlog",
            "4096",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    nginx = None
    script = workdir / "report.lua"
    script.write_text(WRK_REPORT)
    try:
        conf = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "frontcache_nginx_conf",
                "--standalone",
                "--listen",
                f"127.0.0.1:{front_port}",
                "--upstream",
                f"127.0.0.1:{django_port}",
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (workdir / "static").mkdir()
        conf = conf.rstrip().removesuffix("}") + STATIC_SERVER.format(
            port=static_port, root=workdir / "static"
        )
        wait(f"http://127.0.0.1:{django_port}/robots.txt")
        nginx = start_nginx(conf, workdir / "nginx", front_port)
        front = f"http://127.0.0.1:{front_port}"
        for key in ("home", "article"):
            fetch(front + urls[key])
            body, state = fetch(front + urls[key])
            assert state == "file", (urls[key], state)
        article_body, _ = fetch(front + urls["article"])
        (workdir / "static" / "article.html").write_bytes(article_body)
        uncached, state = fetch(front + urls["article"], {"Cookie": "sessionid=bench"})
        assert state == "", state  # rendered by Django for this request

        load = subprocess.run(["cat", "/proc/loadavg"], capture_output=True, text=True).stdout
        # nginx-only rows first: requests queued in gunicorn keep its CPU busy after wrk stops.
        rows = [
            ("nginx static copy of the article", f"http://127.0.0.1:{static_port}/", ()),
            ("cached home (nginx file)", front + urls["home"], ()),
            ("cached article (nginx file)", front + urls["article"], ()),
            ("uncached article (gunicorn)", front + urls["article"], ("Cookie: sessionid=bench",)),
            ("search (gunicorn)", front + urls["search"], ()),
        ]
        results = {}
        for label, url, headers in rows:
            results[label] = wrk(url, args, script, headers)
            time.sleep(2)
        print(f"load average before: {load.split()[0]} on {os.cpu_count()} CPUs")
        print(f"article: {urls['article']} ({len(article_body):,} bytes)")
        print(
            f"wrk -t2 -c{args.connections} -d{args.duration}s --timeout 30s; gunicorn "
            f"{args.gunicorn_workers} workers × {args.gunicorn_threads} threads\n"
        )
        print("| request | req/s | p50 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|")
        for label, result in results.items():
            print(
                f"| {label} | {result['rps']:,.0f} | {result['p50']:.1f} | {result['p99']:.1f} "
                f"| {result['errors']} |"
            )
        static = results["nginx static copy of the article"]["rps"]
        print()
        for label in ("cached home (nginx file)", "cached article (nginx file)"):
            print(f"{label} / static: {results[label]['rps'] / static:.2f}×")
    finally:
        if nginx is not None:
            stop_nginx(nginx)
        gunicorn.terminate()
        gunicorn.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
