"""Wagtail's PostgreSQL database backend with Vietnamese analysis.

`"BACKEND": "cong.search.backends.postgres"`, `"SEARCH_CONFIG": "vietnamese"` (created by
cong/search/migrations/0001: the `simple` parser with `unaccent` then `simple`, so "Đảng ủy",
"đảng uỷ" and "dang uy" index the same lexemes). On top of the stock backend:
- text is NFC with one tone placement before PostgreSQL sees it (its parser splits NFD words);
- queries are cut into syllables by cong.search.analysis (so "46/2016/NĐ-CP" is 46 2016 nd cp);
- marked syllables are also indexed unfolded (config `simple`), and ranking adds a bonus for
  exact-accent matches and for each pair of the query's syllables found side by side in the
  title or the body (the counterpart of tantivy's bigram field).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, FloatField, Func, TextField, Value
from modelsearch.backends.database.postgres import postgres as upstream
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText

from cong.search.analysis import analyse, has_marks

EXACT_CONFIG = "simple"
# Ranking bonuses on top of the stock ts_rank score (typically 0.05–1): the share of the
# query's adjacent syllable pairs found side by side in the title, and in the body.
TITLE_PAIR_WEIGHT = 1.0
BODY_PAIR_WEIGHT = 0.5
EXACT_WEIGHT = 1.0
MAX_PAIRS = 8


class Matches(Func):
    """1.0 when the tsvector matches the tsquery, else 0.0."""

    arg_joiner = " @@ "
    template = "(CASE WHEN %(expressions)s THEN 1.0 ELSE 0.0 END)"
    output_field = FloatField()


class VietnameseObjectIndexer(upstream.ObjectIndexer):
    def prepare_value(self, value):
        # Syllables only: PostgreSQL's parser would read "46/2016/NĐ-CP" as a file path.
        return " ".join(analyse(super().prepare_value(value)).exact)

    @property
    def body(self):
        vector = super().body
        marked = []
        for field in self.search_fields:
            for current, _boost, value in self.prepare_field(self.obj, field):
                if isinstance(current, upstream.SearchField):
                    marked.extend(analyse(value).marked)
        if not marked:
            return vector
        exact = SearchVector(
            Value(" ".join(marked), output_field=TextField()), config=EXACT_CONFIG, weight="A"
        )
        return upstream.ADD([vector, exact]) if vector is not upstream.EMPTY_VECTOR else exact


class VietnameseIndex(upstream.PostgresIndex):
    def add_items(self, model, objs):
        # The stock implementation builds its indexer from the module global; point it at ours
        # for the duration of the call (indexing runs in one thread per process).
        original = upstream.ObjectIndexer
        upstream.ObjectIndexer = VietnameseObjectIndexer
        try:
            super().add_items(model, objs)
        finally:
            upstream.ObjectIndexer = original


def _normalise_query(query):
    if isinstance(query, PlainText):
        tokens = analyse(query.query_string).exact
        return PlainText(" ".join(tokens), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        return Phrase(" ".join(analyse(query.query_string).exact))
    if isinstance(query, Boost):
        return Boost(_normalise_query(query.subquery), query.boost)
    if isinstance(query, Not):
        return Not(_normalise_query(query.subquery))
    if isinstance(query, And | Or):
        return type(query)([_normalise_query(q) for q in query.subqueries])
    return query


def _query_text(query) -> str:
    if isinstance(query, PlainText | Phrase):
        return query.query_string
    if isinstance(query, Boost):
        return _query_text(query.subquery)
    if isinstance(query, And | Or):
        return " ".join(_query_text(q) for q in query.subqueries)
    return ""


class VietnameseQueryMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = _normalise_query(self.query)

    def _build_rank_expression(self, vectors, config):
        rank = super()._build_rank_expression(vectors, config)
        if self.fields is not None:
            return rank
        analysed = analyse(_query_text(self.query))
        body, title = F("index_entries__body"), F("index_entries__title")
        pairs = list(dict.fromkeys(zip(analysed.folded, analysed.folded[1:], strict=False)))
        pairs = pairs[:MAX_PAIRS]
        if pairs:
            # Syllables standing together ("quốc hội", not "hội … quốc"): Vietnamese words are
            # mostly two syllables, so adjacency is what separates a word from a coincidence.
            share = 1.0 / len(pairs)
            for first, second in pairs:
                pair = SearchQuery(f"'{first}' <-> '{second}'", search_type="raw", config=config)
                rank = rank + Matches(title, pair) * (TITLE_PAIR_WEIGHT * share)
                rank = rank + Matches(body, pair) * (BODY_PAIR_WEIGHT * share)
        if has_marks(_query_text(self.query)) and analysed.marked:
            exact = " | ".join(f"'{t}'" for t in dict.fromkeys(analysed.marked))
            exact_query = SearchQuery(exact, search_type="raw", config=EXACT_CONFIG)
            rank = rank + SearchRank(body, exact_query) * EXACT_WEIGHT
        return rank


class VietnameseSearchQueryCompiler(VietnameseQueryMixin, upstream.PostgresSearchQueryCompiler):
    pass


class VietnameseAutocompleteQueryCompiler(
    VietnameseQueryMixin, upstream.PostgresAutocompleteQueryCompiler
):
    def _build_rank_expression(self, vectors, config):
        return upstream.PostgresAutocompleteQueryCompiler._build_rank_expression(
            self, vectors, config
        )


class VietnamesePostgresSearchBackend(upstream.PostgresSearchBackend):
    query_compiler_class = VietnameseSearchQueryCompiler
    autocomplete_query_compiler_class = VietnameseAutocompleteQueryCompiler
    index_class = VietnameseIndex

    def __init__(self, params):
        params = {"SEARCH_CONFIG": "vietnamese", **params}
        super().__init__(params)
        self.autocomplete_config = self.config


SearchBackend = VietnamesePostgresSearchBackend
