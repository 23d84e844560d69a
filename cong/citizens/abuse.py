"""Abuse resistance with no external service: rate limits in Django's cache, a honeypot, a
signed minimum-fill-time stamp and a few content heuristics."""

import hashlib
import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from . import conf

_STAMP_SALT = "cong.citizens.form-stamp"
_LINK = re.compile(r"(https?://|www\.|\[url)", re.IGNORECASE)
_REPEATED = re.compile(r"(.)\1{24,}")


class RateLimited(Exception):
    pass


def client_ip(request) -> str:
    """The client address; behind a proxy set CONG_CLIENT_IP_HEADER (e.g. HTTP_X_REAL_IP)."""
    header = getattr(settings, "CONG_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, kind: str, ident: str) -> str:
    digest = hashlib.sha256(f"{scope}:{kind}:{ident}".encode()).hexdigest()[:40]
    return f"cong:citizens:rl:{digest}"


def count_attempt(key: str, window: int) -> int:
    """Add one to the fixed-window counter `key` (shared by every process through the cache)
    and return the count so far in this window."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def hit(scope: str, kind: str, ident: str) -> bool:
    """Count one attempt; False once the window's limit is passed."""
    limit = conf.rate_limit(scope, kind)
    if not limit or not ident:
        return True
    max_count, window = limit
    return count_attempt(_key(scope, kind, ident), window) <= max_count


def check_ip(request, scope: str):
    if not hit(scope, "ip", client_ip(request)):
        raise RateLimited(scope)


def check_addresses(scope: str, addresses):
    for address in addresses:
        if address and not hit(scope, "address", address.lower()):
            raise RateLimited(scope)


def make_stamp(now: float | None = None) -> str:
    return signing.dumps({"t": round(now if now is not None else time.time(), 3)}, salt=_STAMP_SALT)


def stamp_age(value: str) -> float | None:
    try:
        data = signing.loads(value or "", salt=_STAMP_SALT)
        return time.time() - float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def content_problem(text: str) -> str | None:
    """A reason to refuse the text, or None."""
    if len(_LINK.findall(text or "")) > conf.max_links():
        return str(_("Please include at most %(n)s links.") % {"n": conf.max_links()})
    if _REPEATED.search(text or ""):
        return str(_("The text contains a long run of one repeated character."))
    return None


def is_duplicate(scope: str, text: str) -> bool:
    """The same text was accepted in the last day (from anyone): a resend or a flood."""
    fingerprint = hashlib.sha256(" ".join((text or "").lower().split()).encode()).hexdigest()
    return not cache.add(f"cong:citizens:dup:{scope}:{fingerprint}", 1, timeout=24 * 3600)


class AntiSpamForm(forms.Form):
    """Base form: honeypot + fill-time stamp. Subclasses list their free-text fields."""

    spam_text_fields: tuple[str, ...] = ()

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stamp"].initial = make_stamp()
        self.is_bot = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            self.is_bot = True
            raise forms.ValidationError(_("Your submission could not be accepted."), code="spam")
        age = stamp_age(self.data.get(self.add_prefix("stamp"), ""))
        if age is None or age > conf.form_max_age_seconds():
            raise forms.ValidationError(
                _("The form has expired. Please check your entries and send it again."),
                code="stamp",
            )
        if age < conf.min_fill_seconds():
            raise forms.ValidationError(
                _("The form was sent too quickly. Please check your entries and send it again."),
                code="too_fast",
            )
        for name in self.spam_text_fields:
            problem = content_problem(cleaned.get(name, ""))
            if problem:
                self.add_error(name, problem)
        return cleaned

    def refresh_stamp(self):
        """A re-displayed form gets a fresh stamp so a real person can simply resend."""
        data = self.data.copy()
        data[self.add_prefix("stamp")] = make_stamp()
        self.data = data
