from wagtail import hooks

from cong.network.admin_views import unit_chooser_viewset, unit_viewset


@hooks.register("register_admin_viewset")
def register_unit_viewsets():
    return [unit_viewset, unit_chooser_viewset]
