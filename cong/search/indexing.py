"""Rebuilding the search index: incremental, resumable, and able to pick up content that was
bulk-inserted without signals (seeding, `import_articles`, `generate_scale`).

For each indexed model the state keeps the highest primary key indexed so far and the start
time of the last completed run. A run indexes rows above that key (new rows: in key order,
saving the key after every committed batch, so an interrupted run resumes where it stopped),
then rows at or below it whose revision/publish/update time is newer than the last completed
run, then removes entries whose rows are gone. `full=True` rebuilds from nothing — for tantivy
into a new generation swapped in at the end, so searches keep working meanwhile.
"""

import json
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from modelsearch.index import get_indexed_models

from cong.search.backends.tantivy.backend import (
    TantivySearchBackend,
    _GenerationIndex,
    content_types_of,
    document_key,
)
from cong.search.backends.tantivy.rows import RowPlan
from cong.search.backends.tantivy.schema import CONTENT_TYPES, PK

CHANGE_FIELDS = ("latest_revision_created_at", "last_published_at", "updated_at")


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


class _FileState:
    def __init__(self, path: Path):
        self.path = path

    def read(self) -> dict:
        try:
            return json.loads(self.path.read_text())
        except (FileNotFoundError, ValueError):
            return {}

    def write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
        os.replace(tmp, self.path)


class _TantivyState:
    def __init__(self, store, generation: str | None):
        self.store, self.generation = store, generation

    def read(self) -> dict:
        return self.store.read_meta(self.generation)

    def write(self, data: dict) -> None:
        self.store.write_meta(self.generation, {**data, "fingerprint": self.store.fingerprint})


def indexed_models(only: list[str] | None = None):
    models = [m for m in get_indexed_models() if not m._meta.proxy]
    if only:
        wanted = {name.lower() for name in only}
        models = [m for m in models if _label(m) in wanted]
    return sorted(models, key=_label)


class Reindexer:
    def __init__(
        self,
        backend,
        backend_name: str = "default",
        batch_size: int = 1000,
        progress: Callable | None = None,
    ):
        self.backend = backend
        self.batch_size = batch_size
        self.progress = progress or (lambda iterable, **kwargs: iterable)
        self.is_tantivy = isinstance(backend, TantivySearchBackend)
        self.backend_name = backend_name
        self.stats = {"added": 0, "changed": 0, "removed": 0}
        self._plans: dict = {}
        self._unique_keys: dict = {}
        self._fresh = False  # filling a generation that held nothing before this run

    # -- entry point ---------------------------------------------------------------------------

    def run(self, full: bool = False, models=None) -> dict:
        models = models or indexed_models()
        started = timezone.now()
        if full and self.is_tantivy and not self.backend.store.in_memory:
            store = self.backend.store
            generation = store.create_generation()
            target = _GenerationIndex(self.backend, store.open_generation(generation))
            state = _TantivyState(store, generation)
            # One writer for the whole generation, committing each batch in the background: the
            # state recorded per batch is only read once the generation is complete.
            with target.bulk():
                self._fresh = True
                try:
                    self._pass(models, target, state, started, full=True)
                finally:
                    self._fresh = False
            store.activate(generation)
            store.remove_old_generations(keep=generation)
            # Saves made while the new generation was built went to the old one: catch up.
            live_state = _TantivyState(store, generation)
            self._pass(models, self._live_index(), live_state, started, since=started)
            return self.stats
        if full:
            if self.is_tantivy:
                self.backend.reset_indexes()
            state = self._state()
            state.write({})
        else:
            state = self._state()
        self._pass(models, self._live_index(), state, started)
        self._prune(models)
        return self.stats

    def _live_index(self):
        return self.backend.get_index_for_model(None) if self.is_tantivy else None

    def _state(self):
        if self.is_tantivy:
            return _TantivyState(self.backend.store, None)
        return _FileState(Path(settings.VAR_DIR) / "search" / f"reindex-{self.backend_name}.json")

    # -- one pass over the models ---------------------------------------------------------------

    def _pass(self, models, index, state, started, full=False, since=None):
        data = state.read()
        if since is None and not full:
            last = data.get("last_completed_start")
            since = parse_datetime(last) if last else None
        data.setdefault("models", {})
        for model in models:
            label = _label(model)
            plan = self._plan(model)
            high = 0 if full else int(data["models"].get(label, {}).get("high_pk", 0))
            queryset = model.get_indexed_objects()
            change_fields = [f for f in CHANGE_FIELDS if _has_field(model, f)]
            if since is not None and change_fields and high:
                changed = Q()
                for name in change_fields:
                    changed |= Q(**{f"{name}__gt": since})
                self._index_rows(model, queryset.filter(changed, pk__lte=high), index, "changed")
            new_rows = queryset.filter(pk__gt=high).order_by("pk")
            total = new_rows.count()
            bar = self.progress(range(total), desc=label, total=total, unit="obj")
            iterator = iter(bar)
            last_pk = high
            while True:
                batch = list(self._rows(plan, new_rows.filter(pk__gt=last_pk))[: self.batch_size])
                if not batch:
                    break
                self._add(model, batch, index)
                last_pk = batch[-1][0] if plan else batch[-1].pk
                self.stats["added"] += len(batch)
                data["models"][label] = {"high_pk": last_pk}
                state.write(data)
                for _ in range(len(batch)):
                    next(iterator, None)
            if hasattr(bar, "close"):
                bar.close()
            data["models"].setdefault(label, {"high_pk": last_pk})
        data["last_completed_start"] = started.isoformat()
        state.write(data)

    def _index_rows(self, model, queryset, index, counter):
        batch = []
        rows = self._rows(self._plan(model), queryset.order_by("pk"))
        for obj in rows.iterator(chunk_size=self.batch_size):
            batch.append(obj)
            if len(batch) >= self.batch_size:
                self._add(model, batch, index)
                self.stats[counter] += len(batch)
                batch = []
        if batch:
            self._add(model, batch, index)
            self.stats[counter] += len(batch)

    # -- reading rows -----------------------------------------------------------------------------

    def _plan(self, model):
        """How to index the model from rows (tantivy only), or None for model instances."""
        if not self.is_tantivy:
            return None
        if model not in self._plans:
            self._plans[model] = RowPlan.for_model(model, self.backend.filter_fields)
        return self._plans[model]

    @staticmethod
    def _rows(plan, queryset):
        return plan.rows(queryset) if plan is not None else queryset

    def _add(self, model, objects, index):
        """Index one batch: `plan.rows` tuples where the model has a plan, else instances."""
        plan = self._plan(model)
        if plan is not None:
            # A fresh generation has no earlier document to replace, unless another model
            # indexes the same rows under the same keys.
            if model not in self._unique_keys:
                self._unique_keys[model] = _keys_unique_to(model)
            replace = not (self._fresh and self._unique_keys[model])
            index.add_rows(plan, objects, replace=replace)
            return
        objects = [obj.get_indexed_instance() or obj for obj in objects]
        if index is not None:
            index.add_items(model, objects)
        else:
            self.backend.add_bulk(model, objects)

    # -- removing entries whose rows are gone ----------------------------------------------------

    def _prune(self, models):
        if self.is_tantivy:
            self._prune_tantivy(models)
        elif hasattr(self.backend, "index_class") and hasattr(
            self.backend.index_class, "delete_stale_model_entries"
        ):
            self._prune_database(models)

    def _prune_database(self, models):
        """The database backends keep one entry per (content type, object id); entries of any
        model under an indexed root whose row is gone are stale (rows deleted without signals)."""
        from django.db.models import TextField
        from django.db.models.functions import Cast
        from modelsearch.backends.base import get_model_root
        from modelsearch.utils import get_descendants_content_types_pks

        entries = self.backend.get_index_for_model(models[0]).entries
        for root in {get_model_root(model) for model in models}:
            existing = root._default_manager.annotate(object_id=Cast("pk", TextField())).values(
                "object_id"
            )
            stale = entries.filter(
                content_type_id__in=get_descendants_content_types_pks(root)
            ).exclude(object_id__in=existing)
            _total, per_model = stale.delete()
            self.stats["removed"] += per_model.get(entries.model._meta.label, 0)

    def _prune_tantivy(self, models):
        import tantivy

        from cong.search.backends.tantivy.backend import get_model_root

        store = self.backend.store
        searcher = store.searcher()
        roots = {get_model_root(model) for model in models}
        stale = []
        for root in roots:
            root_type = content_types_of(root)[-1]
            query = tantivy.Query.term_query(self.backend.schema, CONTENT_TYPES, root_type)
            count = searcher.search(query, 1, count=True).count
            if not count:
                continue
            hits = searcher.search(query, count, count=False).hits
            indexed = set(searcher.fast_field_values(PK, [address for _, address in hits]))
            existing = set(root._default_manager.values_list("pk", flat=True))
            stale.extend(document_key(root, pk) for pk in indexed - existing)
        if stale:
            self.backend.get_index_for_model(None).delete_keys(stale)
            self.stats["removed"] += len(stale)


def _keys_unique_to(model) -> bool:
    """No other indexed model can index a row of this one: the models sharing its key space
    (its root) each index only rows of their own content type (pages), or there is no other."""
    from modelsearch.backends.base import get_model_root
    from wagtail.models import Page

    root = get_model_root(model)
    sharing = [m for m in indexed_models() if get_model_root(m) is root]
    own_type_only = Page.get_indexed_objects.__func__
    return sharing == [model] or all(
        issubclass(m, Page) and m.get_indexed_objects.__func__ is own_type_only for m in sharing
    )


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
        return True
    except Exception:
        return False
