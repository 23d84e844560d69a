"""Signal receivers: roles and workflow for new portals, scheduling, change notes, e-mail."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, task_submitted

from cong.editorial.models import AuditScope, ChangeNote
from cong.editorial.notifications import portal_task_submission_notifier
from cong.editorial.roles import create_portal_roles, portal_chain
from cong.editorial.tasks import publish_at
from cong.editorial.workflows import TWO_STEP, assign_workflow
from cong.network.models import PortalPage
from cong.network.signals import portals_created


def setup_portals(portal_ids) -> None:
    portal_ids = list(portal_ids)
    create_portal_roles(portal_ids)
    assign_workflow(portal_ids, TWO_STEP, replace=False)


@receiver(portals_created, dispatch_uid="editorial_portals_created")
def on_portals_created(sender, portal_ids=(), **kwargs):
    setup_portals(portal_ids)


@receiver(post_save, sender=PortalPage, dispatch_uid="editorial_portal_saved")
def on_portal_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        setup_portals([instance.pk])


@receiver(post_save, sender=Revision, dispatch_uid="editorial_revision_scheduled")
def on_revision_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.approved_go_live_at is not None:
        publish_at(instance.approved_go_live_at)


@receiver(page_published, dispatch_uid="editorial_page_published")
def on_page_published(sender, instance, revision=None, **kwargs):
    if instance.expire_at:
        publish_at(instance.expire_at)
    # Notes become public when the revision carrying them (or a later one) goes live.
    pending = ChangeNote.objects.filter(page_id=instance.pk, published_at__isnull=True)
    if revision is not None:
        pending = pending.filter(revision_id__lte=revision.pk)
    pending.update(published_at=timezone.now())


@receiver(post_save, sender=PageLogEntry, dispatch_uid="editorial_log_entry_scope")
def on_log_entry(sender, instance, created, raw=False, **kwargs):
    if not created or raw or not instance.page_id:
        return
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    chain = portal_chain([path])[path] if path else []
    if not chain:
        return
    title = Page.objects.filter(path=chain[-1]).values_list("title", flat=True).first() or ""
    AuditScope.objects.create(entry=instance, portal_path=chain[-1], portal_title=title[:255])


task_submitted.connect(
    portal_task_submission_notifier, dispatch_uid="editorial_portal_task_submitted_email"
)
