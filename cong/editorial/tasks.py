"""Scheduled publishing and expiry, run by the background worker.

`publish_due` does what Wagtail's `publish_scheduled` command does, and is idempotent: it only
acts on what is due and re-checks each row inside its own transaction. It is enqueued to run at
the exact time whenever a revision is scheduled or a live page gets an expiry time, and the
`scheduler_tick` task runs it every minute as a safety net (it re-enqueues itself).
"""

import logging
from datetime import datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger(__name__)

TICK_SECONDS = 60


def _draft_models():
    return [Page] + [
        m for m in apps.get_models() if issubclass(m, DraftStateMixin) and not issubclass(m, Page)
    ]


def run_due(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    expired = published = 0
    for model in _draft_models():
        for pk in list(
            model.objects.filter(live=True, expire_at__lte=now).values_list("pk", flat=True)
        ):
            with transaction.atomic():
                obj = model.objects.select_for_update().filter(pk=pk, live=True).first()
                if obj is None or obj.expire_at is None or obj.expire_at > now:
                    continue
                obj = obj.specific if isinstance(obj, Page) else obj
                obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
                expired += 1
    due = Revision.objects.filter(approved_go_live_at__lte=now).order_by("approved_go_live_at")
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            revision = (
                Revision.objects.select_for_update()
                .filter(pk=pk, approved_go_live_at__lte=now)
                .first()
            )
            if revision is None:
                continue
            revision.publish(log_action="wagtail.publish.scheduled")
            published += 1
    if expired or published:
        logger.info("Scheduled publishing: %d published, %d expired", published, expired)
    return {"published": published, "expired": expired}


@task()
def publish_due() -> dict[str, int]:
    """Publish the scheduled revisions and unpublish the expired pages that are due."""
    return run_due()


@task()
def scheduler_tick() -> dict[str, int]:
    """Run what is due, then come back in a minute."""
    try:
        return run_due()
    finally:
        schedule_tick()


def _backend():
    return task_backends[publish_due.backend]


def _pending(task_obj, after: datetime | None = None) -> bool:
    """Is a run of `task_obj` already waiting in the database queue?"""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(_backend(), DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(status="READY", task_path=task_obj.module_path)
    if after is not None:
        waiting = waiting.filter(run_after__range=(after - timedelta(seconds=1), after))
    return waiting.exists()


def schedule_tick() -> bool:
    """Enqueue the next tick unless one is already waiting. True if one was enqueued."""
    if not _backend().supports_defer or _pending(scheduler_tick):
        return False
    scheduler_tick.using(run_after=timezone.now() + timedelta(seconds=TICK_SECONDS)).enqueue()
    return True


def start_scheduler() -> bool:
    """Start the minute tick now (idempotent: does nothing if a tick is already queued)."""
    if not _backend().supports_defer:
        return False
    if _pending(scheduler_tick):
        return False
    scheduler_tick.enqueue()
    return True


def publish_at(when: datetime | None) -> None:
    """Make sure `publish_due` runs at `when` (go-live or expiry time)."""
    if when is None:
        return
    backend = _backend()
    if when <= timezone.now():
        transaction.on_commit(lambda: publish_due.enqueue())
    elif backend.supports_defer and not _pending(publish_due, after=when):
        transaction.on_commit(lambda: publish_due.using(run_after=when).enqueue())
