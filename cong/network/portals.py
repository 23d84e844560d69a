"""Portal pages for units: a page tree that mirrors the unit tree, built in bulk.

Every current unit of a scheme gets a live `PortalPage` under its nearest ancestor's portal
(the national portal when no ancestor has one) with the standard sections. A scheme's top unit
gets the national portal only when there is none yet; a second scheme shares the existing one.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from cong.core import frames
from cong.core.bulk import bulk_add_children
from cong.core.text import nfc, slugify_vi, unique_slug
from cong.legal.models import DocumentIndexPage
from cong.network.lookup import PortalNotFound, national_portal
from cong.network.models import AboutPage, ContactPage, PortalPage, Unit
from cong.network.seeding import Hierarchy, UnitChanges
from cong.network.signals import portals_created
from cong.network.sites import ensure_default_site
from cong.news.models import DirectiveIndexPage, NewsIndexPage

# The sections every portal starts with: (page model, title, slug).
SECTIONS = [
    (NewsIndexPage, "Tin tức", "tin-tuc"),
    (DirectiveIndexPage, "Chỉ đạo điều hành", "chi-dao-dieu-hanh"),
    (DocumentIndexPage, "Văn bản", "van-ban"),
    (AboutPage, "Giới thiệu", "gioi-thieu"),
    (ContactPage, "Liên hệ", "lien-he"),
]
SECTION_SLUGS = frozenset(slug for _, _, slug in SECTIONS)
_CHUNK = 1000


@dataclass
class PortalChanges:
    created: list[PortalPage] = field(default_factory=list)
    sections: int = 0
    moved: list[tuple[PortalPage, str]] = field(default_factory=list)  # (portal, old url path)
    retitled: list[tuple[PortalPage, str]] = field(default_factory=list)  # (portal, old title)
    hidden: int = 0  # retired units' portals taken out of menus
    shown: int = 0  # restored units' portals back in menus
    site: list[str] = field(default_factory=list)
    shares_national: str = ""  # the scheme's top unit, when it shares the national portal

    @property
    def changed(self) -> bool:
        return any((self.created, self.moved, self.retitled, self.hidden, self.shown, self.site))


class PortalBuildError(RuntimeError):
    pass


def portal_slug(unit: Unit, drops_type: bool, preferred: str = "") -> str:
    """'Thành phố Hà Nội' → 'ha-noi' where the level drops its type; 'Phường Ba Đình' →
    'phuong-ba-dinh' otherwise. A slug given in the source wins."""
    if preferred:
        return preferred
    name = nfc(unit.name)
    prefix = nfc(unit.unit_type).casefold() + " "
    if drops_type and name.casefold().startswith(prefix) and len(name) > len(prefix):
        name = name[len(prefix) :]
    return slugify_vi(name)


def build_portals(
    hierarchy: Hierarchy,
    unit_changes: UnitChanges | None = None,
    progress=None,
    create: bool = True,
    index: bool = True,
) -> PortalChanges:
    """Create, move, retitle portals so the page tree matches the scheme's units; then tell
    other apps (`portals_created`). With create=False existing portals are only kept in line
    (moved, retitled, hidden from menus). `progress` is a tqdm bar (or None)."""
    builder = _Builder(hierarchy, unit_changes, progress)
    with transaction.atomic(), _indexed_prefix_scans():
        builder.run(create)
        frames.bump()  # pages written in bulk send no signals
    changes = builder.changes
    if changes.created:
        if index:
            _index(changes.created)
        portals_created.send(sender=PortalPage, portal_ids=[p.pk for p in changes.created])
    return changes


class _Builder:
    def __init__(self, hierarchy, unit_changes, progress):
        self.hierarchy = hierarchy
        self.unit_changes = unit_changes
        self.progress = progress
        self.changes = PortalChanges()
        self.today = timezone.localdate()
        self.specs = hierarchy.spec_by_code()
        self.units = {u.pk: u for u in Unit.objects.filter(scheme=hierarchy.scheme)}
        self.portals = {
            p.unit_id: p for p in PortalPage.objects.filter(unit__scheme=hierarchy.scheme)
        }
        self.new_page_ids: set[int] = set()
        self.taken: dict[int, set[str]] = {}

    def run(self, create: bool):
        current = sorted(
            (u for u in self.units.values() if _is_current(u, self.today)),
            key=lambda u: (u.level, u.code),
        )
        self.national = self._national(current, create)
        if create:
            if self.progress is not None:
                missing = sum(1 for u in current if u.pk not in self.portals and u.parent_id)
                self.progress.total = (missing + len(self.changes.created)) * (1 + len(SECTIONS))
                self.progress.refresh()
            self._create(current)
        if self.national is not None:
            self._move(current)
            self.changes.site = ensure_default_site(self.national)
        self._retitle_and_menus()

    # --- creation ---

    def _national(self, current: list[Unit], create: bool) -> PortalPage | None:
        try:
            national = national_portal()
        except PortalNotFound:
            national = None
        tops = [u for u in current if u.parent_id is None]
        if national is not None:
            for unit in tops:
                if unit.pk not in self.portals:
                    self.changes.shares_national = unit.name
            return national
        if not create:
            return None
        if not tops:
            raise PortalBuildError(
                f"no national portal yet and scheme {self.hierarchy.scheme} has no current top "
                "unit to build it for"
            )
        unit = tops[0]
        root = Page.get_first_root_node()
        slug = unique_slug(portal_slug(unit, False), self._taken(root))
        national = self._portal(unit, slug)
        self._write([(root, national)])
        self.changes.created.append(national)
        self.portals[unit.pk] = national
        return national

    def _create(self, current: list[Unit]):
        waiting_for_sections = list(self.changes.created)
        for level in sorted({u.level for u in current}):
            pairs = self._section_pairs(waiting_for_sections)
            waiting_for_sections = []
            for unit in current:
                if unit.level != level or unit.parent_id is None or unit.pk in self.portals:
                    continue
                parent = self._parent_portal(unit)
                spec = self.specs.get(unit.code)
                drops = unit.level in self.hierarchy.slug_drops_type
                base = portal_slug(unit, drops, spec.slug if spec else "")
                portal = self._portal(unit, unique_slug(base, self._taken(parent)))
                pairs.append((parent, portal))
                waiting_for_sections.append(portal)
            self._write(pairs)
            for portal in waiting_for_sections:
                self.portals[portal.unit_id] = portal
            self.changes.created.extend(waiting_for_sections)
        self._write(self._section_pairs(waiting_for_sections))

    def _parent_portal(self, unit: Unit) -> PortalPage:
        parent_id = unit.parent_id
        while parent_id is not None:
            if parent_id in self.portals:
                return self.portals[parent_id]
            parent = self.units.get(parent_id)
            parent_id = parent.parent_id if parent else None
        return self.national

    def _taken(self, parent: Page) -> set[str]:
        if parent.pk not in self.taken:
            slugs = set(SECTION_SLUGS)
            if parent.pk not in self.new_page_ids:
                slugs.update(
                    Page.objects.filter(
                        path__startswith=parent.path, depth=parent.depth + 1
                    ).values_list("slug", flat=True)
                )
            self.taken[parent.pk] = slugs
        return self.taken[parent.pk]

    def _portal(self, unit: Unit, slug: str) -> PortalPage:
        return PortalPage(
            title=unit.name,
            slug=slug,
            unit=unit,
            live=True,
            show_in_menus=True,
            search_description=f"Cổng thông tin điện tử {unit.name}",
        )

    def _section_pairs(self, portals: list[PortalPage]) -> list[tuple[Page, Page]]:
        pairs = []
        for portal in portals:
            unit = portal.unit
            for model, title, slug in SECTIONS:
                page = model(title=title, slug=slug, live=True, show_in_menus=True)
                if model is AboutPage:
                    self._fill_about(page, unit)
                pairs.append((portal, page))
        return pairs

    def _fill_about(self, page: AboutPage, unit: Unit) -> None:
        spec = self.specs.get(unit.code)
        parent = self.units.get(unit.parent_id) if unit.parent_id else None
        paragraphs = []
        if spec and spec.description:
            paragraphs.extend(spec.description.split("\n"))
        if parent is not None:
            level_name = self.hierarchy.level_names.get(unit.level) or f"cấp {unit.level}"
            above = "trung ương" if parent.level == 0 else parent.name
            paragraphs.append(f"{unit.name} là đơn vị hành chính {level_name} trực thuộc {above}.")
        paragraphs.append(f"Mã đơn vị hành chính: {unit.code}.")
        page.structure = "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)
        if unit.valid_from:
            page.history = f"<p>Có hiệu lực từ ngày {unit.valid_from:%d/%m/%Y}.</p>"
        if unit.name_en:
            page.title_en = f"About {unit.name_en}"

    def _write(self, pairs: list[tuple[Page, Page]]) -> None:
        for start in range(0, len(pairs), _CHUNK):
            chunk = pairs[start : start + _CHUNK]
            bulk_add_children(chunk)
            for _, page in chunk:
                self.new_page_ids.add(page.pk)
            self.changes.sections += sum(1 for _, p in chunk if not isinstance(p, PortalPage))
            if self.progress is not None:
                self.progress.update(len(chunk))

    # --- keeping existing portals in line with the units ---

    def _move(self, current: list[Unit]) -> None:
        for unit in current:
            portal = self.portals.get(unit.pk)
            if portal is None or portal.pk == self.national.pk or unit.parent_id is None:
                continue
            target = self._parent_portal(unit)
            if portal.path[: -Page.steplen] == target.path:
                continue
            portal.refresh_from_db()
            target.refresh_from_db()
            if portal.path[: -Page.steplen] == target.path:
                continue
            old_url = portal.url_path
            siblings = set(
                Page.objects.filter(path__startswith=target.path, depth=target.depth + 1)
                .exclude(pk=portal.pk)
                .values_list("slug", flat=True)
            )
            if portal.slug in siblings:
                portal.slug = unique_slug(portal.slug, siblings | SECTION_SLUGS)
                Page.objects.filter(pk=portal.pk).update(slug=portal.slug)
            portal.move(target, pos="last-child")
            portal.refresh_from_db()
            self.changes.moved.append((portal, old_url))

    def _retitle_and_menus(self) -> None:
        if self.unit_changes is None:
            return
        for unit, old_name in self.unit_changes.renamed:
            portal = self.portals.get(unit.pk)
            if portal is None or portal.title != old_name:
                continue  # editors gave the portal its own title: keep it
            updates = {"title": unit.name}
            if portal.draft_title == old_name:
                updates["draft_title"] = unit.name
            Page.objects.filter(pk=portal.pk).update(**updates)
            portal.title = unit.name
            self.changes.retitled.append((portal, old_name))
        retired = [u.pk for u in self.unit_changes.retired if u.pk in self.portals]
        restored = [u.pk for u in self.unit_changes.restored if u.pk in self.portals]
        self.changes.hidden = PortalPage.objects.filter(unit_id__in=retired).update(
            show_in_menus=False
        )
        self.changes.shown = PortalPage.objects.filter(unit_id__in=restored).update(
            show_in_menus=True
        )


@contextmanager
def _indexed_prefix_scans():
    """SQLite's LIKE is case-insensitive and so cannot use the `path` index: each "children of
    this page" lookup (one per parent in bulk_add_children) scans the whole page table — about
    20 ms each, a minute for the network. Tree paths are upper-case, so a case-sensitive LIKE
    gives the same answers through the index (0.1 ms). Only for the duration of the build:
    elsewhere Django's icontains relies on the default."""
    connection = connections[router.db_for_write(Page)]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA case_sensitive_like = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA case_sensitive_like = OFF")


def _is_current(unit: Unit, on: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= on) and (
        unit.valid_to is None or unit.valid_to > on
    )


def _index(portals: list[PortalPage]) -> None:
    """Portals go into the search index (bulk writes fire no signals). Sections are left out:
    their titles are the same on every portal."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(PortalPage, portals)
