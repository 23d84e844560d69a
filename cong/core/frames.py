"""What every page of a portal shares, read once per change instead of once per request.

A portal's frame is the part of the network around its pages: the portal with its unit, its
sections and contact page, the live portals above it (breadcrumbs, push-down directives) and
the portals directly below it (the home's list). It changes only when an editor changes a
portal, a section, a unit or a Site, never when an article is published, so rendering a page
reads it from memory.

Frames are kept per process and keyed by the network's *generation*. Any change to what a frame
holds stores a new generation once its transaction commits (`bump`). The generation lives in
Django's cache when that cache is shared (Redis), and in a small file under `CONG_VAR_DIR` when
the cache is local memory, so a change made by one process (an editor's request, the task
worker, a management command) reaches every other process before its next request renders.

Also kept per generation: which portal owns which tree path, and which pages carry view
restrictions (so pages without one skip Wagtail's two restriction queries).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.dispatch import Signal
from wagtail.models import Page

from cong.core.tree import ancestor_paths

GENERATION_KEY = "cong:network:generation"
MAX_FRAMES = 4000  # every portal of the 2025 network (3,356) fits


@dataclass
class PortalFrame:
    portal: object  # the PortalPage, with its unit loaded
    children: list[Page]  # every child that is not a portal, in tree order (sections)
    contact: object  # the live ContactPage, or None
    ancestors: list[Page]  # live pages above the portal (depth > 1), top down, specific
    subordinates: list[tuple[int, str, str]] = field(default_factory=list)  # (id, title, url_path)
    _descendant_ids: list[int] | None = None

    @property
    def has_subordinates(self) -> bool:
        """Portal pages below it (its other children are in `children`), live or not."""
        return self.portal.numchild > len(self.children)

    def lend_to(self, page) -> None:
        """Let `page` use the frame's portal and unit instead of reading them again: the
        portal's own page gets its unit, a page with a `portal` key to this portal gets it."""
        portal = self.portal
        if page.pk == portal.pk and getattr(page, "unit_id", None) == portal.unit_id:
            unit_field = type(page)._meta.get_field("unit")
            if not unit_field.is_cached(page):
                unit_field.set_cached_value(page, portal.unit)
        if getattr(page, "portal_id", None) == portal.pk:
            portal_field = type(page)._meta.get_field("portal")
            if not portal_field.is_cached(page):
                portal_field.set_cached_value(page, portal)

    @property
    def live_ancestor_portal_ids(self) -> list[int]:
        from cong.network.models import PortalPage

        return [page.pk for page in self.ancestors if isinstance(page, PortalPage)]

    @property
    def live_descendant_portal_ids(self) -> list[int]:
        """Every live portal anywhere below this one (a province: its communes)."""
        if self._descendant_ids is None:
            prefix = self.portal.path
            self._descendant_ids = [
                pk
                for path, (pk, live) in portal_index().items()
                if live and len(path) > len(prefix) and path.startswith(prefix)
            ]
        return self._descendant_ids


@dataclass(frozen=True)
class PortalLink:
    """What a listing shows of an article's portal: its name and where it lives."""

    id: int
    title: str
    url_path: str
    path: str
    depth: int

    @property
    def pk(self) -> int:
        return self.id


# --- the generation ----------------------------------------------------------------------


def _generation_file() -> Path:
    return Path(settings.VAR_DIR) / "network-generation"


def _cache():
    return caches["default"]


def _shared_by_processes() -> bool:
    return not isinstance(_cache(), LocMemCache)


def generation() -> str:
    if _shared_by_processes():
        value = _cache().get(GENERATION_KEY)
        if value is None:
            _cache().add(GENERATION_KEY, uuid.uuid4().hex, None)
            value = _cache().get(GENERATION_KEY)
        return value
    try:
        return _generation_file().read_text()
    except OSError:
        return _write_generation_file()


def _write_generation_file() -> str:
    value = uuid.uuid4().hex
    path = _generation_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    temporary.write_text(value)
    os.replace(temporary, path)
    return value


def bump_now() -> None:
    if _shared_by_processes():
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    else:
        _write_generation_file()
    _state.clear()


# Sent when what frames hold changed (a portal, section, unit, Site, restriction, a bulk
# rebuild of the network): the full-page cache purges everything on it (cong.caching).
network_changed = Signal()


def bump() -> None:
    """A new generation now (so this transaction's own requests see its change) and again
    once the transaction commits (so no other process keeps a frame it built meanwhile from
    the rows before the commit)."""
    bump_now()
    network_changed.send(sender=PortalFrame)
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        func is bump_now for _savepoints, func, _robust in connection.run_on_commit
    ):
        transaction.on_commit(bump_now)


# --- per-process memory, emptied when the generation moves -------------------------------


class _State:
    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.generation = None
        self.frames: OrderedDict[int, PortalFrame] = OrderedDict()
        self.portal_index: dict[str, tuple[int, bool]] | None = None
        self.restricted_paths: frozenset[str] | None = None
        self.portal_links: dict[int, PortalLink] | None = None

    def current(self) -> _State:
        value = generation()
        if value != self.generation:
            with self.lock:
                if value != self.generation:
                    self.clear()
                    self.generation = value
        return self


_state = _State()


def portal_index() -> dict[str, tuple[int, bool]]:
    """Tree path → (id, live) of every portal page (3,356 rows, read once per generation)."""
    state = _state.current()
    if state.portal_index is None:
        from cong.network.models import PortalPage

        rows = PortalPage.objects.values_list("path", "pk", "live")
        state.portal_index = {path: (pk, live) for path, pk, live in rows}
    return state.portal_index


def owning_portal_id(path: str) -> int | None:
    """The nearest portal at or above the page at `path`."""
    index = portal_index()
    for candidate in [path, *reversed(ancestor_paths(path))]:
        if candidate in index:
            return index[candidate][0]
    return None


def portal_links() -> dict[int, PortalLink]:
    """Id → name, URL path and place in the tree of every portal (read once per generation)."""
    state = _state.current()
    if state.portal_links is None:
        from cong.network.models import PortalPage

        rows = PortalPage.objects.values_list("pk", "title", "url_path", "path", "depth")
        state.portal_links = {row[0]: PortalLink(*row) for row in rows}
    return state.portal_links


def restricted_paths() -> frozenset[str]:
    """Tree paths of the pages that carry a view restriction (few, usually none)."""
    state = _state.current()
    if state.restricted_paths is None:
        from wagtail.models import PageViewRestriction

        state.restricted_paths = frozenset(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )
    return state.restricted_paths


def may_be_restricted(path: str) -> bool:
    restricted = restricted_paths()
    return bool(restricted) and any(
        candidate in restricted for candidate in [*ancestor_paths(path), path]
    )


def frame(portal_id: int) -> PortalFrame | None:
    state = _state.current()
    found = state.frames.get(portal_id)
    if found is None:
        found = _build(portal_id)
        if found is None:
            return None
        with state.lock:
            state.frames[portal_id] = found
            while len(state.frames) > MAX_FRAMES:
                state.frames.popitem(last=False)
    return found


def frame_for_page(page) -> PortalFrame | None:
    portal_id = owning_portal_id(page.path)
    return frame(portal_id) if portal_id is not None else None


def _build(portal_id: int) -> PortalFrame | None:
    from django.contrib.contenttypes.models import ContentType

    from cong.core.tree import subtree_q
    from cong.network.models import ContactPage, PortalPage

    portal = PortalPage.objects.filter(pk=portal_id).select_related("unit").defer("intro").first()
    if portal is None:
        return None
    portal_type = ContentType.objects.get_for_model(PortalPage)
    children = list(
        Page.objects.filter(subtree_q(portal.path), depth=portal.depth + 1)
        .exclude(content_type=portal_type)
        .only("id", "path", "depth", "url_path", "title", "slug", "live", "content_type_id")
        .order_by("path")
    )
    contact_type = ContentType.objects.get_for_model(ContactPage)
    contact_ids = [c.pk for c in children if c.live and c.content_type_id == contact_type.pk]
    contact = ContactPage.objects.filter(pk=contact_ids[0]).first() if contact_ids else None
    ancestors = list(
        Page.objects.filter(path__in=ancestor_paths(portal.path), depth__gt=1, live=True)
        .order_by("path")
        .specific(defer=True)
    )
    # Through the unit tree (which the portal tree mirrors): `unit.parent` is indexed and exact,
    # where a path range under a province matches every page of its communes too.
    subordinates = list(
        PortalPage.objects.filter(unit__parent_id=portal.unit_id, live=True)
        .order_by("unit__code", "path")
        .values_list("pk", "title", "url_path")
    )
    return PortalFrame(
        portal=portal,
        children=children,
        contact=contact,
        ancestors=ancestors,
        subordinates=subordinates,
    )


# --- what makes a new generation -------------------------------------------------------


def _in_frames(page) -> bool:
    """Portals, their direct children (sections, about, contact) and the roots of Sites (the
    cached Site lookup holds its root page)."""
    from wagtail.models import Site

    from cong.network.models import PortalPage

    index = portal_index()
    return (
        isinstance(page, PortalPage)
        or page.path in index
        or page.path[: -Page.steplen] in index
        or page.url_path in {root.root_path for root in Site.get_site_root_paths()}
    )


def on_page_changed(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page) or not instance.path:
        return
    if _in_frames(instance):
        bump()


def on_changed(sender, instance=None, raw=False, **kwargs):
    if not raw:
        bump()


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cong.network.models import Unit

    post_save.connect(on_page_changed, dispatch_uid="cong_frames_page_saved")
    post_delete.connect(on_page_changed, dispatch_uid="cong_frames_page_deleted")
    page_published.connect(on_page_changed, dispatch_uid="cong_frames_page_published")
    page_unpublished.connect(on_page_changed, dispatch_uid="cong_frames_page_unpublished")
    post_page_move.connect(on_changed, dispatch_uid="cong_frames_page_moved")
    for model in (Unit, Site, PageViewRestriction):
        post_save.connect(on_changed, sender=model, dispatch_uid=f"cong_frames_{model.__name__}_s")
        post_delete.connect(
            on_changed, sender=model, dispatch_uid=f"cong_frames_{model.__name__}_d"
        )
