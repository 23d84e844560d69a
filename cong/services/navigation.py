"""Menu label of the public services section, for the portal header (`cong.core.chrome`):
the entry `services.serviceindexpage` in `SECTION_LABELS` puts it after the consultations."""

from django.utils.translation import gettext_lazy as _

SECTION_LABELS = {"services.serviceindexpage": _("Public services")}
