"""How the evaluation builds an article's text from the shared corpus (offsets refer to it):

text = NFC(title + "\n" + lead + "\n" + "\n".join(paragraphs))
"""

import gzip
import json
import unicodedata


def article_text(article: dict) -> str:
    return unicodedata.normalize(
        "NFC", "\n".join([article["title"], article["lead"], *article["paragraphs"]])
    )


def load_articles(path, wanted: set[str]):
    """The corpus articles whose id is in `wanted` (one pass over the gzip file)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            if article["id"] in wanted:
                yield article
