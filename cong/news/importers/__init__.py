"""Article importers: the chinhphu.vn plain-text capture format, JSON lines (VietNews corpus),
placement of articles over the portal network, the bulk writer and the scale generator.

Reading (`chinhphu`, `jsonl`) only parses and validates: it yields `ParsedArticle`s or
`Failure`s and never touches the database. `placement` decides where an article goes;
`writer.ArticleWriter` inserts in batches through `cong.core.bulk.bulk_add_children`.
"""

from .article import Failure, ParsedArticle
from .writer import ArticleWriter, ImportReport

__all__ = ["ArticleWriter", "Failure", "ImportReport", "ParsedArticle"]
