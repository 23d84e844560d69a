"""The mail goes out through the real task worker: the database task backend (as in the demo
and production) and `manage.py db_worker --batch`. Nothing is sent before the worker runs."""

import re
import signal

import pytest
from django.core import mail
from django.core.management import call_command

from cong.citizens.models import AlertItem, Question, Subscription
from cong.news.tests.factories import ArticlePageFactory

from .helpers import question_data
from .test_alerts import SUBSCRIBE, subscribe_data


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():  # the worker installs its own handlers
        signal.signal(sig, handler)


def run_worker():
    from django_tasks_db.models import DBTaskResult

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    failed = DBTaskResult.objects.exclude(status="SUCCESSFUL")
    assert not failed.exists(), list(failed.values("task_path", "status", "exception_class_path"))


def publish(section, title):
    article = ArticlePageFactory(parent=section, live=False, title=title)
    article.save_revision().publish()
    return article


@pytest.mark.django_db(transaction=True)
def test_alerts_and_notifications_through_the_worker(
    wagtail_base, database_tasks, client, small_network, qa, topics
):
    hanoi = small_network["portals"]["hanoi"]
    news = small_network["sections"]["hanoi"]["news"]

    # Double opt-in: the confirmation e-mail is a task.
    client.post(f"{SUBSCRIBE}?portal={hanoi.pk}", subscribe_data(portal=hanoi.pk))
    client.post(
        f"{SUBSCRIBE}?portal={hanoi.pk}",
        subscribe_data(email="hang.ngay@example.vn", portal=hanoi.pk, frequency="daily"),
    )
    assert mail.outbox == []
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["doc.gia@example.vn", "hang.ngay@example.vn"]
    for message in mail.outbox:
        link = re.search(r"http://testserver(/\S*/xac-nhan/\S+/)", message.body).group(1)
        assert client.get(link).status_code == 200
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 2
    mail.outbox.clear()

    # Immediate: publishing queues the alert; the worker sends it.
    publish(news, "Hà Nội khởi công cầu Trần Hưng Đạo")
    assert mail.outbox == []
    run_worker()
    assert [m.to for m in mail.outbox] == [["doc.gia@example.vn"]]
    immediate = mail.outbox[0]
    assert "Trần Hưng Đạo" in immediate.subject
    assert immediate.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Daily: the digest command hands the work to the worker.
    publish(news, "Hà Nội công bố quy hoạch phân khu")
    run_worker()
    assert len(mail.outbox) == 2  # a second immediate alert; the daily one waits
    call_command("send_digests", "--enqueue", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 2
    run_worker()
    assert len(mail.outbox) == 3
    digest = mail.outbox[2]
    assert digest.to == ["hang.ngay@example.vn"]
    assert "Trần Hưng Đạo" in digest.body and "quy hoạch phân khu" in digest.body
    assert not AlertItem.objects.filter(sent_at__isnull=True).exists()

    # One-click unsubscribe from the header of the e-mail: nothing more is sent.
    unsubscribe = immediate.extra_headers["List-Unsubscribe"].strip("<>")
    unsubscribe = unsubscribe.removeprefix("http://testserver")
    assert client.post(unsubscribe, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscription.objects.filter(email="doc.gia@example.vn").exists()
    publish(news, "Tin sau khi hủy đăng ký")
    run_worker()
    assert len(mail.outbox) == 3

    # A question's acknowledgement is also sent by the worker.
    client.post(qa["badinh"].url + "gui-cau-hoi/", question_data(topics["bhxh"]))
    assert len(mail.outbox) == 3
    run_worker()
    assert mail.outbox[-1].to == ["an@example.vn"]
    assert Question.objects.get().code in mail.outbox[-1].body
