"""OpenSearch settings with the same Vietnamese analysis, for deployments beyond one machine.

NFC needs the analysis-icu plugin (`icu_normalizer`); without it, keep text NFC on the way in
(Cổng stores everything NFC) and drop that filter. `asciifolding` folds đ → d and every mark;
`preserve_original` keeps the accented token too, so exact-accent matches score higher;
shingles give syllable bigrams for ranking.
"""

VIETNAMESE_ANALYSIS = {
    "filter": {
        "vi_folding": {"type": "asciifolding", "preserve_original": True},
        "vi_bigrams": {"type": "shingle", "min_shingle_size": 2, "max_shingle_size": 2},
        "vi_nfc": {"type": "icu_normalizer", "name": "nfc", "mode": "compose"},
    },
    "analyzer": {
        "default": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["vi_nfc", "lowercase", "vi_folding"],
        },
        "default_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["vi_nfc", "lowercase", "vi_folding"],
        },
        "vi_bigram_analyzer": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["vi_nfc", "lowercase", "vi_folding", "vi_bigrams"],
        },
    },
}


def opensearch_backend_settings(url: str, index: str = "cong") -> dict:
    return {
        "BACKEND": "wagtail.search.backends.opensearch2",
        "URLS": [url],
        "INDEX": index,
        "TIMEOUT": 5,
        "INDEX_SETTINGS": {"settings": {"index": {"analysis": VIETNAMESE_ANALYSIS}}},
    }
