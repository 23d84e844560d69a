"""Immediate alerts: when a news article is published, tell the subscribers it reaches."""

import logging

from django.dispatch import receiver
from wagtail.signals import page_published

logger = logging.getLogger(__name__)


@receiver(page_published, dispatch_uid="cong.citizens.alert_on_publish")
def alert_on_article_published(sender, instance, **kwargs):
    from cong.news.models import ArticlePage

    if not isinstance(instance, ArticlePage):
        return
    from .alerts import article_target_keys, queue_alerts
    from .notify import absolute_page_url
    from .tasks import send_alert_item

    keys = article_target_keys(instance)
    if not keys:
        return
    for item_id in queue_alerts(keys, instance.title, absolute_page_url(instance)):
        send_alert_item.enqueue(item_id)
