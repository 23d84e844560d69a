"""Menu labels of the citizens' sections, for the portal header (`cong.core.chrome`).

The header lists the child pages whose type is a key of `cong.core.chrome.SECTION_LABELS`;
these two entries (between Documents and About) put the Q&A and consultations sections there.
The labels are translated in this app's catalogue."""

from django.utils.translation import gettext_lazy as _

SECTION_LABELS = {
    "citizens.questionindexpage": _("Questions and answers"),
    "citizens.consultationindexpage": _("Consultations on drafts"),
}
