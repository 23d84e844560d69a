from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "cong.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from cong.network.models import Unit
        from cong.network.permissions import UnitPermissionPolicy

        register_permission_policy(Unit, UnitPermissionPolicy(Unit))
