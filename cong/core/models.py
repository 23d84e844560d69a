"""What every public page shares: SEO fields, JSON-LD, breadcrumbs, the owning portal."""

import json

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page


class BasePage(Page):
    """Abstract base of every public page type."""

    seo_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("social sharing image"),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("seo_image"),
            ],
            _("For search engines and social networks"),
        ),
    ]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Asked twice for every served page (Wagtail's access check, the page cache's
        tagging): evaluated once per page object, and not at all (no query) when no page at
        or above this one carries a restriction."""
        from wagtail.models import PageViewRestriction

        from cong.core import frames

        restrictions = self.__dict__.get("_cong_view_restrictions")
        if restrictions is None:
            if frames.may_be_restricted(self.path):
                restrictions = super().get_view_restrictions()
                len(restrictions)  # evaluate now; later iterations and .exists() reuse the rows
            else:
                restrictions = PageViewRestriction.objects.none()
            self.__dict__["_cong_view_restrictions"] = restrictions
        return restrictions

    @cached_property
    def portal_frame(self):
        """What this page shares with every page of its portal (`cong.core.frames`)."""
        from cong.core import frames

        found = frames.frame_for_page(self)
        if found is not None:
            found.lend_to(self)
        return found

    @cached_property
    def owning_portal(self):
        """The nearest PortalPage at or above this page (None above the national portal)."""
        from cong.network.models import PortalPage

        if isinstance(self, PortalPage):
            return self
        return self.portal_frame.portal if self.portal_frame else None

    @cached_property
    def breadcrumbs(self):
        """Live ancestors below the tree root, top down: the way down the network. The part
        down to the portal and its sections comes from the portal's frame; only pages deeper
        than a section cost a query."""
        frame = self.portal_frame
        if frame is None:
            return list(self.get_ancestors().filter(depth__gt=1).live().specific(defer=True))
        portal = frame.portal
        if self.path == portal.path:
            return list(frame.ancestors)
        trail = [*frame.ancestors, portal] if portal.live else list(frame.ancestors)
        between = [
            self.path[:i]
            for i in range(len(portal.path) + Page.steplen, len(self.path), Page.steplen)
        ]
        if not between:
            return trail
        section = next((c for c in frame.children if c.path == between[0]), None)
        if section is None:  # not (yet) in the frame: read the whole way down
            deeper = between
        else:
            if section.live:
                trail.append(section)
            deeper = between[1:]
        if deeper:
            trail.extend(
                Page.objects.filter(path__in=deeper).live().order_by("path").specific(defer=True)
            )
        return trail

    def get_meta_description(self) -> str:
        return self.search_description or ""

    def json_ld(self) -> dict:
        data = {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": self.seo_title or self.title,
            "url": self.full_url,
            "inLanguage": "vi",
        }
        if self.get_meta_description():
            data["description"] = self.get_meta_description()
        if self.breadcrumbs:
            data["breadcrumb"] = {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": i, "name": p.title, "item": p.full_url}
                    for i, p in enumerate([*self.breadcrumbs, self], start=1)
                ],
            }
        return data

    def json_ld_script(self) -> str:
        payload = json.dumps(self.json_ld(), ensure_ascii=False)
        return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
