"""Wagtail/modelsearch queries (PlainText, Phrase, And, Or, Not, Boost, Fuzzy, MatchAll) and
queryset filters, translated into tantivy queries over the analysed fields."""

import re

import tantivy
from django.db import DEFAULT_DB_ALIAS
from django.db.models.sql.query import Query as SqlQuery
from modelsearch.backends.base import BaseSearchQueryCompiler, FilterError
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText

from cong.search.analysis import analyse, has_marks

from .schema import (
    AUTOCOMPLETE,
    BIGRAMS,
    BODY,
    CONTENT_TYPES,
    EXACT,
    TITLE,
    filter_field_name,
    to_engine_value,
)

Occur = tantivy.Occur
Q = tantivy.Query

TITLE_BOOST = 2.0
BIGRAM_BOOST = 1.5
EXACT_BOOST = 2.5
AUTOCOMPLETE_MAX = 12


class TantivySearchQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "and"
    HANDLES_ORDER_BY_EXPRESSIONS = False
    is_autocomplete = False
    _ranking = True  # False while building the query that only counts

    # Filters: kept engine-neutral until the backend's schema is known -----------------------

    def _process_lookup(self, field_path, lookup, value):
        return ("lookup", filter_field_name(self.queryset.model, field_path), lookup, value)

    def _process_match_none(self):
        return ("none",)

    def _connect_filters(self, filters, connector, negated):
        filters = [f for f in filters if f]
        if not filters:  # e.g. only ignored pointer-field lookups: no constraint at all
            return None
        return ("connect", connector, negated, filters)

    # Building --------------------------------------------------------------------------------

    def build(self, backend) -> tantivy.Query:
        """The query that matches and ranks."""
        self._prepare(backend)
        return Q.boolean_query([(Occur.Must, self._match(self.query)), *self._scope_clauses()])

    def build_count(self, backend) -> tantivy.Query:
        """The same matches without the clauses that only rank them: for counting."""
        self._prepare(backend)
        self._ranking = False
        try:
            match = self._match(self.query)
        finally:
            self._ranking = True
        return self._const(Q.boolean_query([(Occur.Must, match), *self._scope_clauses()]))

    def _prepare(self, backend) -> None:
        self.schema = backend.schema
        self.kinds = backend.filter_fields

    def _scope_clauses(self) -> list:
        """Content type and queryset filters: required, scoring nothing."""
        clauses = [
            (
                Occur.Must,
                self._const(Q.term_query(self.schema, CONTENT_TYPES, self._content_type())),
            )
        ]
        filters = self._get_filters_from_queryset()
        if filters is not None:
            clauses += self._filter_clauses(filters)
        return clauses

    def _filter_clauses(self, node) -> list:
        """Top-level clauses for a filter: the parts of an AND each on its own (one boolean
        level less for every match), and "unset or after v" as "not (set and up to v)", whose
        few set values lead instead of every document's."""
        if node[0] == "connect" and node[1] == "AND" and not node[2]:
            return [clause for child in node[3] for clause in self._filter_clauses(child)]
        excluded = self._unset_or_above(node)
        if excluded is not None:
            return [(Occur.MustNot, excluded)]
        return [(Occur.Must, self._const(self._filter(node)))]

    def _unset_or_above(self, node):
        """For `field IS NULL OR field > v` (or >=) on a field of the document itself (one
        value at most), the query for its complement; None for any other filter."""
        if node[0] != "connect" or node[1] != "OR" or node[2] or len(node[3]) != 2:
            return None
        lookups = {child[2]: child for child in node[3] if child[0] == "lookup"}
        unset, above = lookups.get("isnull"), lookups.get("gt") or lookups.get("gte")
        if unset is None or above is None or unset[3] is not True or above[3] is None:
            return None
        name = unset[1]
        if above[1] != name or len(name.split("__")) != 3:  # related fields may hold several
            return None
        kind = self.kinds.get(name)
        if kind not in ("int", "float", "date"):
            return None
        below = "lte" if above[2] == "gt" else "lt"
        return Q.boolean_query(
            [
                (Occur.Must, Q.exists_query(name)),
                (Occur.Must, self._lookup(name, below, above[3])),
            ]
        )

    def _content_type(self) -> str:
        return self.queryset.model.indexed_get_content_type()

    @staticmethod
    def _const(query):
        return Q.const_score_query(query, 0.0)

    def _text_fields(self) -> list[tuple[str, float]]:
        if not self.fields:
            return [(TITLE, TITLE_BOOST), (BODY, 1.0)]
        fields = []
        if "title" in self.fields:
            fields.append((TITLE, TITLE_BOOST))
        if any(name != "title" for name in self.fields):
            fields.append((BODY, 1.0))
        return fields

    def _term_anywhere(self, token: str):
        return Q.boolean_query(
            [
                (Occur.Should, Q.boost_query(Q.term_query(self.schema, field, token), boost))
                for field, boost in self._text_fields()
            ]
        )

    def ranking_terms(self, text: str, analysed) -> list[tuple[str, str, float]]:
        """(field, term, boost) that reorder matches: adjacent syllables, then exact accents."""
        terms = [(BIGRAMS, gram, BIGRAM_BOOST) for gram in dict.fromkeys(analysed.bigrams)]
        if has_marks(text):
            terms += [(EXACT, token, EXACT_BOOST) for token in dict.fromkeys(analysed.marked)]
        return terms

    def _ranking_clauses(self, text: str, analysed) -> list:
        if not self._ranking:
            return []
        return [
            (Occur.Should, Q.boost_query(Q.term_query(self.schema, field, term), boost))
            for field, term, boost in self.ranking_terms(text, analysed)
        ]

    def _plain(self, text: str, operator: str):
        analysed = analyse(text)
        tokens = list(dict.fromkeys(analysed.folded))
        if not tokens:
            return Q.empty_query()
        if self.is_autocomplete:
            # Every syllable typed so far must begin a syllable of the title.
            matches = [
                Q.term_query(self.schema, AUTOCOMPLETE, t[:AUTOCOMPLETE_MAX]) for t in tokens
            ]
            occur = Occur.Must
        else:
            matches = [self._term_anywhere(t) for t in tokens]
            occur = Occur.Must if operator == "and" else Occur.Should
        required = Q.boolean_query([(occur, m) for m in matches])
        ranking = self._ranking_clauses(text, analysed)
        if self.is_autocomplete:
            ranking += [(Occur.Should, self._term_anywhere(t)) for t in tokens]
            if len(analysed.folded) > 1:  # the title reads as typed, last syllable unfinished
                prefix = Q.phrase_prefix_query(self.schema, TITLE, analysed.folded)
                ranking.append((Occur.Should, Q.boost_query(prefix, TITLE_BOOST * 2)))
        if not ranking:
            return required
        return Q.boolean_query([(Occur.Must, required), *ranking])

    def _phrase(self, text: str):
        analysed = analyse(text)
        tokens = analysed.folded
        if not tokens:
            return Q.empty_query()
        if len(tokens) == 1:
            return self._with_ranking(self._term_anywhere(tokens[0]), text, analysed)
        # A phrase's adjacent syllables are bigrams of its document. Each field's phrase is
        # required together with those bigrams, so the rarest bigram leads and positions are
        # read only where every bigram is (tantivy unions of phrases inside an intersection
        # read the phrases' common syllables through). The bigrams only scored before and
        # still do, once: the matches and the scores are the same.
        bigrams = [
            (Occur.Must, self._const(Q.term_query(self.schema, BIGRAMS, gram)))
            for gram in dict.fromkeys(analysed.bigrams)
        ]
        branches = []
        for field, boost in self._text_fields():
            phrase = Q.boost_query(Q.phrase_query(self.schema, field, tokens), boost)
            branches.append((Occur.Should, Q.boolean_query([(Occur.Must, phrase), *bigrams])))
        required = Q.boolean_query(branches)
        return self._with_ranking(required, text, analysed)

    def _with_ranking(self, required, text: str, analysed):
        ranking = self._ranking_clauses(text, analysed)
        return Q.boolean_query([(Occur.Must, required), *ranking]) if ranking else required

    def _fuzzy(self, text: str):
        tokens = analyse(text).folded
        if not tokens:
            return Q.empty_query()
        return Q.boolean_query(
            [
                (
                    Occur.Must,
                    Q.boolean_query(
                        [
                            (Occur.Should, Q.fuzzy_term_query(self.schema, field, token, 1, True))
                            for field, _ in self._text_fields()
                        ]
                    ),
                )
                for token in tokens
            ]
        )

    def _match(self, query):
        if isinstance(query, MatchAll):
            return Q.all_query()
        if isinstance(query, PlainText):
            return self._plain(query.query_string, query.operator)
        if isinstance(query, Phrase):
            return self._phrase(query.query_string)
        if isinstance(query, Fuzzy):
            return self._fuzzy(query.query_string)
        if isinstance(query, Boost):
            return Q.boost_query(self._match(query.subquery), float(query.boost))
        if isinstance(query, And):
            return Q.boolean_query([(Occur.Must, self._match(q)) for q in query.subqueries])
        if isinstance(query, Or):
            return Q.boolean_query([(Occur.Should, self._match(q)) for q in query.subqueries])
        if isinstance(query, Not):
            return Q.boolean_query(
                [(Occur.Must, Q.all_query()), (Occur.MustNot, self._match(query.subquery))]
            )
        raise NotImplementedError(
            f"{type(query).__name__} is not supported by the tantivy backend."
        )

    # Filters ---------------------------------------------------------------------------------

    def _filter(self, node):
        kind = node[0]
        if kind == "none":
            return Q.empty_query()
        if kind == "connect":
            _, connector, negated, children = node
            occur = Occur.Must if connector == "AND" else Occur.Should
            query = Q.boolean_query([(occur, self._filter(child)) for child in children])
            if negated:
                query = Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, query)])
            return query
        _, name, lookup, value = node
        return self._lookup(name, lookup, value)

    def _lookup(self, name: str, lookup: str, value):
        field_kind = self.kinds.get(name)
        if field_kind is None:
            raise FilterError(f"{name} is not in the search index; run `manage.py reindex --full`.")

        def convert(v):
            return to_engine_value(field_kind, v)

        if lookup == "exact":
            if value is None:
                return self._lookup(name, "isnull", True)
            return Q.term_query(self.schema, name, convert(value))
        if lookup == "isnull":
            exists = Q.exists_query(name)
            if value:
                return Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, exists)])
            return exists
        if lookup == "in":
            values = [convert(v) for v in _evaluate(value) if v is not None]
            if not values:
                return Q.empty_query()
            return Q.term_set_query(self.schema, name, values)
        if lookup in ("lt", "lte", "gt", "gte", "range"):
            return self._range(name, field_kind, lookup, value, convert)
        if lookup in ("startswith", "contains") and field_kind == "str":
            escaped = re.escape(str(value))
            pattern = f"{escaped}.*" if lookup == "startswith" else f".*{escaped}.*"
            return Q.regex_query(self.schema, name, pattern)
        raise FilterError(f'The tantivy search backend does not support the "{lookup}" filter.')

    def _range(self, name, field_kind, lookup, value, convert):
        types = {
            "int": tantivy.FieldType.Integer,
            "float": tantivy.FieldType.Float,
            "date": tantivy.FieldType.Date,
        }
        if field_kind == "str":
            raise FilterError(f"Range filters on text field {name} are not supported.")
        if field_kind == "bool":
            raise FilterError(f"Range filters on boolean field {name} are not supported.")
        lower = upper = None
        include_lower = include_upper = True
        if lookup == "range":
            lower, upper = (convert(v) for v in value)
        elif lookup in ("gt", "gte"):
            lower, include_lower = convert(value), lookup == "gte"
        else:
            upper, include_upper = convert(value), lookup == "lte"
        return Q.range_query(
            self.schema, name, types[field_kind], lower, upper, include_lower, include_upper
        )


class TantivyAutocompleteQueryCompiler(TantivySearchQueryCompiler):
    is_autocomplete = True

    def check(self):
        self.fields = None  # autocomplete always searches the AutocompleteFields
        super().check()


def _evaluate(value):
    """Values of an `__in` filter; a subquery is run (one column) so the engine gets a list."""
    if isinstance(value, SqlQuery):
        compiler = value.get_compiler(using=DEFAULT_DB_ALIAS)
        return [row[0] for row in compiler.results_iter()]
    if hasattr(value, "query") and isinstance(value.query, SqlQuery):
        return [v.pk if hasattr(v, "pk") else v for v in value]
    return list(value)
