from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "cong.legal"
    label = "legal"
    verbose_name = _("Legal documents")

    def ready(self):
        from cong.legal import signals

        signals.connect()
