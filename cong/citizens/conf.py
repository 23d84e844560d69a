"""The citizens app's settings, with defaults: every value can be overridden in settings."""

from pathlib import Path

from django.conf import settings

DEFAULT_RATE_LIMITS = {
    # scope: {"ip": (max submissions, window seconds), "address": (…)}
    "question": {"ip": (10, 3600), "address": (3, 3600)},
    "comment": {"ip": (20, 3600), "address": (5, 3600)},
    "subscribe": {"ip": (10, 3600), "address": (3, 3600)},
    "follow": {"ip": (60, 600)},
    "similar": {"ip": (120, 60)},
}


def rate_limit(scope: str, kind: str) -> tuple[int, int] | None:
    limits = getattr(settings, "CONG_CITIZEN_RATE_LIMITS", {})
    return limits.get(scope, {}).get(kind) or DEFAULT_RATE_LIMITS.get(scope, {}).get(kind)


def attachment_max_bytes() -> int:
    return int(getattr(settings, "CONG_CITIZEN_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


def min_fill_seconds() -> float:
    """A person needs a few seconds to fill a form; a bot posts at once."""
    return float(getattr(settings, "CONG_CITIZEN_MIN_FILL_SECONDS", 3))


def form_max_age_seconds() -> int:
    return int(getattr(settings, "CONG_CITIZEN_FORM_MAX_AGE", 24 * 3600))


def max_links() -> int:
    return int(getattr(settings, "CONG_CITIZEN_MAX_LINKS", 2))


def private_media_root() -> Path:
    return Path(getattr(settings, "CONG_PRIVATE_MEDIA_ROOT", settings.VAR_DIR / "private"))


def retention_days() -> int:
    return int(getattr(settings, "CONG_PERSONAL_DATA_RETENTION_DAYS", 365))


def confirm_max_age_seconds() -> int:
    return int(getattr(settings, "CONG_ALERT_CONFIRM_MAX_AGE", 7 * 24 * 3600))


def pdf_font_paths() -> tuple[str, str]:
    regular = getattr(settings, "CONG_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    bold = getattr(
        settings, "CONG_PDF_FONT_BOLD", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    )
    return regular, bold


def base_url() -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "http://localhost:8000").rstrip("/")
