"""The dashboard panel: the editor's own portals, their roles and what waits for them."""

from wagtail.admin.ui.components import Component

from cong.editorial.models import ProposalStatus, Role
from cong.editorial.roles import held_roles


class PortalPanel(Component):
    name = "cong_portal"
    template_name = "editorial/admin/portal_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        from cong.editorial.syndication import decidable_by
        from cong.network.models import PortalPage

        request = parent_context["request"]
        held = held_roles(request.user)
        labels = dict(Role.choices)
        portals = {p.pk: p for p in PortalPage.objects.filter(pk__in={pid for pid, _, _ in held})}
        mine = {}
        for pid, _path, role in held:
            if pid in portals:
                mine.setdefault(pid, (portals[pid], []))[1].append(labels[role])
        return {
            "portals": list(mine.values()),
            "pending_proposals": decidable_by(request.user)
            .filter(status=ProposalStatus.PENDING)
            .count(),
            "request": request,
        }
