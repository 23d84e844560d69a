"""Background work: linking an article's citations when it is published."""

from django_tasks import task


@task()
def link_article_citations(page_id: int) -> int:
    """Find and store the citations of one article (idempotent: replaces what was stored)."""
    from cong.legal.citations.store import link_article
    from cong.news.models import ArticlePage

    page = ArticlePage.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    return link_article(page)


@task()
def link_imported_articles(page_ids: list[int]) -> int:
    """The same for a batch of bulk-imported articles (they fire no publish signal)."""
    from cong.legal.citations.resolve import Resolver
    from cong.legal.citations.store import link_article
    from cong.news.models import ArticlePage

    resolver = Resolver()
    total = 0
    for page in ArticlePage.objects.filter(pk__in=page_ids).iterator(chunk_size=200):
        total += link_article(page, resolver)
    return total
