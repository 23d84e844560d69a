"""Readiness checks for /readyz: database, cache, background worker, search index.

Each check returns a `Check`; one that raises is reported as failed with the error's text, so
one broken dependency never hides the state of the others.
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

# The worker is late when a task has been due for longer than this (the scheduler's minute
# tick keeps one due every minute while `manage.py start_scheduler` is in use).
DEFAULT_QUEUE_MAX_AGE = 300


@dataclass
class Check:
    ok: bool
    detail: dict = field(default_factory=dict)
    seconds: float = 0.0

    def as_json(self) -> dict:
        data = asdict(self)
        data["status"] = "ok" if self.ok else "fail"
        data["seconds"] = round(self.seconds, 4)
        del data["ok"]
        return data


def database() -> Check:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check(True, {"vendor": connections["default"].vendor})


def cache_roundtrip() -> Check:
    key, token = "cong:readyz", uuid.uuid4().hex
    cache.set(key, token, 30)
    found = cache.get(key)
    return Check(found == token, {"backend": settings.CACHES["default"]["BACKEND"]})


def worker() -> Check:
    """Age of the oldest task that is due and not started (database task backend only), and
    when the worker last started a task."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend != "django_tasks_db.DatabaseBackend":
        return Check(True, {"backend": backend, "queue": "not a database queue"})
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    waiting = DBTaskResult.objects.filter(status="READY", run_after__lte=now)
    oldest = waiting.order_by("run_after").values_list("run_after", flat=True).first()
    last_start = (
        DBTaskResult.objects.exclude(started_at=None)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    age = (now - oldest).total_seconds() if oldest else 0.0
    limit = getattr(settings, "CONG_READY_QUEUE_MAX_AGE", DEFAULT_QUEUE_MAX_AGE)
    return Check(
        age <= limit,
        {
            "due_tasks": waiting.count(),
            "oldest_due_seconds": round(age, 1),
            "max_age_seconds": limit,
            "last_task_started_at": last_start.isoformat() if last_start else None,
        },
    )


def search_index() -> Check:
    from wagtail.search.backends import get_search_backend

    from cong.news.models import ArticlePage

    backend = get_search_backend()
    list(backend.search("cong", ArticlePage)[:1])
    return Check(True, {"backend": type(backend).__name__})


CHECKS: dict[str, Callable[[], Check]] = {
    "database": database,
    "cache": cache_roundtrip,
    "worker": worker,
    "search": search_index,
}


def run_checks(checks: dict[str, Callable[[], Check]] | None = None) -> tuple[bool, dict]:
    results = {}
    for name, check in (checks or CHECKS).items():
        started = time.monotonic()
        try:
            result = check()
        except Exception as exc:  # reported, never raised: the probe must answer
            result = Check(False, {"error": f"{type(exc).__name__}: {exc}"[:500]})
        result.seconds = time.monotonic() - started
        results[name] = result.as_json()
    return all(r["status"] == "ok" for r in results.values()), results
