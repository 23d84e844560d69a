"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent by `cong.network.portals.build_portals` after it has created portals in bulk (no
# page_published or post_save signals fire on that path), with sender=PortalPage and
# portal_ids=[...] — e.g. for editorial roles to create each portal's groups in bulk.
portals_created = Signal()
