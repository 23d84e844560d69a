"""Scheduled publishing and expiry run by the database task worker, with time frozen."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cong.editorial.tasks import publish_due, run_due, schedule_tick, start_scheduler
from cong.news import queries
from cong.news.models import ArticlePage
from cong.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
START = timezone.datetime(2026, 3, 2, 8, 0, tzinfo=timezone.get_default_timezone())


def run_worker():
    """The real `db_worker` command, one batch. It closes stale connections between tasks,
    which would end the test's transaction on PostgreSQL: that call alone is neutralised."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.fixture
def draft(small_network):
    return ArticlePageFactory(
        parent=small_network["sections"]["badinh"]["news"], title="Lịch tiếp dân", live=False
    )


@override_settings(TASKS=DB_TASKS)
def test_scheduled_article_goes_live_through_the_worker(
    draft, small_network, django_capture_on_commit_callbacks
):
    go_live = START + timedelta(hours=2)
    with time_machine.travel(START, tick=False):
        draft.go_live_at = go_live
        with django_capture_on_commit_callbacks(execute=True):
            draft.save_revision().publish()
        draft.refresh_from_db()
        assert not draft.live
        queued = DBTaskResult.objects.filter(task_path=publish_due.module_path, status="READY")
        assert [t.run_after for t in queued] == [go_live]
        run_worker()  # too early: nothing is due yet
        draft.refresh_from_db()
        assert not draft.live
    with time_machine.travel(go_live + timedelta(seconds=30), tick=False):
        run_worker()
        draft.refresh_from_db()
        assert draft.live
        portal = small_network["portals"]["badinh"]
        assert draft.pk in {a.pk for a in queries.own_articles(portal)}
        run_worker()  # idempotent: a second run changes nothing
        assert ArticlePage.objects.get(pk=draft.pk).live


@override_settings(TASKS=DB_TASKS)
def test_expired_article_leaves_every_listing(small_network, django_capture_on_commit_callbacks):
    portal = small_network["portals"]["badinh"]
    expire = START + timedelta(days=1)
    with time_machine.travel(START, tick=False):
        article = ArticlePageFactory(
            parent=small_network["sections"]["badinh"]["news"], title="Thông báo tạm thời"
        )
        article.expire_at = expire
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
        assert article.pk in {a.pk for a in queries.own_articles(portal)}
        assert DBTaskResult.objects.filter(run_after=expire, status="READY").exists()
    with time_machine.travel(expire + timedelta(seconds=5), tick=False):
        run_worker()
        article.refresh_from_db()
        assert not article.live and article.expired
        assert article.pk not in {a.pk for a in queries.own_articles(portal)}
        assert article.pk not in {a.pk for a in queries.network_articles()}


@override_settings(TASKS=DB_TASKS)
def test_minute_tick_is_queued_once_and_requeues_itself(draft):
    with time_machine.travel(START, tick=False):
        assert start_scheduler() is True
        assert start_scheduler() is False, "a second start does not double the tick"
        draft.go_live_at = START + timedelta(seconds=20)
        draft.save_revision().publish()  # scheduled, but its own task is never enqueued here
    with time_machine.travel(START + timedelta(seconds=30), tick=False):
        run_worker()
        draft.refresh_from_db()
        assert draft.live, "the tick published it"
        waiting = DBTaskResult.objects.filter(status="READY", task_path__endswith="scheduler_tick")
        assert waiting.count() == 1
        assert waiting.get().run_after == START + timedelta(seconds=90)
        assert schedule_tick() is False


def test_run_due_directly_with_the_immediate_backend(draft):
    with time_machine.travel(START, tick=False):
        draft.go_live_at = START + timedelta(minutes=5)
        draft.save_revision().publish()
        assert run_due() == {"published": 0, "expired": 0}
    with time_machine.travel(START + timedelta(minutes=6), tick=False):
        assert run_due() == {"published": 1, "expired": 0}
        assert run_due() == {"published": 0, "expired": 0}


@override_settings(TASKS=DB_TASKS)
def test_scheduled_through_the_admin_then_expires_from_feeds(
    client, login, people, draft, small_network, django_capture_on_commit_callbacks
):
    """An approver schedules publication and expiry in the edit form; only the worker acts."""
    from django.urls import reverse

    from cong.editorial.tests.helpers import article_form_data

    portal = small_network["portals"]["badinh"]
    go_live, expire = START + timedelta(hours=1), START + timedelta(days=2)
    feed = reverse("cong-feed-portal-rss", args=[portal.pk])
    fmt = "%Y-%m-%d %H:%M"
    with time_machine.travel(START, tick=False):
        approver = login(people["approver"])
        with django_capture_on_commit_callbacks(execute=True):
            response = approver.post(
                reverse("wagtailadmin_pages:edit", args=[draft.pk]),
                article_form_data(
                    draft,
                    go_live_at=timezone.localtime(go_live).strftime(fmt),
                    expire_at=timezone.localtime(expire).strftime(fmt),
                    **{"action-publish": "action-publish"},
                ),
            )
        assert response.status_code == 302
        run_worker()
        assert not ArticlePage.objects.get(pk=draft.pk).live
    with time_machine.travel(go_live + timedelta(seconds=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            run_worker()
        assert ArticlePage.objects.get(pk=draft.pk).live
        assert draft.title in client.get(feed).content.decode()
        assert draft.title in client.get(portal.url).content.decode()
    with time_machine.travel(expire + timedelta(seconds=1), tick=False):
        run_worker()
        article = ArticlePage.objects.get(pk=draft.pk)
        assert not article.live and article.expired
        assert draft.title not in client.get(feed).content.decode()
        assert draft.title not in client.get(portal.url).content.decode()
        assert client.get(article.url or "/chinh-phu/x/").status_code == 404
