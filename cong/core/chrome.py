"""What surrounds every public page: the portal it belongs to, that portal's sections, its
contact details, the portals above it and the language switch.

Built once per request from the page being served (a handful of queries, none per item) and
shared by the header, the breadcrumbs, the footer and the JSON-LD.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from cong.core import frames

# Section page types in the order every portal's menu shows them, with their menu label.
SECTION_LABELS = {
    "news.newsindexpage": _("News"),
    "news.directiveindexpage": _("Directives"),
    "legal.documentindexpage": _("Documents"),
    "citizens.questionindexpage": _("Questions and answers"),
    "citizens.consultationindexpage": _("Consultations on drafts"),
    "services.serviceindexpage": _("Public services"),
    "network.aboutpage": _("About"),
    "network.contactpage": _("Contact"),
}
_SECTION_ORDER = list(SECTION_LABELS)


def _model_key(content_type_id: int) -> str:
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def nav_label(page) -> str:
    """The label a page gets in menus and breadcrumbs: sections get the translated name of
    their kind ('Tin tức' / 'News'); other pages their title."""
    label = SECTION_LABELS.get(_model_key(page.content_type_id))
    return str(label) if label else page.title


def portal_children(portal) -> list[Page]:
    """Every child page of `portal` that is not itself a portal (its sections), from the
    portal's frame (`cong.core.frames`): no query while the network is unchanged."""
    found = frames.frame(portal.pk) if portal.pk else None
    return found.children if found else []


def portal_contact(portal):
    """The portal's live contact page (Liên hệ), or None."""
    found = frames.frame(portal.pk) if portal.pk else None
    return found.contact if found else None


@dataclass
class Section:
    kind: str
    label: str
    page: Page
    current: bool


@dataclass
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


@dataclass
class Chrome:
    portal: object = None
    portal_name: str = ""
    sections: list[Section] = field(default_factory=list)
    contact: object = None
    parent_portal: object = None
    national_portal: object = None
    has_subordinates: bool = False
    languages: list[LanguageLink] = field(default_factory=list)

    def _section(self, kind):
        return next((s.page for s in self.sections if s.kind == kind), None)

    @property
    def news_section(self):
        return self._section("news.newsindexpage")

    @property
    def directive_section(self):
        return self._section("news.directiveindexpage")


def _portal_for(page, request):
    from cong.network.models import PortalPage

    if page is not None and hasattr(page, "owning_portal"):
        return page.owning_portal
    if request is None:
        return None
    site = Site.find_for_request(request)
    root = site.root_page.specific if site else None
    return root if isinstance(root, PortalPage) else None


def _language_links(request) -> list[LanguageLink]:
    current = get_language()
    path = request.get_full_path() if request is not None else "/"
    return [
        LanguageLink(code, name, translate_url(path, code), code == current)
        for code, name in settings.LANGUAGES
    ]


def build_chrome(page, request) -> Chrome:
    from cong.network.models import PortalPage

    chrome = Chrome(portal_name=settings.WAGTAIL_SITE_NAME, languages=_language_links(request))
    portal = _portal_for(page, request)
    if portal is None:
        return chrome
    chrome.portal = portal
    unit = portal.unit
    chrome.portal_name = unit.name_en if get_language() == "en" and unit.name_en else unit.name

    frame = frames.frame(portal.pk) if portal.pk else None
    children = frame.children if frame else []
    chrome.has_subordinates = frame.has_subordinates if frame else False
    current_path = getattr(page, "path", "")
    sections = [
        child
        for child in children
        if child.live and _model_key(child.content_type_id) in SECTION_LABELS
    ]
    sections.sort(key=lambda child: _SECTION_ORDER.index(_model_key(child.content_type_id)))
    chrome.sections = [
        Section(
            _model_key(child.content_type_id),
            nav_label(child),
            child,
            current_path.startswith(child.path),
        )
        for child in sections
    ]
    chrome.contact = frame.contact if frame else None

    above = frame.ancestors if frame else []
    chain = [p for p in above if isinstance(p, PortalPage)]
    chain.append(portal)
    chrome.national_portal = chain[0]
    chrome.parent_portal = chain[-2] if len(chain) > 1 else None
    return chrome
