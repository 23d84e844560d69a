"""The e-mails the citizens app sends (plain text, rendered in the site's language)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import conf
from .alerts import confirm_token, unsubscribe_token


def absolute_page_url(page) -> str:
    url = page.full_url
    return url if url else conf.base_url() + page.url_path


def absolute(path: str) -> str:
    return path if path.startswith("http") else conf.base_url() + path


def _send(to, subject, template, context, headers=None, language="vi"):
    with translation.override(language or settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        message = EmailMessage(
            subject=str(subject).replace("\n", " ")[:200],
            body=body,
            to=[to],
            headers=headers or {},
        )
    return message.send()


def unsubscribe_headers(subscription) -> tuple[str, dict]:
    url = absolute(reverse("citizens:unsubscribe", args=[unsubscribe_token(subscription)]))
    return url, {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def send_confirmation(subscription):
    url = absolute(reverse("citizens:confirm", args=[confirm_token(subscription)]))
    with translation.override(subscription.language):
        subject = _("Confirm your e-mail alert subscription")
        return _send(
            subscription.email,
            subject,
            "citizens/emails/confirm.txt",
            {"subscription": subscription, "confirm_url": url},
            language=subscription.language,
        )


def send_alert(subscription, items, digest=False):
    unsubscribe_url, headers = unsubscribe_headers(subscription)
    with translation.override(subscription.language):
        if digest:
            subject = _("Daily digest: %(n)s new items") % {"n": len(items)}
        else:
            subject = items[0].title
        return _send(
            subscription.email,
            subject,
            "citizens/emails/alert.txt",
            {
                "subscription": subscription,
                "items": items,
                "digest": digest,
                "unsubscribe_url": unsubscribe_url,
            },
            headers=headers,
            language=subscription.language,
        )


def send_question_received(question):
    if not question.asker_email:
        return 0
    return _send(
        question.asker_email,
        _("Your question was received (code %(code)s)") % {"code": question.code},
        "citizens/emails/question_received.txt",
        {"question": question, "follow_url": absolute(question.follow_url() or "")},
    )


def send_question_answered(question):
    if not question.asker_email:
        return 0
    public = question.public_url()
    return _send(
        question.asker_email,
        _("Your question has been answered (code %(code)s)") % {"code": question.code},
        "citizens/emails/question_answered.txt",
        {
            "question": question,
            "follow_url": absolute(question.follow_url() or ""),
            "public_url": absolute(public) if public else "",
        },
    )
