"""The monthly rollups: ServiceStat per handling portal and ServiceStatTree per portal subtree,
both maintained in the transaction of every transition, read by the statistics page, and
rebuilt from the dossiers on demand."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.models import Page

from .models import Dossier, ServiceStat, ServiceStatTree, Status

COUNTERS = (
    "received",
    "resolved",
    "on_time",
    "late",
    "rejected",
    "processing_seconds",
    "ratings",
    "rating_total",
)


def month_of(moment) -> date:
    day = timezone.localdate(moment) if hasattr(moment, "tzinfo") else moment
    return day.replace(day=1)


def portal_ancestry(path: str) -> list[tuple[int, str]]:
    """(pk, path) of the portal at `path` and of every portal above it."""
    from cong.network.models import PortalPage

    step = Page.steplen
    prefixes = [path[:end] for end in range(step, len(path) + 1, step)]
    return list(PortalPage.objects.filter(path__in=prefixes).values_list("pk", "path"))


def _bump(model, increments, **key):
    defaults = key.pop("defaults")
    cell, _ = model.objects.get_or_create(**key, defaults=defaults)
    model.objects.filter(pk=cell.pk).update(
        **{name: F(name) + value for name, value in increments.items()}
    )


def _add(dossier, moment, **increments):
    month = month_of(moment)
    path = dossier.portal.path
    _bump(
        ServiceStat,
        increments,
        portal_id=dossier.portal_id,
        procedure_id=dossier.procedure_id,
        month=month,
        defaults={"portal_path": path},
    )
    for portal_id, portal_path in portal_ancestry(path):
        _bump(
            ServiceStatTree,
            increments,
            portal_id=portal_id,
            procedure_id=dossier.procedure_id,
            month=month,
            defaults={"portal_path": portal_path, "depth": len(portal_path) // Page.steplen},
        )


def count_received(dossier):
    _add(dossier, dossier.submitted_at, received=1)


def count_resolved(dossier):
    seconds = int((dossier.resolved_at - dossier.submitted_at).total_seconds())
    timely = {"on_time": 1} if dossier.on_time else {"late": 1}
    _add(dossier, dossier.resolved_at, resolved=1, processing_seconds=seconds, **timely)


def count_rejected(dossier):
    _add(dossier, dossier.finished_at, rejected=1)


def count_rating(dossier):
    _add(dossier, dossier.rated_at, ratings=1, rating_total=dossier.rating)


def rebuild() -> int:
    """Recompute every rollup cell from the dossiers; returns the number of cells."""
    cells: dict[tuple, dict] = {}

    def cell(portal_id, path, procedure_id, month):
        key = (portal_id, procedure_id, month_of(month))
        if key not in cells:
            cells[key] = {"portal_path": path, **dict.fromkeys(COUNTERS, 0)}
        return cells[key]

    rows = Dossier.objects.values(
        "portal_id",
        "portal__path",
        "procedure_id",
        "submitted_at",
        "due_date",
        "resolved_at",
        "finished_at",
        "status",
        "rating",
        "rated_at",
    ).iterator(chunk_size=10000)
    for row in rows:
        base = (row["portal_id"], row["portal__path"], row["procedure_id"])
        cell(*base, row["submitted_at"])["received"] += 1
        if row["resolved_at"]:
            target = cell(*base, row["resolved_at"])
            target["resolved"] += 1
            timely = timezone.localdate(row["resolved_at"]) <= row["due_date"]
            target["on_time" if timely else "late"] += 1
            target["processing_seconds"] += int(
                (row["resolved_at"] - row["submitted_at"]).total_seconds()
            )
        if row["status"] == Status.REJECTED and row["finished_at"]:
            cell(*base, row["finished_at"])["rejected"] += 1
        if row["rated_at"]:
            target = cell(*base, row["rated_at"])
            target["ratings"] += 1
            target["rating_total"] += row["rating"]
    trees = subtree_cells(cells)
    with transaction.atomic():
        ServiceStat.objects.all().delete()
        ServiceStatTree.objects.all().delete()
        ServiceStat.objects.bulk_create(
            [
                ServiceStat(portal_id=p, procedure_id=pr, month=m, **values)
                for (p, pr, m), values in cells.items()
            ],
            batch_size=5000,
        )
        ServiceStatTree.objects.bulk_create(
            [
                ServiceStatTree(portal_id=p, procedure_id=pr, month=m, **values)
                for (p, pr, m), values in trees.items()
            ],
            batch_size=5000,
        )
    return len(cells)


def subtree_cells(cells: dict) -> dict:
    """Sum unit cells {(portal, procedure, month): values} into each portal above them."""
    from cong.network.models import PortalPage

    portal_paths = dict(PortalPage.objects.values_list("path", "pk"))
    step = Page.steplen
    trees: dict[tuple, dict] = {}
    for (_portal, procedure, month), values in cells.items():
        path = values["portal_path"]
        for end in range(step, len(path) + 1, step):
            ancestor = portal_paths.get(path[:end])
            if ancestor is None:
                continue
            key = (ancestor, procedure, month)
            if key not in trees:
                trees[key] = {"portal_path": path[:end], "depth": end // step}
                trees[key].update(dict.fromkeys(COUNTERS, 0))
            for name in COUNTERS:
                trees[key][name] += values[name]
    return trees


@dataclass
class Line:
    label: str
    received: int = 0
    resolved: int = 0
    on_time: int = 0
    late: int = 0
    rejected: int = 0
    processing_seconds: int = 0
    ratings: int = 0
    rating_total: int = 0
    in_progress: int = 0
    key: object = None

    @property
    def on_time_percent(self):
        return round(100 * self.on_time / self.resolved, 1) if self.resolved else None

    @property
    def average_days(self):
        return round(self.processing_seconds / self.resolved / 86400, 1) if self.resolved else None

    @property
    def satisfaction(self):
        return round(self.rating_total / self.ratings, 2) if self.ratings else None


@dataclass
class Summary:
    year: int
    total: Line
    months: list[Line] = field(default_factory=list)
    procedures: list[Line] = field(default_factory=list)
    units: list[Line] = field(default_factory=list)


_SUMS = {name: Sum(name) for name in COUNTERS}


def _line(label, values, key=None) -> Line:
    return Line(label=label, key=key, **{n: values.get(n) or 0 for n in COUNTERS})


def summarise(portal, year: int) -> Summary:
    """Statistics of `portal` and every portal below it for `year`, from the subtree rollup:
    the portal's own subtree cells (per month and procedure), its direct subordinates' subtree
    cells (per unit) and one sum of earlier months for the dossiers still open in January."""
    from cong.network.models import PortalPage

    from .models import Procedure

    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    mine = ServiceStatTree.objects.filter(portal_id=portal.pk)
    before = mine.filter(month__lt=start).aggregate(
        received=Sum("received"), resolved=Sum("resolved"), rejected=Sum("rejected")
    )
    open_count = (before["received"] or 0) - (before["resolved"] or 0) - (before["rejected"] or 0)

    by_month: dict[date, dict] = {}
    by_procedure: dict[int, dict] = {}
    for cell in mine.filter(month__gte=start, month__lt=end).values(
        "month", "procedure_id", *COUNTERS
    ):
        for table, key in ((by_month, cell["month"]), (by_procedure, cell["procedure_id"])):
            target = table.setdefault(key, dict.fromkeys(COUNTERS, 0))
            for name in COUNTERS:
                target[name] += cell[name]

    months = []
    for number in range(1, 13):
        line = _line(f"{number:02d}/{year}", by_month.get(date(year, number, 1), {}))
        open_count += line.received - line.resolved - line.rejected
        line.in_progress = open_count
        months.append(line)

    names = dict(Procedure.objects.filter(pk__in=by_procedure).values_list("pk", "name"))
    procedures = sorted(
        (_line(names.get(pk, "?"), values, key=pk) for pk, values in by_procedure.items()),
        key=lambda line: (-line.received, line.label),
    )

    # Per unit: the portal's own dossiers, then each direct subordinate's whole subtree.
    # By the subordinates' ids (the unique index leads with the portal): a path prefix would
    # not use an index under a non-C collation.
    children = list(PortalPage.objects.child_of(portal).values_list("pk", flat=True))
    units_rows = (
        ServiceStatTree.objects.filter(portal_id__in=children, month__gte=start, month__lt=end)
        .values("portal_path")
        .annotate(**_SUMS)
    )
    by_branch = {row["portal_path"]: row for row in units_rows}
    own = ServiceStat.objects.filter(
        portal_id=portal.pk, month__gte=start, month__lt=end
    ).aggregate(**_SUMS)
    if own["received"] or own["resolved"] or own["rejected"]:
        by_branch[portal.path] = own
    titles = dict(PortalPage.objects.filter(path__in=list(by_branch)).values_list("path", "title"))
    units = sorted(
        (_line(titles.get(path, path), values, key=path) for path, values in by_branch.items()),
        key=lambda line: (line.key != portal.path, line.label),
    )
    total = _line(portal.title, {n: sum(getattr(m, n) for m in months) for n in COUNTERS})
    total.in_progress = months[-1].in_progress
    return Summary(year=year, total=total, months=months, procedures=procedures, units=units)


def direct_counts(portal, year: int) -> dict:
    """The same figures straight from the dossiers (slow; for tests and checks)."""
    dossiers = Dossier.objects.filter(portal__path__startswith=portal.path)
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    received = dossiers.filter(submitted_at__date__gte=start, submitted_at__date__lt=end)
    resolved = dossiers.filter(resolved_at__date__gte=start, resolved_at__date__lt=end)
    return {
        "received": received.count(),
        "resolved": resolved.count(),
        "on_time": resolved.filter(resolved_at__date__lte=F("due_date")).count(),
        "late": resolved.filter(resolved_at__date__gt=F("due_date")).count(),
        "rejected": dossiers.filter(
            status=Status.REJECTED, finished_at__date__gte=start, finished_at__date__lt=end
        ).count(),
        "ratings": dossiers.filter(rated_at__date__gte=start, rated_at__date__lt=end).count(),
        "by_month": dict(
            received.annotate(m=TruncMonth("submitted_at"))
            .values_list("m")
            .annotate(n=Count("pk"))
            .values_list("m", "n")
        ),
    }
