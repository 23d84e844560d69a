"""/healthz, /readyz (database, cache, worker queue, search) and /metrics."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from cong.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_healthz_needs_nothing():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["X-Request-ID"]


def test_readyz_reports_every_check():
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "worker", "search"}
    assert all(check["status"] == "ok" for check in body["checks"].values())


def test_readyz_fails_when_the_cache_does(monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "fail"
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_readyz_fails_when_the_search_index_is_unreachable(monkeypatch):
    from wagtail.search import backends

    def unreachable(*args, **kwargs):
        raise ConnectionError("index unreachable")

    monkeypatch.setattr(backends, "get_search_backend", unreachable)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert "index unreachable" in response.json()["checks"]["search"]["detail"]["error"]


def _task(run_after, status="READY"):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="cong.editorial.tasks.publish_due",
        backend_name="default",
        queue_name="default",
        run_after=run_after,
        priority=0,
    )


def test_readyz_watches_the_worker_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CONG_READY_QUEUE_MAX_AGE = 300
    now = timezone.now()
    _task(now - timedelta(seconds=30))
    _task(now + timedelta(hours=1))  # not due yet: does not count
    worker = Client().get("/readyz").json()["checks"]["worker"]
    assert worker["status"] == "ok"
    assert worker["detail"]["due_tasks"] == 1

    _task(now - timedelta(minutes=10))  # a worker that stopped ten minutes ago
    response = Client().get("/readyz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["status"] == "fail"
    assert worker["detail"]["due_tasks"] == 2
    assert worker["detail"]["oldest_due_seconds"] >= 600


def _metric(text: str, name: str, **labels) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            if all(f'{k}="{v}"' in line for k, v in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_latency_and_queries(small_network):
    article = ArticlePageFactory(
        parent=small_network["sections"]["hanoi"]["news"],
        portal=small_network["portals"]["hanoi"],
    )
    before = Client().get("/metrics").content.decode()
    assert Client().get(article.url).status_code == 200
    assert Client().get("/khong-co-trang-nay/").status_code == 404
    response = Client().get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    after = response.content.decode()

    def grew(name, **labels):
        return _metric(after, name, **labels) - _metric(before, name, **labels)

    assert grew("cong_http_requests_total", view="wagtail_serve", status="200") == 1
    assert grew("cong_http_requests_total", view="wagtail_serve", status="404") == 1
    assert grew("cong_http_request_duration_seconds_count", view="wagtail_serve") == 2
    assert grew("cong_http_request_db_queries_count", view="wagtail_serve") == 2
    assert grew("cong_http_request_db_queries_sum", view="wagtail_serve") > 2
    assert grew("cong_http_request_db_queries_bucket", view="wagtail_serve", le="0.0") == 0


def test_metrics_only_for_allowed_addresses(monkeypatch):
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 403
    monkeypatch.setenv("CONG_METRICS_ALLOWED_IPS", "10.0.0.0/8, 192.168.1.7")
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="192.168.1.7").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 403
    assert Client(REMOTE_ADDR="::ffff:10.9.9.9").get("/metrics").status_code == 200
