"""The first page of a one-word query matching most of the index, without scoring every
match.

tantivy's Python binding always collects through a `MultiCollector`, so no search prunes
(block-max WAND): every match of a query is scored, and at a million articles a common
syllable ("những": 790,000 documents) is a full pass. For a query of one syllable:

- **The title tier.** Documents with the syllable in their title are few (a title is ~15
  syllables, a body ~500). They are ranked with the full query's very scoring terms; a
  document without it in its title can score at most the sum of its other terms' BM25 maxima
  (boost × (k1 + 1) × idf). Tier hits above that bound — and above the last tier candidate's
  score — are exactly the full query's first hits, in the same order.
- **An estimated count**: documents holding the syllable in the title or the body, from the
  terms' document frequencies and the title documents that hold it in the body too, times the
  share of title documents the search's scope and filters keep. Shown as "about N".

Searches with several syllables have tiers as large as their full pass (measured: common
title syllables are in 4-13 % of titles each) and take the full pass, counted exactly.
"""

import math
import re
from dataclasses import dataclass

import tantivy
from modelsearch.query import PlainText

from cong.search.analysis import analyse

from .schema import BODY, TITLE

Occur = tantivy.Occur
Q = tantivy.Query

K1_PLUS_ONE = 2.2  # tantivy's BM25: (k1 + 1) × idf × tf / (tf + k1 × (…)), the last factor < 1
TIER_CANDIDATES = 200
# From this many estimated matches the count is estimated and the first hits come from the tier.
ESTIMATE_FROM = 10_000
# Tier documents × scoring terms above which the tier costs about as much as the full pass.
TIER_WORK_MAX = 400_000
# Up to this many documents a term's highest score is looked up (a short search) rather than
# bounded by its BM25 maximum, which a rare term (a bigram, an exact accent) is far below.
TRUE_MAX_DF = 100_000
_TOTAL_DOCS = re.compile(r'"value":\s*([0-9.eE+]+),\s*"description":\s*"N, total number of docs"')


@dataclass
class TitleTier:
    query: tantivy.Query  # tier documents in scope, scored like the full query
    in_title: tantivy.Query  # tier documents, unscored
    scope: list  # content type and filter clauses
    token: str
    text_fields: list[str]
    outside: list[tuple[str, str, float]]  # (field, term, boost) a non-tier document may score


def title_tier(compiler, backend, searcher) -> TitleTier | None:
    """The tier of a one-syllable plain-text search, or None for other searches and for
    tiers too large to pay off."""
    query = compiler.query
    if compiler.is_autocomplete or not isinstance(query, PlainText):
        return None
    analysed = analyse(query.query_string)
    tokens = list(dict.fromkeys(analysed.folded))
    if len(tokens) != 1:
        return None
    compiler._prepare(backend)
    text_fields = compiler._text_fields()
    if TITLE not in dict(text_fields):
        return None
    (token,) = tokens
    scored = [(field, token, boost) for field, boost in text_fields]
    scored += compiler.ranking_terms(query.query_string, analysed)
    if searcher.doc_freq(TITLE, token) * len(scored) > TIER_WORK_MAX:
        return None
    scope = compiler._scope_clauses()
    in_title = Q.const_score_query(Q.term_query(compiler.schema, TITLE, token), 0.0)
    ranked = Q.boolean_query([(Occur.Must, in_title), *scope])
    # One optional term per level: tantivy advances a lone optional term by its skip list,
    # where a union of them reads every document of its dense terms (3x slower, measured).
    for field, term, boost in scored:
        term_query = Q.boost_query(Q.term_query(compiler.schema, field, term), boost)
        ranked = Q.boolean_query([(Occur.Must, ranked), (Occur.Should, term_query)])
    return TitleTier(
        query=ranked,
        in_title=in_title,
        scope=scope,
        token=token,
        text_fields=[field for field, _boost in text_fields],
        outside=[(f, t, b) for f, t, b in scored if f != TITLE],
    )


def tier_hits(tier: TitleTier, searcher, schema, needed: int) -> list:
    """The full query's best hits that the tier proves: at most `needed`, best first."""
    limit = max(TIER_CANDIDATES, 4 * needed)
    best = candidates(tier.query, searcher, limit)
    if best is None:
        return []
    found, total_docs = best
    bound = sum(term_maximum(searcher, schema, total_docs, *term) for term in tier.outside)
    if len(found) == limit:  # tier documents below the last candidate were not looked at
        bound = max(bound, found[-1][0])
    return [hit for hit in found[:needed] if hit[0] > with_slack(bound)]


def candidates(query, searcher, limit: int) -> tuple[list, float] | None:
    """The best `limit` hits of a tier query and the document count BM25 scored them with;
    None when there are none, or the count cannot be read."""
    found = searcher.search(query, limit, count=False).hits
    if not found:
        return None
    total_docs = _total_docs(query, searcher, found[0][1])
    return None if total_docs is None else (found, total_docs)


def with_slack(bound: float) -> float:
    """A score bound made safe for the same terms added up in another order."""
    return bound + abs(bound) * 1e-5 + 1e-6


def term_maximum(searcher, schema, total_docs, field, term, boost) -> float:
    """The most `term` adds to a document's score: its best score when few documents hold
    it, else its BM25 bound."""
    doc_freq = searcher.doc_freq(field, term)
    if doc_freq <= TRUE_MAX_DF:
        query = Q.boost_query(Q.term_query(schema, field, term), boost)
        best = searcher.search(query, 1, count=False).hits
        return best[0][0] if best else 0.0
    return boost * K1_PLUS_ONE * _idf(total_docs, doc_freq)


def _idf(total_docs: float, doc_freq: int) -> float:
    return math.log(1 + (total_docs - doc_freq + 0.5) / (doc_freq + 0.5))


def _total_docs(query, searcher, address) -> float | None:
    """tantivy's N of BM25, read from an explanation rather than assumed to be `num_docs`
    (which may not count the same documents once some are deleted)."""
    match = _TOTAL_DOCS.search(query.explain(searcher, address).to_json())
    return float(match.group(1)) if match else None


def estimated_count(tier: TitleTier, searcher, schema) -> int:
    """Documents in scope holding the syllable in the title or the body (see the module)."""
    in_title = searcher.doc_freq(TITLE, tier.token)
    if not in_title:
        return 0
    kept = searcher.search(
        Q.boolean_query([(Occur.Must, tier.in_title), *tier.scope]), 1, count=True
    ).count
    if BODY not in tier.text_fields:
        return kept
    in_both = searcher.search(
        Q.boolean_query(
            [(Occur.Must, tier.in_title), (Occur.Must, Q.term_query(schema, BODY, tier.token))]
        ),
        1,
        count=True,
    ).count
    anywhere = searcher.doc_freq(BODY, tier.token) + in_title - in_both
    return round(anywhere * kept / in_title)


def rounded(estimate: int) -> int:
    """Two significant digits: an estimate should not look exact."""
    if estimate < 100:
        return estimate
    digits = 10 ** (len(str(estimate)) - 2)
    return round(estimate / digits) * digits
