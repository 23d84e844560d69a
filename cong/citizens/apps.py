from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "cong.citizens"
    label = "citizens"
    verbose_name = _("Citizens")

    def ready(self):
        from . import signals  # noqa: F401  (connects page_published → alerts)
