"""manage.py seed_network [--from FILE.json] [--no-portals]: load the administrative network
and build one portal per current unit. Safe to re-run: it reports what changed."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cong.network.hierarchy_file import HierarchyFileError, load_hierarchy_file
from cong.network.models import PortalPage, Unit
from cong.network.portals import PortalBuildError, build_portals
from cong.network.seeding import sync_units, vn2025_hierarchy

DETAIL_LIMIT = 20


class Command(BaseCommand):
    help = (
        "Load the administrative units (vietnam-provinces by default, or a JSON hierarchy) and "
        "create a portal with its standard sections for every current unit without one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="source",
            metavar="FILE.json",
            help="load this hierarchy file instead of the 2025 network (format: docs/network.md)",
        )
        parser.add_argument(
            "--no-portals",
            action="store_true",
            help="load the units only; existing portals are still kept in line",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="do not add new portals to the search index",
        )

    def handle(self, *args, source=None, no_portals=False, no_index=False, **options):
        started = time.monotonic()
        verbosity = options["verbosity"]
        if source:
            try:
                hierarchy = load_hierarchy_file(source)
            except HierarchyFileError as exc:
                raise CommandError(f"{source}: {exc} — nothing was stored.") from exc
        else:
            hierarchy = vn2025_hierarchy()
        self.write_detail = verbosity >= 1
        self.detail_limit = None if verbosity >= 2 else DETAIL_LIMIT
        quiet = verbosity == 0

        with tqdm(
            total=len(hierarchy.units), desc="units", unit="unit", file=sys.stderr, disable=quiet
        ) as bar:
            unit_changes = sync_units(hierarchy, progress=bar.update)
        with tqdm(desc="pages", unit="page", file=sys.stderr, disable=quiet or no_portals) as bar:
            try:
                portal_changes = build_portals(
                    hierarchy,
                    unit_changes,
                    progress=bar,
                    create=not no_portals,
                    index=not no_index,
                )
            except PortalBuildError as exc:
                raise CommandError(str(exc)) from exc

        self.report(hierarchy, unit_changes, portal_changes, time.monotonic() - started)

    def report(self, hierarchy, units, portals, seconds):
        scheme = hierarchy.scheme
        unit_count = Unit.objects.filter(scheme=scheme).count()
        current_count = Unit.objects.filter(scheme=scheme).current().count()
        portal_count = PortalPage.objects.filter(unit__scheme=scheme).count()
        title = f" — {hierarchy.title}" if hierarchy.title else ""
        self.stdout.write(f"{scheme}{title}: {units.total} units in the source.")
        if not units.changed and not portals.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{scheme}: no changes ({unit_count} units, {current_count} current, "
                    f"{portal_count} portals)."
                )
            )
            return
        self.stdout.write(
            f"Units: {len(units.created)} created, {len(units.renamed)} renamed, "
            f"{len(units.reparented)} re-parented, {len(units.updated)} updated, "
            f"{len(units.retired)} retired, {len(units.restored)} restored."
        )
        self.details("renamed", [f"{u.code}: {old} → {u.name}" for u, old in units.renamed])
        self.details(
            "re-parented",
            [
                f"{u.code} {u.name}: {old or '—'} → {u.parent.code if u.parent else '—'}"
                for u, old in units.reparented
            ],
        )
        self.details("updated", [f"{u.code} {u.name}: {', '.join(f)}" for u, f in units.updated])
        self.details("retired", [f"{u.code} {u.name} (until {u.valid_to})" for u in units.retired])
        self.details("restored", [f"{u.code} {u.name}" for u in units.restored])
        self.stdout.write(
            f"Portals: {len(portals.created)} created ({portals.sections} sections), "
            f"{len(portals.moved)} moved, {len(portals.retitled)} retitled, "
            f"{portals.hidden} taken out of menus (retired), {portals.shown} back in menus."
        )
        self.details("moved", [f"{old} → {p.url_path}" for p, old in portals.moved])
        self.details("retitled", [f"{old} → {p.title}" for p, old in portals.retitled])
        if portals.shares_national:
            self.stdout.write(
                f"The top unit {portals.shares_national} shares the existing national portal."
            )
        for message in portals.site:
            self.stdout.write(f"Site: {message}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{scheme}: {unit_count} units ({current_count} current), {portal_count} portals; "
                f"done in {seconds:.1f} s."
            )
        )

    def details(self, label, lines):
        if not lines or not self.write_detail:
            return
        shown = lines if self.detail_limit is None else lines[: self.detail_limit]
        for line in shown:
            self.stdout.write(f"  {label}: {line}")
        if len(shown) < len(lines):
            self.stdout.write(f"  … and {len(lines) - len(shown)} more {label} (-v 2 lists all)")
