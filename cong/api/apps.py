from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "cong.api"
    label = "api"
    verbose_name = _("Interconnection")

    def ready(self):
        from cong.api.sync import signals  # noqa: F401
