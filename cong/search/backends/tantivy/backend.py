"""An embedded search backend on tantivy implementing modelsearch's (Wagtail's) interface.

Settings (WAGTAILSEARCH_BACKENDS entry): `INDEX_DIR` (default VAR_DIR/search/tantivy; ":memory:"
keeps the index in RAM, for tests), `ATOMIC_REBUILD` (default True).
"""

import functools
import logging
from contextlib import contextmanager

import tantivy
from django.conf import settings
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchResults,
    FilterFieldError,
    get_model_root,
)
from modelsearch.index import class_is_indexed

from .compiler import TantivyAutocompleteQueryCompiler, TantivySearchQueryCompiler
from .schema import KEY, PK, DocumentBuilder, build_schema, collect_filter_fields, filter_field_name
from .store import BulkWriter, get_store
from .tier import ESTIMATE_FROM, estimated_count, rounded, tier_hits, title_tier
from .tier_words import sampled_count, words_tier, words_tier_hits

logger = logging.getLogger(__name__)

Occur = tantivy.Occur
Q = tantivy.Query


def content_types_of(model) -> list[str]:
    names = []
    current = model
    while current is not None:
        names.append(current.indexed_get_content_type())
        current = current.indexed_get_parent()
    return names


def document_key(model, pk) -> str:
    root = get_model_root(model)
    return f"{root._meta.app_label}.{root._meta.model_name}:{pk}"


class TantivyIndex(BaseIndex):
    bulk_writer: BulkWriter | None = None  # while a generation is filled (`_GenerationIndex`)

    def get_key(self):
        return "tantivy"

    @contextmanager
    def _writing(self, index=None):
        """A writer whose additions are committed when the block ends without error (in the
        background while a generation is filled: `BulkWriter`)."""
        if self.bulk_writer is None:
            with self.backend.store.writer(index) as writer:
                yield writer
        else:
            with self.bulk_writer.batch() as writer:
                yield writer

    def add_items(self, model, items, index=None):
        items = [item for item in items if item is not None]
        if not items or not class_is_indexed(model):
            return
        backend = self.backend
        builder = DocumentBuilder(backend.schema, backend.filter_fields)
        with self._writing(index) as writer:
            for item in items:
                key = document_key(type(item), item.pk)
                writer.delete_documents_by_term(KEY, key)
                writer.add_document(builder.build(item, key, content_types_of(type(item))))

    def add_rows(self, plan, rows, index=None, replace=True):
        """Index rows read by a `rows.RowPlan` (primary key first). `replace=False` skips
        removing earlier documents of the same keys, for a generation that has none."""
        schema = self.backend.schema
        content_types = content_types_of(plan.model)
        prefix = document_key(plan.model, "")
        keyed = [(f"{prefix}{row[0]}", row) for row in rows]
        documents = [
            tantivy.Document.from_dict(plan.document_data(row, key, content_types), schema)
            for key, row in keyed
        ]
        with self._writing(index) as writer:
            for (key, _row), document in zip(keyed, documents, strict=True):
                if replace:
                    writer.delete_documents_by_term(KEY, key)
                writer.add_document(document)

    def delete_item(self, item):
        with self.backend.store.writer() as writer:
            writer.delete_documents_by_term(KEY, document_key(type(item), item.pk))

    def delete_keys(self, keys, index=None):
        with self._writing(index) as writer:
            for key in keys:
                writer.delete_documents_by_term(KEY, key)

    def reset(self):
        with self.backend.store.writer() as writer:
            writer.delete_all_documents()

    def refresh(self):
        self.backend.store.index().reload()


# Relevance-ordered hits kept from a count for the pages that follow (search pages show 10-20).
FIRST_HITS_KEPT = 50
# Fewer hits proven by the title tier than this (a page) and the first hits take a full pass.
MIN_PROVEN = 10

_index_facts: dict = {}


def _facts(store, searcher) -> dict:
    """Facts about the index that only change with it (primary key range, sample sizes), kept
    for its current state."""
    state = (id(store), store.current_generation(), store.commits, searcher.num_docs)
    if state not in _index_facts:
        keys = [
            searcher.search(Q.all_query(), 1, count=False, order_by_field=PK, order=order).hits
            for order in (tantivy.Order.Asc, tantivy.Order.Desc)
        ]
        _index_facts.clear()
        _index_facts[state] = {"key range": tuple(int(hits[0][0]) if hits else 0 for hits in keys)}
    return _index_facts[state]


class TantivySearchResults(BaseSearchResults):
    supports_facet = True

    def _seen_by_count(self, limit: int, order_field):
        """(searcher, hits) of this slice from the count's pass, if that pass had them all; the
        count's searcher goes with them (their addresses belong to its view of the index)."""
        seen = getattr(self.query_compiler, "_first_hits", None)
        if seen is None or order_field is not None:
            return None
        searcher, hits, complete = seen
        if self.start + limit > len(hits) and not complete:
            return None
        return searcher, hits[self.start : self.start + limit]

    @property
    def count_is_estimate(self) -> bool:
        """True when `count()` estimated a large number of matches (see `tier`)."""
        return getattr(self.query_compiler, "_count_estimated", False)

    def _query(self):
        return self.query_compiler.build(self.backend)

    def _ordering(self):
        compiler = self.query_compiler
        if compiler.order_by_relevance:
            return None, None
        for reverse, field in compiler._get_order_by() or []:
            name = filter_field_name(compiler.queryset.model, [field])
            return name, tantivy.Order.Desc if reverse else tantivy.Order.Asc
        return PK, tantivy.Order.Desc

    def _do_search(self):
        searcher = self.backend.store.searcher()
        limit = (self.stop - self.start) if self.stop is not None else max(searcher.num_docs, 1)
        if limit <= 0:
            return []
        order_field, order = self._ordering()
        seen = self._seen_by_count(limit, order_field)
        if seen is not None:
            searcher, hits = seen
        else:
            kwargs = {"count": False, "offset": self.start}
            if order_field:
                kwargs.update(order_by_field=order_field, order=order)
            hits = searcher.search(self._query(), limit, **kwargs).hits
        if not hits:
            return []
        pks = searcher.fast_field_values(PK, [address for _, address in hits])
        scores = dict(zip(pks, (score for score, _ in hits), strict=True))
        objects = {
            obj.pk: obj for obj in self.query_compiler.queryset.filter(pk__in=pks).order_by()
        }
        if self.prefetch_related:
            from django.db.models import prefetch_related_objects

            prefetch_related_objects(list(objects.values()), *self.prefetch_related)
        results = []
        for pk in pks:
            obj = objects.get(pk)
            if obj is None:  # deleted or filtered out since it was indexed
                continue
            if self._score_field:
                setattr(obj, self._score_field, scores[pk] if order_field is None else None)
            results.append(obj)
        return results

    def _do_count(self):
        """Counting visits every match anyway: keep the best first hits of the same pass, so
        the first page that usually follows (`Paginator`: count, then [0:n]) costs no second
        search. Kept on the query compiler, which the sliced clones share. A plain-text query
        with very many matches is estimated and ranked from its title tier instead."""
        searcher = self.backend.store.searcher()
        compiler = self.query_compiler
        order_field, _order = self._ordering()
        estimated = self._estimated(searcher) if order_field is None else None
        if estimated is not None:
            total, hits = estimated
            compiler._first_hits = (searcher, hits, False)
            compiler._count_estimated = True
        else:
            keep = FIRST_HITS_KEPT if order_field is None else 1
            found = searcher.search(self._query(), keep, count=True)
            total = found.count
            if order_field is None:
                hits = list(found.hits)
                compiler._first_hits = (searcher, hits, len(hits) >= total)
        if self.stop is not None:
            total = min(total, self.stop)
        return max(total - self.start, 0)

    def _estimated(self, searcher) -> tuple[int, list] | None:
        """(estimated count, first hits) for a plain-text query matching very many documents
        (`tier`, `tier_words`); None for every other query."""
        compiler, backend = self.query_compiler, self.backend
        tier = title_tier(compiler, backend, searcher)
        if tier is not None:
            estimate = estimated_count(tier, searcher, backend.schema)
            if estimate < ESTIMATE_FROM:
                return None
            hits = tier_hits(tier, searcher, backend.schema, FIRST_HITS_KEPT)
        else:
            tier = words_tier(compiler, backend, searcher)
            if tier is None or not searcher.num_docs:
                return None
            facts = _facts(backend.store, searcher)
            estimate = sampled_count(tier, searcher, backend.schema, facts["key range"], facts)
            if estimate < ESTIMATE_FROM:
                return None
            hits = words_tier_hits(tier, searcher, backend.schema, FIRST_HITS_KEPT)
        if len(hits) < MIN_PROVEN:
            hits = searcher.search(self._query(), FIRST_HITS_KEPT, count=False).hits
        return rounded(estimate), list(hits)

    def facet(self, field_name):
        compiler = self.query_compiler
        field = compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to {compiler.queryset.model.__name__}.search_fields.',
                field_name=field_name,
            )
        name = filter_field_name(compiler.queryset.model, [field])
        searcher = self.backend.store.searcher()
        result = searcher.aggregate(
            self._query(), {"facet": {"terms": {"field": name, "size": 10_000}}}
        )
        kind = self.backend.filter_fields.get(name)
        buckets = result.get("facet", {}).get("buckets", [])
        convert = int if kind == "int" else (lambda v: v)
        return {convert(b["key"]): b["doc_count"] for b in buckets}


class TantivyRebuilder:
    """Used by Wagtail's `update_index`: fill a fresh generation, then swap it in."""

    def __init__(self, index):
        self.index = index
        self.store = index.backend.store

    def start(self):
        if self.store.in_memory:
            self.index.reset()
            return self.index
        generation = self.store.create_generation()
        self.generation = generation
        return _GenerationIndex(self.index.backend, self.store.open_generation(generation))

    def finish(self):
        if not self.store.in_memory:
            self.store.activate(self.generation)
            self.store.remove_old_generations(keep=self.generation)


class _GenerationIndex(TantivyIndex):
    """An index that writes into a generation not yet live."""

    def __init__(self, backend, tantivy_index):
        super().__init__(backend)
        self.tantivy_index = tantivy_index

    def add_items(self, model, items, index=None):
        super().add_items(model, items, index=self.tantivy_index)

    def add_rows(self, plan, rows, index=None, replace=True):
        super().add_rows(plan, rows, index=self.tantivy_index, replace=replace)

    @contextmanager
    def bulk(self):
        """Keep one writer for everything added inside the block (nobody else writes here)."""
        self.bulk_writer = BulkWriter(self.tantivy_index)
        try:
            yield self
        finally:
            bulk_writer, self.bulk_writer = self.bulk_writer, None
            bulk_writer.close()


class TantivySearchBackend(BaseSearchBackend):
    query_compiler_class = TantivySearchQueryCompiler
    autocomplete_query_compiler_class = TantivyAutocompleteQueryCompiler
    results_class = TantivySearchResults
    index_class = TantivyIndex
    rebuilder_class = TantivyRebuilder

    def __init__(self, params):
        super().__init__(params)
        location = params.get("INDEX_DIR")
        if location is None:
            location = str(settings.VAR_DIR / "search" / "tantivy")
        self.filter_fields, self.schema, self.fingerprint = _schema()
        self.store = get_store(str(location), self.schema, self.fingerprint)

    def get_index_for_model(self, model):
        return self.index_class(self)


@functools.cache
def _schema():
    filter_fields = collect_filter_fields()
    schema, fingerprint = build_schema(filter_fields)
    return filter_fields, schema, fingerprint


SearchBackend = TantivySearchBackend
