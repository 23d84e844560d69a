"""Thủ tục hành chính: the procedures catalogue, with the online form each procedure asks for."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from cong.core.text import clean_text, fold


class ServiceField(models.Model):
    """Lĩnh vực: hộ tịch, đất đai, đăng ký kinh doanh…"""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")

    def __str__(self):
        return self.name


class LifeEvent(models.Model):
    """Sự kiện cuộc sống: có con nhỏ, kết hôn, khởi nghiệp…"""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self):
        return self.name


class OnlineLevel(models.TextChoices):
    INFORMATION = "information", _("Information only")
    PARTIAL = "partial", _("Partly online")
    FULL = "full", _("Fully online")


class Procedure(index.Indexed, ClusterableModel):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        ServiceField, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field")
    )
    life_events = ParentalManyToManyField(
        LifeEvent, blank=True, related_name="procedures", verbose_name=_("life events")
    )
    handling_body = models.CharField(
        _("handling body"),
        max_length=255,
        help_text=_("E.g. Ủy ban nhân dân cấp xã; Sở Tư pháp."),
    )
    unit = models.ForeignKey(
        "network.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("only for this unit"),
        help_text=_("Leave empty for a procedure every unit of its levels handles."),
    )
    steps = models.TextField(_("steps"), blank=True, help_text=_("One step per line."))
    fees = models.CharField(_("fees"), max_length=500, blank=True)
    processing_days = models.PositiveSmallIntegerField(_("processing time (working days)"))
    legal_basis = models.TextField(
        _("legal basis"), blank=True, help_text=_("One document per line, its number first.")
    )
    legal_documents = ParentalManyToManyField(
        "legal.Document", blank=True, related_name="procedures", editable=False
    )
    online_level = models.CharField(
        _("online level"), max_length=16, choices=OnlineLevel.choices, default=OnlineLevel.FULL
    )
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("field"),
        FieldPanel("life_events"),
        InlinePanel("levels", label=_("Levels that handle it"), min_num=1),
        FieldPanel("handling_body"),
        FieldPanel("unit"),
        FieldPanel("steps"),
        InlinePanel("papers", label=_("Required papers")),
        FieldPanel("fees"),
        FieldPanel("processing_days"),
        FieldPanel("legal_basis"),
        FieldPanel("online_level"),
        MultiFieldPanel(
            [InlinePanel("form_fields", label=_("Form fields"))], heading=_("Online form")
        ),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("code")]

    class Meta:
        ordering = ["field__name", "name"]
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        for name in ("code", "name", "handling_body", "steps", "fees", "legal_basis"):
            setattr(self, name, clean_text(getattr(self, name)))
        self.search_text = fold(f"{self.code} {self.name}").lower()
        super().save(*args, **kwargs)
        self.link_legal_documents()

    def link_legal_documents(self):
        from cong.legal.lookup import find_documents_by_number

        found = []
        for line in self.legal_basis.splitlines():
            number = line.strip().split(" ")[0].strip(",;:") if line.strip() else ""
            if not number:
                continue
            documents = find_documents_by_number(number)
            if documents is not None:
                found += list(documents.values_list("pk", flat=True)[:1])
        self.legal_documents.set(found)
        self.legal_documents.commit()  # a parental relation is kept in memory until committed

    @property
    def url_code(self) -> str:
        """The code as it appears in URLs (Wagtail's paths allow no dot)."""
        return self.code.replace(".", "_")

    @property
    def is_online(self) -> bool:
        return self.online_level == OnlineLevel.FULL

    def step_list(self) -> list[str]:
        return [s.strip() for s in self.steps.splitlines() if s.strip()]

    def level_numbers(self) -> list[int]:
        return sorted(level.level for level in self.levels.all())


class ProcedureLevel(Orderable):
    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(
        _("level"), help_text=_("A unit level of the network: 0 = central, then one per level.")
    )

    panels = [FieldPanel("level")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["procedure", "level"], name="procedure_level_once")
        ]


class ProcedurePaper(Orderable):
    """A paper the citizen provides; `required_online` ones must be uploaded with the dossier."""

    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="papers")
    name = models.CharField(_("paper"), max_length=500)
    copies = models.CharField(_("copies"), max_length=100, blank=True)
    template = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("template to download"),
    )
    upload_required = models.BooleanField(_("must be uploaded online"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("copies"),
        FieldPanel("template"),
        FieldPanel("upload_required"),
    ]

    def __str__(self):
        return self.name


class FieldKind(models.TextChoices):
    TEXT = "text", _("Short text")
    TEXTAREA = "textarea", _("Long text")
    DATE = "date", _("Date")
    NUMBER = "number", _("Number")
    EMAIL = "email", _("E-mail")
    CHOICE = "choice", _("Choice")


class FormFieldDefinition(Orderable):
    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="form_fields")
    label = models.CharField(_("label"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=FieldKind.choices)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line."))
    help_text = models.CharField(_("help text"), max_length=255, blank=True)

    panels = [
        FieldPanel("label"),
        FieldPanel("kind"),
        FieldPanel("required"),
        FieldPanel("choices"),
        FieldPanel("help_text"),
    ]

    def __str__(self):
        return self.label

    @property
    def name(self) -> str:
        return f"f{self.pk}"
