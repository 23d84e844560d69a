"""Wagtail's publish / unpublish / delete signals feed the outbound directive stream."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cong.api.sync.events import record_change
from cong.news.models import ArticlePage


@receiver(page_published, sender=ArticlePage)
def _published(sender, instance, **kwargs):
    record_change(instance)


@receiver(page_unpublished, sender=ArticlePage)
def _unpublished(sender, instance, **kwargs):
    record_change(instance, gone=True)


@receiver(pre_delete, sender=ArticlePage)
def _deleted(sender, instance, **kwargs):
    record_change(instance, gone=True)
