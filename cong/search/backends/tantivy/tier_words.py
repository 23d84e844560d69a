"""The first page of a several-syllable query matching most of the index (see `tier` for
one syllable): "quốc hội" matches 411,000 of 1,020,000 documents.

Its title tier (documents with any of the syllables in the title: 4-13 % of the index for
common ones) is too large to score with every term, so it is ranked by a partial score — the
title terms, bigrams and the exact accents of the rarer syllables — and the rest (body terms,
exact accents of the commonest syllables: dense, and with the lowest BM25 bounds) is bounded:

- a document outside the tier scores at most the maxima of its non-title terms (a rare term's
  best score is looked up, `tier.term_maximum`);
- a tier document not among the K best partial scores scores at most the K-th partial score
  plus the rest's maxima.

The best candidates are scored in full (by batches, until the next cannot reach the hits
found) and checked for every syllable; those above both bounds are exactly the full query's
first hits, in the same order. The count is estimated from a sample of primary keys (a
thirty-second of their range, in the middle) scaled by the model's share of documents there:
it assumes matches spread evenly over primary keys, which words bound to a period need not.
"""

from dataclasses import dataclass

import tantivy
from modelsearch.query import PlainText

from cong.search.analysis import analyse

from .schema import BODY, CONTENT_TYPES, PK, TITLE
from .tier import candidates, term_maximum, with_slack

Occur = tantivy.Occur
Q = tantivy.Query

CANDIDATES = 500
# Below this many postings of the query's syllables (title and body) the full pass costs no
# more than the tier (~10-20 ms at 1M; measured "tin nóng", 775,000: full 11 ms, tier 14.5).
CHEAP_FULL_PASS = 1_000_000
MIN_PAGE = 10
PARTIAL_DF_MAX = 500_000
# Tier documents × partial terms above which the tier costs about as much as the full pass.
WORK_MAX = 1_500_000
SAMPLE_SHARE = 32  # of the primary key range, in its middle


@dataclass
class WordsTier:
    partial_query: tantivy.Query  # tier documents in scope, by title and bigram terms
    count_query: tantivy.Query
    scope: list
    content_type: str
    tokens: list[str]
    scored: list[tuple[str, str, float]]  # every scoring term of the full query
    partial: list[tuple[str, str, float]]
    rest: list[tuple[str, str, float]]


def words_tier(compiler, backend, searcher) -> WordsTier | None:
    query = compiler.query
    if compiler.is_autocomplete or not isinstance(query, PlainText) or query.operator != "and":
        return None
    analysed = analyse(query.query_string)
    tokens = list(dict.fromkeys(analysed.folded))
    if len(tokens) < 2:
        return None
    postings = sum(searcher.doc_freq(BODY, t) + searcher.doc_freq(TITLE, t) for t in tokens)
    if postings < CHEAP_FULL_PASS:
        return None
    count_query = compiler.build_count(backend)
    if [field for field, _boost in compiler._text_fields()] != [TITLE, BODY]:
        return None
    scored = [(field, t, boost) for t in tokens for field, boost in compiler._text_fields()]
    scored += compiler.ranking_terms(query.query_string, analysed)
    # The partial score leaves out the dense terms (every body term, exact accents of the
    # commonest syllables): they cost the most to read and their BM25 bounds are the lowest.
    rest = [
        term
        for term in scored
        if term[0] == BODY or searcher.doc_freq(term[0], term[1]) > PARTIAL_DF_MAX
    ]
    partial = [term for term in scored if term not in rest]
    tier_size = sum(searcher.doc_freq(TITLE, t) for t in tokens)
    if tier_size * len(partial) > WORK_MAX:
        return None
    scope = compiler._scope_clauses()
    in_title = Q.const_score_query(
        Q.boolean_query([(Occur.Should, Q.term_query(compiler.schema, TITLE, t)) for t in tokens]),
        0.0,
    )
    return WordsTier(
        partial_query=_chain(
            compiler.schema, Q.boolean_query([(Occur.Must, in_title), *scope]), partial
        ),
        count_query=count_query,
        scope=scope,
        content_type=compiler._content_type(),
        tokens=tokens,
        scored=scored,
        partial=partial,
        rest=rest,
    )


def _chain(schema, required, terms):
    """`required`, scored by `terms`: one optional term per level, which tantivy advances by
    its skip list (a union of optional terms reads every document of its dense terms)."""
    query = required
    for field, term, boost in terms:
        scored = Q.boost_query(Q.term_query(schema, field, term), boost)
        query = Q.boolean_query([(Occur.Must, query), (Occur.Should, scored)])
    return query


def words_tier_hits(tier: WordsTier, searcher, schema, needed: int) -> list:
    """The full query's best hits that the tier proves: at most `needed`, best first."""
    best = candidates(tier.partial_query, searcher, CANDIDATES)
    if best is None:
        return []
    found, total_docs = best

    def maxima(terms):
        return sum(term_maximum(searcher, schema, total_docs, *term) for term in terms)

    outside = maxima([term for term in tier.scored if term[0] != TITLE])
    rest = maxima(tier.rest)
    exhausted = len(found) < CANDIDATES
    reachable = sum(1 for score, _ in found if score + rest > outside)
    if reachable < min(needed, MIN_PAGE):
        return []  # not even a page can be proven: spare the scoring
    pks = searcher.fast_field_values(PK, [address for _, address in found])
    # Candidates are scored in full by batches, best partial scores first, until the next
    # one cannot reach the hits found so far (its full score is at most partial + rest).
    complete: list = []
    scored = 0
    while scored < len(found):
        batch = pks[scored : scored + max(2 * needed, 100)]
        complete += _complete_hits(tier, searcher, schema, batch)
        complete.sort(key=lambda hit: hit[0], reverse=True)
        scored += len(batch)
        if scored < len(found) and len(complete) >= needed:
            if found[scored][0] + rest <= complete[needed - 1][0]:
                break
    if scored < len(found):
        bound = max(outside, found[scored][0] + rest)
    else:
        bound = outside if exhausted else max(outside, found[-1][0] + rest)
    return [hit for hit in complete if hit[0] > with_slack(bound)][:needed]


def _complete_hits(tier: WordsTier, searcher, schema, pks) -> list:
    """(full score, address) of the documents among `pks` that hold every query token in the
    title or the body."""
    among = Q.boolean_query(
        [(Occur.Must, Q.const_score_query(Q.term_set_query(schema, PK, pks), 0.0)), *tier.scope]
    )
    scored = searcher.search(_chain(schema, among, tier.scored), len(pks), count=False).hits
    # Each token adds 4^i once or twice (title, body): the base-4 digits say which it holds.
    presence = among
    for i, token in enumerate(tier.tokens):
        for field in (TITLE, BODY):
            held = Q.const_score_query(Q.term_query(schema, field, token), float(4**i))
            presence = Q.boolean_query([(Occur.Must, presence), (Occur.Should, held)])
    holding = {
        (address.segment_ord, address.doc)
        for score, address in searcher.search(presence, len(pks), count=False).hits
        if all((int(score) // 4**i) % 4 for i in range(len(tier.tokens)))
    }
    return [hit for hit in scored if (hit[1].segment_ord, hit[1].doc) in holding]


def sampled_count(
    tier: WordsTier, searcher, schema, key_range: tuple[int, int], cache: dict | None = None
) -> int:
    """The count query's matches among a slice of the primary keys, scaled by the share of
    the model's documents there (counted once per `cache`, one per state of the index)."""
    cache = {} if cache is None else cache
    low, high = key_range
    width = max((high - low + 1) // SAMPLE_SHARE, 1)
    start = low + (high - low + 1 - width) // 2
    sample = Q.const_score_query(
        Q.range_query(schema, PK, tantivy.FieldType.Integer, start, start + width, True, False),
        0.0,
    )
    key = ("in sample", SAMPLE_SHARE, tier.content_type)
    if key not in cache:
        of_model = Q.const_score_query(Q.term_query(schema, CONTENT_TYPES, tier.content_type), 0.0)
        cache[key] = searcher.search(
            Q.boolean_query([(Occur.Must, of_model), (Occur.Must, sample)]), 1, count=True
        ).count
    in_sample = cache[key]
    if not in_sample:
        return 0
    matched = searcher.search(
        Q.boolean_query([(Occur.Must, tier.count_query), (Occur.Must, sample)]), 1, count=True
    ).count
    return round(matched * searcher.doc_freq(CONTENT_TYPES, tier.content_type) / in_sample)
