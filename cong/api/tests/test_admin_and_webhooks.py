import datetime as dt
import json
import re
import time

from django.urls import reverse

from cong.api.models import ApiToken, ReceivedDirective, StreamSubscription
from cong.api.sync import webhooks
from cong.api.sync.events import directive_payload
from cong.news.models import ArticlePage


def test_admin_issues_token_once_and_revokes_it(admin_client, api_network):
    hanoi = api_network["portals"]["hanoi"]
    response = admin_client.post(
        reverse("apitoken:add"),
        {"name": "Hệ thống một cửa", "portal": hanoi.pk, "role": "editor"},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    plaintext = re.search(r'id="api-token-value" value="([^"]+)"', response.content.decode())[1]
    assert plaintext.startswith(token.prefix)
    assert token.key_hash == ApiToken.hash_token(plaintext) and plaintext not in token.key_hash
    assert ApiToken.authenticate(plaintext) == token
    assert plaintext not in admin_client.get(reverse("apitoken:index")).content.decode()

    response = admin_client.post(reverse("apitoken:delete", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.authenticate(plaintext) is None


def test_signatures_are_checked_and_expire():
    body = b'{"seq": 1}'
    header = webhooks.sign("bí mật", body)
    assert webhooks.verify("bí mật", body, header)
    assert not webhooks.verify("khác", body, header)
    assert not webhooks.verify("bí mật", body + b" ", header)
    assert not webhooks.verify("bí mật", body, header, now=time.time() + 301)
    assert not webhooks.verify("bí mật", body, "garbage")
    assert webhooks.backoff(1) == dt.timedelta(seconds=30)
    assert webhooks.backoff(3) == dt.timedelta(seconds=120)
    assert webhooks.backoff(40) == dt.timedelta(hours=6)


def test_webhook_receipt_is_signed_and_idempotent(client, api_network):
    source = api_network["articles"]["directive-all"]
    subscription = StreamSubscription.objects.create(
        name="Chính phủ",
        source_url="https://chinhphu.example",
        source_portal="VN",
        local_portal=api_network["portals"]["hue"],
        secret="s3cret",
    )
    url = f"/api/v1/sync/webhooks/{subscription.pk}"
    event = {"seq": 7, "kind": "published", "directive": directive_payload(source)}
    body = json.dumps(event).encode()

    def post(payload, signature):
        return client.post(
            url, payload, content_type="application/json", HTTP_X_CONG_SIGNATURE=signature
        )

    assert post(body, webhooks.sign("wrong", body)).status_code == 401
    assert not ReceivedDirective.objects.exists()
    response = post(body, webhooks.sign("s3cret", body))
    assert response.json() == {"status": "applied", "seq": 7}
    copy = ReceivedDirective.objects.get().page
    assert copy.live and copy.title == source.title
    assert copy.get_parent().pk == api_network["sections"]["hue"]["directives"].pk
    assert post(body, webhooks.sign("s3cret", body)).json()["status"] == "ignored"
    older = json.dumps({**event, "seq": 3, "kind": "withdrawn"}).encode()
    assert post(older, webhooks.sign("s3cret", older)).json()["status"] == "ignored"
    assert ArticlePage.objects.get(pk=copy.pk).live
    bad = b'{"seq": 8}'
    assert post(bad, webhooks.sign("s3cret", bad)).status_code == 422
