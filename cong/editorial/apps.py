from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "cong.editorial"
    label = "editorial"
    verbose_name = _("Editorial")

    def ready(self):
        from cong.editorial import receivers  # noqa: F401
