"""Public services statistics with 1,000,000 dossiers across the network (issue 9).

Usage (PostgreSQL; the network built once with migrate + seed_network):
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_h_services_bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_network
    .venv/bin/python bench/services.py --dossiers 1000000 --runs 30

Generates the dossiers once (skipped when the table already holds that many) with one
INSERT … SELECT in PostgreSQL,
spread over every commune (90 %) and province (10 %) from January 2025 to November 2026 with
results on time, late, rejected, still open and rated, due dates from the working calendar;
writes their monthly rollup cells (the rules of `stats.rebuild`, in SQL); then checks the rollup's totals against the dossiers table and times
the statistics page (`…/dich-vu-cong/thong-ke/?nam=2025`) of the nation and of a province
through Django's test client. Prints median / p95 ms and SQL queries as Markdown.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cong.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cong.network.models import PortalPage  # noqa: E402
from cong.services.demo import FIXTURE, SLUG  # noqa: E402
from cong.services.importing import import_file  # noqa: E402
from cong.services.models import (  # noqa: E402
    Dossier,
    Procedure,
    ServiceIndexPage,
    ServiceStat,
    ServiceStatTree,
)
from cong.services.stats import direct_counts, summarise  # noqa: E402
from cong.services.workdays import WorkingCalendar  # noqa: E402

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2025, 1, 1, 8, tzinfo=HCM)
SPAN_DAYS = 333 + 365  # to the end of November 2026
BATCH = 10_000


def procedures_by_level():
    import_file(FIXTURE)
    levels: dict[int, list[Procedure]] = {}
    for procedure in Procedure.objects.prefetch_related("levels"):
        for level in procedure.level_numbers():
            levels.setdefault(level, []).append(procedure)
    return levels


def generate(total: int, seed: float = 0.09) -> int:
    """Insert `total` dossiers in one INSERT … SELECT over generate_series (the table is emptied
    first), due dates from the working calendar (a Python-computed table joined in), then their
    rollup cells with the rules of `stats.rebuild`, in SQL. Returns the number of cells."""
    calendar = WorkingCalendar()
    levels = procedures_by_level()
    portals = list(PortalPage.objects.select_related("unit").filter(unit__level__in=levels))
    day_count = SPAN_DAYS + 2
    due_rows = [
        (
            START.date() + timedelta(days=d),
            n,
            calendar.add_working_days(START.date() + timedelta(days=d), n),
        )
        for d in range(day_count)
        for n in {p.processing_days for procs in levels.values() for p in procs}
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE services_dossier, services_servicestat, services_servicestattree CASCADE"
        )
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute(
            "CREATE TEMP TABLE bench_portal (kind int, idx int, portal_id int, path text, lvl int)"
        )
        by_kind = {
            2: [p for p in portals if p.unit.level == 2],
            1: [p for p in portals if p.unit.level == 1],
        }
        cursor.executemany(
            "INSERT INTO bench_portal VALUES (%s, %s, %s, %s, %s)",
            [
                (k, i, p.pk, p.path, p.unit.level)
                for k, ps in by_kind.items()
                for i, p in enumerate(ps)
            ],
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_proc (lvl int, idx int, procedure_id int, days int)"
        )
        cursor.executemany(
            "INSERT INTO bench_proc VALUES (%s, %s, %s, %s)",
            [
                (lvl, i, p.pk, p.processing_days)
                for lvl, ps in levels.items()
                for i, p in enumerate(ps)
            ],
        )
        cursor.execute("CREATE TEMP TABLE bench_due (day date, days int, due date)")
        cursor.executemany("INSERT INTO bench_due VALUES (%s, %s, %s)", due_rows)
        cursor.execute("ANALYZE bench_portal; ANALYZE bench_proc; ANALYZE bench_due")
        n_communes, n_provinces = len(by_kind[2]), len(by_kind[1])
        counts = {lvl: len(ps) for lvl, ps in levels.items()}
        cursor.execute(
            f"""
            WITH draws AS (
                SELECT g,
                       CASE WHEN random() < 0.9 THEN 2 ELSE 1 END AS kind,
                       random() AS r_portal, random() AS r_proc, random() AS r_when,
                       random() AS r_outcome, random() AS r_late, random() AS r_factor,
                       random() AS r_return, random() AS r_rate, random() AS r_score
                FROM generate_series(1, %s) AS g
            ), picked AS (
                SELECT d.*, p.portal_id, pr.procedure_id, pr.days,
                       TIMESTAMPTZ '2025-01-01 08:00+07' + d.r_when * INTERVAL '{SPAN_DAYS} days'
                           AS submitted
                FROM draws d
                JOIN bench_portal p ON p.kind = d.kind AND p.idx = floor(d.r_portal *
                    CASE d.kind WHEN 2 THEN {n_communes} ELSE {n_provinces} END)::int
                JOIN bench_proc pr ON pr.lvl = p.lvl AND pr.idx = floor(d.r_proc *
                    CASE p.lvl WHEN 2 THEN {counts.get(2, 1)} ELSE {counts.get(1, 1)} END)::int
            ), outcome AS (
                SELECT p.*, du.due,
                       CASE WHEN r_outcome >= 0.03 AND r_outcome < 0.9 THEN
                           submitted + GREATEST(p.days * CASE WHEN r_late < 0.08
                               THEN 1.6 + 1.4 * r_factor ELSE 0.2 + 0.8 * r_factor END, 0.1)
                               * INTERVAL '1 day'
                       END AS resolved
                FROM picked p
                JOIN bench_due du ON du.day = (submitted AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                    AND du.days = p.days
            )
            INSERT INTO services_dossier (code, procedure_id, portal_id, status, applicant_name,
                email, phone, answers, submitted_at, due_date, resolved_at, finished_at,
                reject_reason, rating, rating_comment, rated_at)
            SELECT 'HS-' || upper(substr(md5(g::text || random()::text), 1, 12)),
                   procedure_id, portal_id,
                   CASE WHEN r_outcome < 0.03 THEN 'rejected'
                        WHEN resolved IS NOT NULL AND r_return < 0.8 THEN 'returned'
                        WHEN resolved IS NOT NULL THEN 'result_ready'
                        ELSE (ARRAY['received', 'assigned', 'processing'])[1 + floor(r_return * 3)::int]
                   END,
                   'Người nộp (dữ liệu thử)', '', '0900000000', '{{}}', submitted, due, resolved,
                   CASE WHEN r_outcome < 0.03 THEN submitted + (0.2 + 4.8 * r_factor) * INTERVAL '1 day'
                        WHEN resolved IS NOT NULL AND r_return < 0.8 THEN resolved + INTERVAL '1 day'
                   END,
                   '',
                   CASE WHEN resolved IS NOT NULL AND r_rate < 0.3 THEN 3 + floor(r_score * 3)::int END,
                   '',
                   CASE WHEN resolved IS NOT NULL AND r_rate < 0.3 THEN resolved + INTERVAL '2 days' END
            FROM outcome
            """,
            [total],
        )
        cursor.execute(ROLLUP_SQL)
        cursor.execute(TREE_SQL)
        cursor.execute("SELECT count(*) FROM services_servicestat")
        return cursor.fetchone()[0]


# The rules of cong.services.stats.rebuild, in SQL: each dossier counts in the month (Vietnam
# time) of its submission, result, rejection and rating.
ROLLUP_SQL = """
INSERT INTO services_servicestat (portal_id, portal_path, procedure_id, month, received,
    resolved, on_time, late, rejected, processing_seconds, ratings, rating_total)
SELECT d.portal_id, pp.path, d.procedure_id, e.month, sum(e.received), sum(e.resolved),
       sum(e.on_time), sum(e.late), sum(e.rejected), sum(e.seconds), sum(e.ratings), sum(e.total)
FROM services_dossier d
JOIN wagtailcore_page pp ON pp.id = d.portal_id
CROSS JOIN LATERAL (
    SELECT date_trunc('month', d.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS month,
           1 AS received, 0 AS resolved, 0 AS on_time, 0 AS late, 0 AS rejected,
           0::bigint AS seconds, 0 AS ratings, 0 AS total
    UNION ALL
    SELECT date_trunc('month', d.resolved_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 0, 1,
           ((d.resolved_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= d.due_date)::int,
           ((d.resolved_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > d.due_date)::int, 0,
           extract(epoch FROM d.resolved_at - d.submitted_at)::bigint, 0, 0
    WHERE d.resolved_at IS NOT NULL
    UNION ALL
    SELECT date_trunc('month', d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
           0, 0, 0, 0, 1, 0, 0, 0
    WHERE d.status = 'rejected'
    UNION ALL
    SELECT date_trunc('month', d.rated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
           0, 0, 0, 0, 0, 0, 1, d.rating
    WHERE d.rated_at IS NOT NULL
) e
GROUP BY d.portal_id, pp.path, d.procedure_id, e.month
"""

# The subtree rollup: every unit cell summed into each portal at or above it.
TREE_SQL = """
INSERT INTO services_servicestattree (portal_id, portal_path, depth, procedure_id, month,
    received, resolved, on_time, late, rejected, processing_seconds, ratings, rating_total)
SELECT anc.id, anc.path, anc.depth, s.procedure_id, s.month, sum(s.received), sum(s.resolved),
       sum(s.on_time), sum(s.late), sum(s.rejected), sum(s.processing_seconds), sum(s.ratings),
       sum(s.rating_total)
FROM services_servicestat s
JOIN generate_series(1, 16) AS k ON 4 * k <= length(s.portal_path)
JOIN wagtailcore_page anc ON anc.path = left(s.portal_path, 4 * k)
JOIN network_portalpage np ON np.page_ptr_id = anc.id
GROUP BY anc.id, anc.path, anc.depth, s.procedure_id, s.month
"""


def section_of(portal):
    section = ServiceIndexPage.for_portal(portal)
    if section is None:
        section = ServiceIndexPage(title="Dịch vụ công trực tuyến", slug=SLUG, live=True)
        portal.add_child(instance=section)
    return section


def measure(client, url, runs):
    for _ in range(3):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    existing = Dossier.objects.count()
    if existing == args.dossiers and not ServiceStatTree.objects.exists():
        with connection.cursor() as cursor:  # dossiers from a run before the subtree rollup
            cursor.execute(TREE_SQL)
            cursor.execute("ANALYZE services_servicestattree")
    if existing != args.dossiers:
        began = time.perf_counter()
        cells = generate(args.dossiers)
        print(
            f"generated {args.dossiers:,} dossiers, {cells:,} rollup cells "
            f"in {time.perf_counter() - began:.0f} s",
            file=sys.stderr,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE services_dossier; ANALYZE services_servicestat; "
                "ANALYZE services_servicestattree"
            )
    rollup = ServiceStat.objects.aggregate(r=Sum("received"), s=Sum("resolved"))
    dossiers = Dossier.objects.count()
    resolved = Dossier.objects.filter(resolved_at__isnull=False).count()
    assert rollup["r"] == dossiers and rollup["s"] == resolved, (rollup, dossiers, resolved)
    # The rollup agrees with direct counts on the dossiers for one busy commune.
    sample = PortalPage.objects.get(pk=Dossier.objects.values("portal_id").first()["portal_id"])
    summary, direct = summarise(sample, 2025), direct_counts(sample, 2025)
    for name in ("received", "resolved", "on_time", "late", "rejected", "ratings"):
        assert getattr(summary.total, name) == direct[name], (name, summary.total, direct)

    nation = PortalPage.objects.get(depth=2)
    province = (
        PortalPage.objects.filter(unit__code="01").first()
        or PortalPage.objects.filter(depth=3).first()
    )
    client = Client()
    reset_queries()
    print(
        f"{dossiers:,} dossiers, {ServiceStat.objects.count():,} unit rollup cells, "
        f"{ServiceStatTree.objects.count():,} subtree cells"
    )
    print(f"load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print("| page | median ms | p95 ms | SQL queries | `summarise()` median ms |")
    print("|---|---|---|---|---|")
    for label, portal in (("nation", nation), (f"province ({province.title})", province)):
        section = section_of(portal)
        median, p95, queries = measure(client, section.url + "thong-ke/?nam=2025", args.runs)
        alone = []
        for _ in range(args.runs):
            began = time.perf_counter()
            summarise(portal, 2025)
            alone.append((time.perf_counter() - began) * 1000)
        print(
            f"| {label} | {median:.0f} | {p95:.0f} | {queries} | {statistics.median(alone):.0f} |"
        )


if __name__ == "__main__":
    main()
