from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cong.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from cong.core.frames import connect_signals

        connect_signals()
