"""Legal and administrative documents."""

from django.utils.translation import gettext_lazy as _

from cong.core.models import BasePage


class DocumentIndexPage(BasePage):
    """Văn bản: the portal's legal document registry section."""

    parent_page_types = ["network.PortalPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("documents section")
