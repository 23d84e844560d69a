"""Abuse cases: floods, bots, injections, CSRF."""

import pytest
from django.test import Client

from cong.citizens.abuse import make_stamp
from cong.citizens.models import Question, QuestionStatus

from .factories import QuestionFactory
from .helpers import question_data


def ask_url(qa):
    return qa["badinh"].url + "gui-cau-hoi/"


@pytest.mark.django_db
def test_flood_from_one_ip_is_cut_off(client, qa, topics, settings):
    settings.CONG_CITIZEN_RATE_LIMITS = {"question": {"ip": (3, 3600), "address": (100, 3600)}}
    codes = []
    for n in range(5):
        data = question_data(
            topics["bhxh"], email=f"a{n}@example.vn", body=f"Câu hỏi khác nhau số {n} về thuế."
        )
        codes.append(client.post(ask_url(qa), data).status_code)
    assert codes == [302, 302, 302, 429, 429]
    assert Question.objects.count() == 3


@pytest.mark.django_db
def test_flood_for_one_address_from_many_ips_is_cut_off(qa, topics, settings):
    settings.CONG_CITIZEN_RATE_LIMITS = {"question": {"ip": (100, 3600), "address": (2, 3600)}}
    codes = []
    for n in range(4):
        client = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        data = question_data(topics["bhxh"], body=f"Nội dung câu hỏi thứ {n} về đất đai.")
        codes.append(client.post(ask_url(qa), data).status_code)
    assert codes == [302, 302, 429, 429]
    assert Question.objects.count() == 2


@pytest.mark.django_db
def test_honeypot_filled_by_bot_is_refused(client, qa, topics):
    response = client.post(
        ask_url(qa), question_data(topics["bhxh"], website="http://spam.example")
    )
    assert response.status_code == 400
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_too_fast_missing_or_forged_stamp(client, qa, topics):
    for stamp in (make_stamp(), "", "eyJ0IjoxfQ:forged:signature", None):
        response = client.post(ask_url(qa), question_data(topics["bhxh"], stamp=stamp))
        assert response.status_code == 200
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_link_spam_and_repeated_text_are_refused(client, qa, topics):
    links = "Xem http://a.example http://b.example www.c.example [url=x]"
    client.post(ask_url(qa), question_data(topics["bhxh"], body=links))
    client.post(ask_url(qa), question_data(topics["bhxh"], body="Mua ngay " + "!" * 40))
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_duplicate_question_is_refused(client, qa, topics):
    data = question_data(topics["bhxh"])
    assert client.post(ask_url(qa), data).status_code == 302
    second = client.post(ask_url(qa), question_data(topics["bhxh"], email="khac@example.vn"))
    assert second.status_code == 200
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_csrf_is_enforced(qa, topics):
    client = Client(enforce_csrf_checks=True)
    assert client.post(ask_url(qa), question_data(topics["bhxh"])).status_code == 403
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_script_injection_is_rendered_as_text(client, qa, small_network):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    question = QuestionFactory(
        portal=small_network["portals"]["badinh"],
        status=QuestionStatus.PUBLISHED,
        public_title=evil,
        public_body=evil,
        answer="Trả lời",
    )
    for url in (qa["badinh"].url, f"{qa['badinh'].url}{question.pk}/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_injection_in_submission_is_stored_as_plain_text(client, qa, topics):
    data = question_data(topics["bhxh"], title="<b>Đậm</b>", body="<script>alert(1)</script> hỏi")
    client.post(ask_url(qa), data)
    question = Question.objects.get()
    assert question.body.startswith("<script>")  # stored as typed, escaped on output
    page = client.get(question.follow_url()).content.decode()
    assert "<script>alert(1)" not in page and "<b>Đậm" not in page


@pytest.mark.django_db
def test_comment_and_subscription_floods_are_cut_off(
    client, consultation_index, small_network, settings
):
    from cong.citizens.models import Comment, Subscription

    from .factories import ConsultationPageFactory
    from .helpers import comment_data
    from .test_alerts import SUBSCRIBE, subscribe_data

    settings.CONG_CITIZEN_RATE_LIMITS = {
        "comment": {"ip": (2, 3600), "address": (100, 3600)},
        "subscribe": {"ip": (100, 3600), "address": (1, 3600)},
    }
    draft = ConsultationPageFactory(parent=consultation_index)
    codes = [
        client.post(
            draft.url, comment_data(email=f"c{n}@example.vn", body=f"Góp ý thứ {n}.")
        ).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429] and Comment.objects.count() == 2
    hanoi = small_network["portals"]["hanoi"]
    codes = [
        Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        .post(f"{SUBSCRIBE}?portal={hanoi.pk}", subscribe_data(portal=hanoi.pk, kind=kind))
        .status_code
        for n, kind in enumerate(["portal", "directives"])
    ]
    assert codes == [302, 429] and Subscription.objects.count() == 1


@pytest.mark.django_db
def test_script_in_a_comment_is_rendered_as_text(client, consultation_index, unit_users):
    from cong.citizens.models import Comment, CommentStatus

    from .factories import ConsultationPageFactory
    from .helpers import comment_data

    draft = ConsultationPageFactory(parent=consultation_index)
    evil = '<script>alert("x")</script><a href="javascript:alert(1)">bấm</a>'
    client.post(draft.url, comment_data(organisation=evil, body=evil))
    comment = Comment.objects.get()
    client.force_login(unit_users["hanoi_approver"])
    admin_html = client.get(f"/admin/citizens/comments/edit/{comment.pk}/").content.decode()
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.APPROVED)
    client.logout()
    public_html = client.get(draft.url).content.decode()
    for html in (admin_html, public_html):
        assert '<script>alert("x")' not in html and 'href="javascript:' not in html
        assert "&lt;script&gt;" in html
