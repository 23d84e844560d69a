"""Telling the citizen about their dossier: e-mail through Django's mail, SMS through a gateway
class named by CONG_SMS_BACKEND (default: one that only writes to the log)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import import_string

logger = logging.getLogger("cong.services.sms")


class SMSBackend:
    """Interface: a gateway sends `text` to `phone` and returns True when accepted."""

    def send(self, phone: str, text: str) -> bool:
        raise NotImplementedError


class LoggingSMSBackend(SMSBackend):
    def send(self, phone: str, text: str) -> bool:
        logger.info("SMS to %s: %s", phone, text)
        return True


def sms_backend() -> SMSBackend:
    path = getattr(settings, "CONG_SMS_BACKEND", "cong.services.notify.LoggingSMSBackend")
    return import_string(path)()


def notify(dossier, event) -> int:
    """E-mail and/or SMS the applicant about `event`; returns the number of messages sent."""
    from .models import ServiceIndexPage

    with translation.override("vi"):
        index = ServiceIndexPage.for_portal(dossier.portal)
        track_url = index.full_url + index.reverse_subpage("track") if index else ""
        context = {"dossier": dossier, "event": event, "track_url": track_url}
        sent = 0
        if dossier.email:
            subject = render_to_string("services/emails/status_subject.txt", context).strip()
            body = render_to_string("services/emails/status.txt", context)
            sent += send_mail(subject, body, None, [dossier.email])
        if dossier.phone:
            text = render_to_string("services/emails/status_sms.txt", context).strip()
            sent += bool(sms_backend().send(dossier.phone, text))
    return sent
