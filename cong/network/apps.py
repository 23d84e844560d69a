from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "cong.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site
        from wagtail.permissions import register_permission_policy

        from cong.network.models import Unit
        from cong.network.permissions import UnitPermissionPolicy
        from cong.network.sites import invalidate_if_site_root, invalidate_site_cache

        register_permission_policy(Unit, UnitPermissionPolicy(Unit))

        post_save.connect(invalidate_site_cache, sender=Site, dispatch_uid="cong_site_saved")
        post_delete.connect(invalidate_site_cache, sender=Site, dispatch_uid="cong_site_deleted")
        post_save.connect(invalidate_if_site_root, dispatch_uid="cong_site_root_saved")
