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
        tagging): evaluated once per page object instead of two queries each time."""
        restrictions = self.__dict__.get("_cong_view_restrictions")
        if restrictions is None:
            restrictions = super().get_view_restrictions()
            len(restrictions)  # evaluate now; later iterations and .exists() reuse the rows
            self.__dict__["_cong_view_restrictions"] = restrictions
        return restrictions

    @cached_property
    def owning_portal(self):
        """The nearest PortalPage at or above this page (None above the national portal)."""
        from cong.network.models import PortalPage

        if isinstance(self, PortalPage):
            return self
        ancestor_paths = [self.path[:i] for i in range(Page.steplen, len(self.path), Page.steplen)]
        return (
            PortalPage.objects.filter(path__in=ancestor_paths)
            .select_related("unit")
            .order_by("-depth")
            .first()
        )

    @cached_property
    def breadcrumbs(self):
        """Live ancestors below the tree root, top down: the way down the network."""
        return list(self.get_ancestors().filter(depth__gt=1).live().specific(defer=True))

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
