"""The administrative network: units as the State defines them, and one portal page per unit."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cong.core.models import BasePage
from cong.core.text import fold


def valid_on(on=None, prefix: str = "") -> models.Q:
    """Validity condition on a date (today by default); `prefix` reaches a unit through a
    relation, e.g. "unit__"."""
    on = on or timezone.localdate()
    return (
        models.Q(**{f"{prefix}valid_from__isnull": True})
        | models.Q(**{f"{prefix}valid_from__lte": on})
    ) & (
        models.Q(**{f"{prefix}valid_to__isnull": True}) | models.Q(**{f"{prefix}valid_to__gt": on})
    )


class UnitQuerySet(models.QuerySet):
    def current(self, on=None):
        """Units valid on a date (today by default)."""
        return self.filter(valid_on(on))

    def search(self, query: str):
        """Name or code matches, with or without Vietnamese accents ('ba dinh' finds Ba Đình)."""
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(
            models.Q(name__icontains=query)
            | models.Q(name_ascii__icontains=fold(query).lower())
            | models.Q(code__iexact=query)
        )


class Unit(models.Model):
    """An administrative unit or agency: the Government, a province, a commune, a ministry.

    Levels and types are data: level 0 is the centre and each level below adds one, whatever
    the hierarchy (four levels in 2015, three since 1 July 2025). Units are never deleted: a
    merged or dissolved unit gets `valid_to` and, where known, its successor.
    """

    scheme = models.CharField(
        _("hierarchy"),
        max_length=32,
        default="vn-2025",
        help_text=_("Which administrative hierarchy the code belongs to, e.g. vn-2025."),
    )
    code = models.CharField(_("official code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    # Lower-case, accent-free copy of the name for searching without diacritics.
    name_ascii = models.CharField(max_length=255, blank=True, editable=False)
    unit_type = models.CharField(
        _("type"), max_length=64, help_text=_("tỉnh, thành phố, xã, phường, đặc khu, Bộ, …")
    )
    level = models.PositiveSmallIntegerField(_("level"), help_text=_("0 = central"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["scheme", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="unit_scheme_code_unique"),
        ]
        indexes = [models.Index(fields=["scheme", "level"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_ascii = fold(self.name).lower()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_ascii"}
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_to is None or self.valid_to > today
        )

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A unit cannot be its own parent.")})
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("The end date must be after the start date.")})


class PortalPageQuerySet(PageQuerySet):
    def current(self, on=None):
        """Portals of units valid on a date. A retired unit keeps its portal (its URLs and
        archive stay online) but directories and menus list only current ones."""
        return self.filter(valid_on(on, prefix="unit__"))


class PortalPage(BasePage):
    """The home page of one unit's portal. Portal pages mirror the unit tree."""

    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, related_name="portal", verbose_name=_("unit")
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("unit"),
        FieldPanel("tagline"),
        FieldPanel("intro"),
    ]

    parent_page_types = ["wagtailcore.Page", "network.PortalPage"]
    subpage_types = [
        "network.PortalPage",
        "network.AboutPage",
        "network.ContactPage",
        "news.NewsIndexPage",
        "news.DirectiveIndexPage",
        "legal.DocumentIndexPage",
        "citizens.QuestionIndexPage",
        "citizens.ConsultationIndexPage",
    ]
    search_fields = [*Page.search_fields, index.SearchField("tagline")]

    objects = PageManager.from_queryset(PortalPageQuerySet)()

    class Meta:
        verbose_name = _("portal")
        verbose_name_plural = _("portals")

    def route(self, request, path_components):
        from cong.network.routing import route_down

        return route_down(self, request, path_components)

    route.routes_by_url_path = True

    # Public rendering: the home page's blocks and the unit as a GovernmentOrganization.
    def get_context(self, request, *args, **kwargs):
        from cong.news.queries import home_listings

        context = super().get_context(request, *args, **kwargs)
        context.update(home_listings(self, request))
        return context

    def json_ld(self) -> dict:
        from cong.core.jsonld import graph, organization

        return graph(super().json_ld(), organization(self))


class AboutPage(BasePage):
    """Giới thiệu: the organisation information Decree 42/2022/NĐ-CP requires, with English."""

    functions = RichTextField(_("functions and duties"), blank=True)
    structure = RichTextField(_("organisational structure"), blank=True)
    history = RichTextField(_("history"), blank=True)
    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    body_en = RichTextField(_("English version"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("functions"),
        FieldPanel("structure"),
        InlinePanel("leaders", label=_("Leaders")),
        FieldPanel("history"),
        MultiFieldPanel([FieldPanel("title_en"), FieldPanel("body_en")], _("English version")),
    ]
    parent_page_types = ["network.PortalPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("organisation information")


class Leader(Orderable):
    page = ParentalKey(AboutPage, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("phone"), FieldPanel("email")]


class ContactPage(BasePage):
    """Liên hệ: how to reach the unit."""

    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    hotline = models.CharField(_("hotline"), max_length=64, blank=True)
    fax = models.CharField(_("fax"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=255, blank=True)
    notes = RichTextField(_("notes"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("hotline"),
        FieldPanel("fax"),
        FieldPanel("email"),
        FieldPanel("office_hours"),
        FieldPanel("notes"),
    ]
    parent_page_types = ["network.PortalPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("contact page")
