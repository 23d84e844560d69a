"""Bulk creation of Wagtail pages on PostgreSQL with COPY (the scale generator's fast path).

`bulk_add_children` (cong/core/bulk.py) builds model instances and goes through the ORM's
INSERT, ~3 ms an article once psycopg has quoted every value client-side. `PageCopyWriter`
takes plain dicts of column values instead, reserves primary keys from the page sequence and
streams the rows with COPY into `wagtailcore_page` and each table of the specific model, in one
transaction per call; the parents' `numchild` is updated in the same transaction. The tree it
leaves is the one `bulk_add_children` leaves (treebeard paths, depth, url_path, numchild), so
`fixtree` finds it clean. No signals fire and no revisions are written, as on the ORM path.
"""

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, transaction
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from cong.core.bulk import next_child_step, step_after

_JSON_FIELDS = (models.JSONField, StreamField)


class PageCopyWriter:
    """Writes new pages of one specific `model` as last children of saved parents.

    Values are given by attname (`title`, `slug`, `live`, `portal_id`, `body`…); every other
    column gets its model default. JSON and StreamField values may be Python data or JSON text.
    Not for concurrent writers under the same parents: the next child step of each parent is
    read once and then counted here.
    """

    def __init__(self, model: type[Page], using: str = "default"):
        self.model = model
        self.using = using
        self.connection = connections[using]
        if self.connection.vendor != "postgresql":
            raise ValueError("PageCopyWriter needs PostgreSQL (COPY); use bulk_add_children.")
        chain = [*reversed(model._meta.get_parent_list()), model]
        self.tables = [(m._meta.db_table, list(m._meta.local_concrete_fields)) for m in chain]
        self.parent_links = [m._meta.pk.attname for m in chain[1:]]
        template = model()
        self.defaults = {}
        self.per_row_defaults = []
        self.json_fields = set()
        for _, fields in self.tables:
            for f in fields:
                if isinstance(f, _JSON_FIELDS):
                    self.json_fields.add(f.attname)
                if f.has_default() and callable(f.default):
                    self.per_row_defaults.append(f)
                elif isinstance(f, _JSON_FIELDS):
                    self.defaults[f.attname] = f.get_prep_value(getattr(template, f.attname))
                else:
                    self.defaults[f.attname] = getattr(template, f.attname)
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.locale_id = Locale.get_default().pk
        self._next_step: dict[int, int] = {}

    def know_next_steps(self, steps: dict[int, int]) -> None:
        """Next child step by parent pk, when the caller has read them (`existing_children`)."""
        self._next_step.update(steps)

    def write(self, items: Sequence[tuple[Page, dict]]) -> list[int]:
        """Insert each (parent, values) in order; returns the new primary keys."""
        if not items:
            return []
        try:
            with transaction.atomic(using=self.using):
                return self._write(items)
        except BaseException:
            self._next_step.clear()  # rolled back: read the steps again next time
            raise

    def _write(self, items) -> list[int]:
        now = timezone.now()
        added: dict[int, int] = defaultdict(int)
        parents: dict[int, Page] = {}
        with self.connection.cursor() as cursor:
            # Losing the last commits in a crash is harmless: the generator resumes.
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Page._meta.db_table, len(items)],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
            rows = []
            for (parent, values), pk in zip(items, ids, strict=True):
                parents[parent.pk] = parent
                step = self._step(parent) + added[parent.pk]
                added[parent.pk] += 1
                rows.append(self._row(parent, values, pk, step, now))
            for table, fields in self.tables:
                columns = ", ".join(self.connection.ops.quote_name(f.column) for f in fields)
                names = [f.attname for f in fields]
                sql = f"COPY {self.connection.ops.quote_name(table)} ({columns}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row([row[name] for name in names])
            cursor.execute(
                "UPDATE wagtailcore_page AS p SET numchild = p.numchild + v.n "
                "FROM unnest(%s::integer[], %s::integer[]) AS v(id, n) WHERE p.id = v.id",
                [list(added), list(added.values())],
            )
        for parent_id, count in added.items():
            self._next_step[parent_id] += count
            parents[parent_id].numchild += count
        return ids

    def _step(self, parent: Page) -> int:
        step = self._next_step.get(parent.pk)
        if step is None:
            step = self._next_step[parent.pk] = next_child_step(parent, using=self.using)
        return step

    def _row(self, parent: Page, values: dict, pk: int, step: int, now) -> dict:
        row = dict(self.defaults)
        for f in self.per_row_defaults:
            row[f.attname] = f.get_default()
        row.update(values)
        depth = parent.depth + 1
        live = row["live"]
        first_published = row.get("first_published_at") or (now if live else None)
        row.update(
            id=pk,
            path=Page._get_path(parent.path, depth, step),
            depth=depth,
            numchild=0,
            url_path=f"{parent.url_path}{row['slug']}/",
            draft_title=row["title"],
            content_type_id=self.content_type_id,
            locale_id=self.locale_id,
            has_unpublished_changes=not live,
            first_published_at=first_published,
            last_published_at=row.get("last_published_at") or first_published,
            latest_revision_created_at=row.get("latest_revision_created_at") or now,
        )
        for link in self.parent_links:
            row[link] = pk  # page_ptr_id of each table below wagtailcore_page
        for name in self.json_fields:
            value = row[name]
            if value is not None and not isinstance(value, str):
                row[name] = json.dumps(value, ensure_ascii=False)
        if isinstance(row["translation_key"], str):
            row["translation_key"] = uuid.UUID(row["translation_key"])
        return row


def existing_children(parents: Sequence[Page]) -> dict[int, tuple[set[str], int]]:
    """For each parent: its children's slugs and the step of its next child, read in one query
    per depth (one pass over that level instead of two queries per parent)."""
    by_depth: dict[int, dict[str, int]] = defaultdict(dict)
    found: dict[int, tuple[set[str], int]] = {}
    for parent in parents:
        found[parent.pk] = (set(), 1)
        if parent.numchild:
            by_depth[parent.depth + 1][parent.path] = parent.pk
    cut = -Page.steplen
    for depth, pk_by_path in by_depth.items():
        rows = Page.objects.filter(depth=depth).values_list("path", "slug")
        for path, slug in rows.iterator(chunk_size=20000):
            parent_pk = pk_by_path.get(path[:cut])
            if parent_pk is not None:
                slugs, step = found[parent_pk]
                slugs.add(slug)
                found[parent_pk] = (slugs, max(step, step_after(path)))
    return found
