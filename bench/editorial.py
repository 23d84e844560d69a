"""A commune editor's admin: dashboard, page explorer and page search, with the full network.

Usage (against a database filled by `manage.py seed_network` + `manage.py generate_scale`):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_scale \
        .venv/bin/python bench/editorial.py --runs 50

Creates (once, idempotently) the user `bench_bientap`, editor of the commune portal that has the
most articles, and the role groups of any portal that lacks them (`setup_editorial`); deletes
nothing. Requests go through the real Wagtail admin URLs with Django's test client, logged in
as that editor. Prints median/p95 ms and SQL queries per screen as Markdown.
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
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from cong.editorial.models import PortalRole, Role  # noqa: E402
from cong.editorial.roles import create_portal_roles, grant_role  # noqa: E402
from cong.network.models import PortalPage  # noqa: E402
from cong.news.models import ArticlePage, NewsIndexPage  # noqa: E402

USERNAME = "bench_bientap"


def commune_editor():
    """The benchmark's editor on the busiest commune portal (created if missing)."""
    missing = PortalPage.objects.exclude(pk__in=PortalRole.objects.values("portal_id"))
    create_portal_roles(missing.values_list("pk", flat=True))
    commune = (
        PortalPage.objects.filter(unit__level__gte=2)
        .annotate(n=Count("articles"))
        .order_by("-n", "path")
        .first()
    )
    if commune is None:  # a two-level network: any portal below the top
        commune = PortalPage.objects.filter(depth__gt=2).order_by("path").first()
    user, _created = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"email": f"{USERNAME}@example.vn"}
    )
    grant_role(user, Role.EDITOR, commune)
    return user, commune


def screens(commune):
    news = NewsIndexPage.objects.filter(path__startswith=commune.path).order_by("path").first()
    article = ArticlePage.objects.filter(portal=commune).order_by("-published_at").first()
    rows = [
        ("dashboard", reverse("wagtailadmin_home")),
        ("explorer: commune portal", reverse("wagtailadmin_explore", args=[commune.pk])),
    ]
    if news is not None:
        rows.append(("explorer: commune news", reverse("wagtailadmin_explore", args=[news.pk])))
    rows.append(("page search", reverse("wagtailadmin_pages:search") + "?q=tin"))
    if article is not None:
        rows.append(("article edit form", reverse("wagtailadmin_pages:edit", args=[article.pk])))
    return rows


def measure(client, url, runs):
    response = client.get(url)  # warm compiled templates and caches
    assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        client.get(url)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    p95 = percentile(timings, 0.95)
    return statistics.median(timings), p95, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    user, commune = commune_editor()
    client = Client()
    client.force_login(user)
    articles = ArticlePage.objects.count()
    own = ArticlePage.objects.filter(portal=commune).count()
    portals = PortalPage.objects.count()
    groups = Group.objects.count()
    print(
        f"\n{connection.vendor}, {portals} portals, {groups} groups, {articles} articles; "
        f"editor of {commune.title} ({own} articles), {args.runs} runs per screen\n"
    )
    print("| screen | url | median ms | p95 ms | SQL queries |")
    print("|---|---|---:|---:|---:|")
    for name, url in screens(commune):
        median, p95, queries = measure(client, url, args.runs)
        print(f"| {name} | `{url}` | {median:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
