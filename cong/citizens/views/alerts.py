"""Subscribing to e-mail alerts, confirming (double opt-in) and unsubscribing."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cong.network.models import PortalPage

from .. import abuse, alerts
from ..forms import SubscribeForm
from ..tasks import send_subscription_confirmation
from .common import rate_limited, refused


def subscribe(request):
    context_portal = None
    portal_id = request.GET.get("portal", "")
    if portal_id.isdigit():
        context_portal = PortalPage.objects.live().filter(pk=int(portal_id)).first()
    if request.method == "POST":
        try:
            abuse.check_ip(request, "subscribe")
        except abuse.RateLimited:
            return rate_limited(request)
        form = SubscribeForm(request.POST, context_portal=context_portal)
        if form.is_valid():
            data = form.cleaned_data
            try:
                abuse.check_addresses("subscribe", [data["email"]])
            except abuse.RateLimited:
                return rate_limited(request)
            subscription, needs_confirm = alerts.subscribe(
                data["email"],
                data["kind"],
                portal=data.get("portal") if data["kind"] in ("portal", "directives") else None,
                topic=data.get("topic") if data["kind"] == "topic" else None,
                document_type=data.get("document_type") if data["kind"] == "doctype" else "",
                frequency=data["frequency"],
                language=get_language() or "vi",
            )
            if needs_confirm:
                send_subscription_confirmation.enqueue(subscription.pk)
            # The same answer whether or not the address was already subscribed.
            return HttpResponseRedirect(reverse("citizens:subscribe_sent"))
        if form.is_bot:
            return refused(request, _("Your submission could not be accepted."))
        form.refresh_stamp()
    else:
        form = SubscribeForm(context_portal=context_portal)
    return TemplateResponse(request, "citizens/subscribe.html", {"form": form})


def subscribe_sent(request):
    return TemplateResponse(request, "citizens/subscribe_sent.html", {})


def confirm(request, token):
    try:
        subscription, newly = alerts.confirm(token)
    except alerts.ExpiredToken:
        return refused(
            request, _("This confirmation link has expired. Please subscribe again."), status=410
        )
    except alerts.BadToken:
        return refused(request, _("This confirmation link is not valid."))
    return TemplateResponse(
        request,
        "citizens/subscription_confirmed.html",
        {"subscription": subscription, "newly": newly},
    )


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token; the token is the key
def unsubscribe(request, token):
    try:
        alerts._load(token, alerts._UNSUBSCRIBE_SALT)
    except alerts.BadToken:
        return refused(request, _("This unsubscribe link is not valid."))
    if request.method == "POST":
        subscription = alerts.unsubscribe(token)
        return TemplateResponse(
            request, "citizens/unsubscribed.html", {"subscription": subscription}
        )
    return TemplateResponse(request, "citizens/unsubscribe.html", {"token": token})
