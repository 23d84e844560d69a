"""Keep citations current: link on publish, drop on unpublish, adopt waiting citations when a
document enters the registry, and refresh the parser's vocabulary when its tables change."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cong.legal.vocabulary import clear_vocabulary_cache

logger = logging.getLogger(__name__)


def _is_article(instance) -> bool:
    from cong.news.models import ArticlePage

    return isinstance(instance, ArticlePage)


@receiver(page_published, dispatch_uid="cong.legal.link_on_publish")
def link_on_publish(sender, instance, **kwargs):
    if not _is_article(instance):
        return
    from cong.legal.tasks import link_article_citations

    page_id = instance.pk
    transaction.on_commit(lambda: link_article_citations.enqueue(page_id))


@receiver(page_unpublished, dispatch_uid="cong.legal.unlink_on_unpublish")
def unlink_on_unpublish(sender, instance, **kwargs):
    if not _is_article(instance):
        return
    from cong.legal.models import Citation

    Citation.objects.filter(article_id=instance.pk).delete()


def link_imported(sender, page_ids=(), **kwargs):
    from cong.legal.tasks import link_imported_articles

    ids = list(page_ids)
    if ids:
        transaction.on_commit(lambda: link_imported_articles.enqueue(ids))


def connect():
    from cong.legal.models import Agency, Document, DocumentType

    for model in (Agency, DocumentType):
        post_save.connect(clear_vocabulary_cache, sender=model, dispatch_uid=f"vocab-{model}")
        post_delete.connect(clear_vocabulary_cache, sender=model, dispatch_uid=f"vocab-d-{model}")
    post_save.connect(_adopt_citations, sender=Document, dispatch_uid="legal-adopt-citations")
    try:
        from cong.news.importers.writer import articles_imported
    except ImportError:  # the news importer is optional for the legal app
        return
    articles_imported.connect(link_imported, dispatch_uid="cong.legal.link_imported")


def _adopt_citations(sender, instance, **kwargs):
    from cong.legal.citations.store import resolve_pending

    resolve_pending(instance)
