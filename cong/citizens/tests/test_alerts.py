"""E-mail alerts: double opt-in, replay-safe links, immediate and daily sending, unsubscribe."""

import base64
import json
import re

import pytest
from django.core import mail
from django.core.management import call_command

from cong.citizens import alerts
from cong.citizens.models import AlertItem, Subscription
from cong.news.tests.factories import ArticlePageFactory

from .conftest import old_stamp

SUBSCRIBE = "/cong-dan/nhan-tin/"


def subscribe_data(**overrides):
    data = {
        "email": "doc.gia@example.vn",
        "kind": "portal",
        "frequency": "immediate",
        "website": "",
        "stamp": old_stamp(),
    }
    data.update(overrides)
    return data


def confirm_link(message):
    return re.search(r"http://testserver(/\S*/xac-nhan/\S+/)", message.body).group(1)


def publish_article(section, **fields):
    topics = fields.pop("topics", [])
    units = fields.pop("directive_units", [])
    article = ArticlePageFactory(parent=section, live=False, **fields)
    if topics:
        article.topics.set(topics)
    if units:
        article.directive_units.set(units)
    article.save()
    article.save_revision().publish()
    return article


def confirmed(email="doc.gia@example.vn", **kwargs):
    subscription, _ = alerts.subscribe(email, **kwargs)
    alerts.confirm(alerts.confirm_token(subscription))
    subscription.refresh_from_db()
    return subscription


@pytest.mark.django_db
def test_double_opt_in_and_replay(client, small_network):
    hanoi = small_network["portals"]["hanoi"]
    response = client.post(f"{SUBSCRIBE}?portal={hanoi.pk}", subscribe_data(portal=hanoi.pk))
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert not subscription.is_confirmed
    assert len(mail.outbox) == 1
    link = confirm_link(mail.outbox[0])
    # Nothing is sent to an unconfirmed address.
    publish_article(small_network["sections"]["hanoi"]["news"])
    assert len(mail.outbox) == 1
    first = client.get(link)
    assert first.status_code == 200
    subscription.refresh_from_db()
    confirmed_at = subscription.confirmed_at
    assert confirmed_at is not None
    # Replaying the link is harmless.
    second = client.get(link)
    assert second.status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at == confirmed_at
    # Subscribing again is silent (same answer, no new confirmation e-mail).
    client.post(
        f"{SUBSCRIBE}?portal={hanoi.pk}", subscribe_data(portal=hanoi.pk, stamp=old_stamp())
    )
    assert Subscription.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_forged_and_expired_confirmation_links(client, small_network, settings):
    subscription, _ = alerts.subscribe(
        "x@example.vn", "portal", portal=small_network["portals"]["hue"]
    )
    token = alerts.confirm_token(subscription)
    assert client.get(f"{SUBSCRIBE}xac-nhan/{token[:-2]}xx/").status_code == 400
    other, _ = alerts.subscribe("y@example.vn", "portal", portal=small_network["portals"]["hue"])
    # Swapping the payload of a valid link (another subscription id) breaks the signature.
    payload, rest = alerts.confirm_token(other).split(":", 1)
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["s"] = subscription.pk
    forged_payload = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
    forged = forged_payload.decode().rstrip("=") + ":" + rest
    assert client.get(f"{SUBSCRIBE}xac-nhan/{forged}/").status_code == 400
    # The unsubscribe link is not a confirmation link (different salt).
    unsubscribe = alerts.unsubscribe_token(subscription)
    assert client.get(f"{SUBSCRIBE}xac-nhan/{unsubscribe}/").status_code == 400
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    settings.CONG_ALERT_CONFIRM_MAX_AGE = -1
    assert client.get(f"{SUBSCRIBE}xac-nhan/{token}/").status_code == 410
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


@pytest.mark.django_db
def test_immediate_alert_on_publish_with_unsubscribe_header(small_network):
    hanoi = small_network["portals"]["hanoi"]
    confirmed(kind="portal", portal=hanoi)
    confirmed(email="other@example.vn", kind="portal", portal=small_network["portals"]["hue"])
    mail.outbox.clear()
    article = publish_article(
        small_network["sections"]["hanoi"]["news"], title="Hà Nội mở rộng đường"
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["doc.gia@example.vn"]
    assert (
        "Hà Nội mở rộng đường" in message.subject
        and article.url_path.split("/")[-2] in message.body
    )
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/cong-dan/nhan-tin/huy/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Publishing again (an edit) does not send again.
    article.save_revision().publish()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_topic_and_directive_matching(small_network, topics):
    portals, sections = small_network["portals"], small_network["sections"]
    confirmed(email="topic@example.vn", kind="topic", topic=topics["datdai"])
    confirmed(email="commune@example.vn", kind="directives", portal=portals["badinh"])
    confirmed(email="province@example.vn", kind="directives", portal=portals["hanoi"])
    mail.outbox.clear()
    publish_article(sections["hue"]["news"], title="Giá đất mới", topics=[topics["datdai"]])
    assert [m.to for m in mail.outbox] == [["topic@example.vn"]]
    mail.outbox.clear()
    # A national directive for level-2 portals reaches Ba Đình's subscriber, not Hà Nội's.
    publish_article(
        sections["nation"]["directives"],
        title="Chỉ đạo cấp xã",
        directive_scope="level",
        directive_level=2,
    )
    assert [m.to for m in mail.outbox] == [["commune@example.vn"]]
    mail.outbox.clear()
    publish_article(
        sections["nation"]["directives"],
        title="Chỉ đạo chọn đơn vị",
        directive_scope="units",
        directive_units=[portals["hanoi"].unit],
    )
    assert [m.to for m in mail.outbox] == [["province@example.vn"]]


@pytest.mark.django_db
def test_daily_digest(small_network):
    hanoi = small_network["portals"]["hanoi"]
    subscription = confirmed(kind="portal", portal=hanoi, frequency="daily")
    mail.outbox.clear()
    publish_article(small_network["sections"]["hanoi"]["news"], title="Tin thứ nhất")
    publish_article(small_network["sections"]["hanoi"]["news"], title="Tin thứ hai")
    assert mail.outbox == []
    assert AlertItem.objects.filter(subscription=subscription, sent_at__isnull=True).count() == 2
    call_command("send_digests")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Tin thứ nhất" in body and "Tin thứ hai" in body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    call_command("send_digests")  # nothing new: nothing sent
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_one_click_unsubscribe_and_replay(client, small_network):
    subscription = confirmed(kind="portal", portal=small_network["portals"]["hanoi"])
    token = alerts.unsubscribe_token(subscription)
    url = f"{SUBSCRIBE}huy/{token}/"
    assert client.get(url).status_code == 200
    assert Subscription.objects.filter(pk=subscription.pk).exists()  # GET changes nothing
    # Mail clients POST without a CSRF token (RFC 8058).
    from django.test import Client

    one_click = Client(enforce_csrf_checks=True)
    assert one_click.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert one_click.post(url).status_code == 200  # replay: harmless
    assert client.post(f"{SUBSCRIBE}huy/forged-token/").status_code == 400


@pytest.mark.django_db
def test_subscribe_validation(client, small_network):
    response = client.post(SUBSCRIBE, subscribe_data(kind="topic"))
    assert response.status_code == 200 and not Subscription.objects.exists()
    # A portal outside the offered list (a forged id) is refused.
    response = client.post(SUBSCRIBE, subscribe_data(portal=small_network["portals"]["badinh"].pk))
    assert response.status_code == 200 and not Subscription.objects.exists()
