"""Signals that purge: articles published, edited (published again), unpublished, expired by
the worker (it unpublishes them), moved or deleted; proposals accepted or withdrawn; portals,
sections and Sites changed (those touch every page's chrome: everything goes)."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from cong.caching import purging
from cong.caching.invalidation import Purge, article_purge, article_state, portal_home_purge
from cong.core import frames

_OLD = "_cong_cache_old_state"


def _is_article(instance) -> bool:
    from cong.news.models import ArticlePage

    return isinstance(instance, ArticlePage)


def _touches_chrome(page) -> bool:
    """Portals and their direct children (sections, about, contact) appear in menus,
    breadcrumbs and footers of many pages."""
    from cong.network.models import PortalPage

    parent_path = page.path[: -Page.steplen]
    return PortalPage.objects.filter(path__in=[page.path, parent_path]).exists()


def _remember_old_state(instance) -> None:
    if instance.pk and not hasattr(instance, _OLD) and purging.active():
        setattr(instance, _OLD, article_state(instance.pk))


def _page_changed(instance) -> None:
    if _is_article(instance):
        old = getattr(instance, _OLD, None)
        if hasattr(instance, _OLD):
            delattr(instance, _OLD)
        pk = instance.pk
        purging.schedule(lambda: article_purge(old, article_state(pk)))
    elif purging.active() and _touches_chrome(instance):
        purging.schedule(Purge(everything=True))


_PUBLIC_FIELDS = {"live", "expired", "title", "slug", "url_path", "path", "live_revision"}


@receiver(pre_save, dispatch_uid="caching_article_pre_save")
def remember_article_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Publishing and unpublishing save the page row: remember what was public before.
    Draft saves (save_revision: update_fields without public fields) change nothing shown."""
    if raw or not _is_article(instance):
        return
    if update_fields is not None and not _PUBLIC_FIELDS & set(update_fields):
        return
    _remember_old_state(instance)


@receiver(page_published, dispatch_uid="caching_page_published")
def on_published(sender, instance, **kwargs):
    _page_changed(instance)


@receiver(page_unpublished, dispatch_uid="caching_page_unpublished")
def on_unpublished(sender, instance, **kwargs):
    _page_changed(instance)


@receiver(pre_page_move, dispatch_uid="caching_pre_page_move")
def before_move(sender, instance, **kwargs):
    if _is_article(instance) and purging.active():
        setattr(instance, _OLD, article_state(instance.pk))


@receiver(post_page_move, dispatch_uid="caching_post_page_move")
def after_move(sender, instance, **kwargs):
    if _is_article(instance):
        _page_changed(instance)
    else:
        purging.schedule(Purge(everything=True))


@receiver(pre_delete, dispatch_uid="caching_pre_delete")
def before_delete(sender, instance, **kwargs):
    if _is_article(instance) and purging.active():
        setattr(instance, _OLD, article_state(instance.pk))


@receiver(post_delete, dispatch_uid="caching_post_delete")
def after_delete(sender, instance, **kwargs):
    if isinstance(instance, Site):
        purging.schedule(Purge(everything=True))
    elif _is_article(instance) and getattr(instance, _OLD, None):
        purging.schedule(article_purge(getattr(instance, _OLD)))


@receiver(post_save, sender=Site, dispatch_uid="caching_site_saved")
def on_site_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        purging.schedule(Purge(everything=True))


@receiver(frames.network_changed, dispatch_uid="caching_network_changed")
def on_network_changed(sender, **kwargs):
    """Units renamed, portals rebuilt by `seed_network` (bulk writes, no page signals): what
    every page's chrome shows changed."""
    purging.schedule(Purge(everything=True))


def before_proposal_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk and purging.active():
        instance._cong_cache_old_status = (
            sender.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        )


def on_proposal_saved(sender, instance, raw=False, **kwargs):
    """An accepted article joins the portal's home; leaving "accepted" takes it off."""
    from cong.editorial.models import ProposalStatus

    old = getattr(instance, "_cong_cache_old_status", None)
    accepted = ProposalStatus.ACCEPTED
    if not raw and instance.to_portal_id and accepted in (old, instance.status):
        purging.schedule(portal_home_purge(instance.to_portal_id))


def _connect_proposals():
    from cong.editorial.models import Proposal

    pre_save.connect(before_proposal_saved, sender=Proposal, dispatch_uid="caching_proposal_pre")
    post_save.connect(on_proposal_saved, sender=Proposal, dispatch_uid="caching_proposal_saved")


_connect_proposals()
