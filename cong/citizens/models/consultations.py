"""Lấy ý kiến dự thảo: a unit publishes a draft with a comment period; people comment on the
whole draft or one article; comments are moderated; at the close a summary and the unit's
response are published."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from cong.core.models import BasePage


class ConsultationIndexPage(BasePage):
    """The portal's list of drafts open (and closed) for comment."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["network.PortalPage"]
    subpage_types = ["citizens.ConsultationPage"]
    template = "citizens/consultation_index_page.html"

    class Meta:
        verbose_name = _("consultations section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        drafts = ConsultationPage.objects.child_of(self).live().order_by("-closes_at")
        now = timezone.now()
        context["open_drafts"] = [d for d in drafts if d.opens_at <= now < d.closes_at]
        context["closed_drafts"] = [d for d in drafts if d.closes_at <= now]
        return context


class ConsultationPage(RoutablePageMixin, BasePage):
    summary = models.TextField(_("summary"), blank=True)
    intro = RichTextField(_("introduction"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("full draft (file)"),
    )
    opens_at = models.DateTimeField(_("comments open at"), default=timezone.now)
    closes_at = models.DateTimeField(_("comments close at"))
    response = RichTextField(
        _("the unit's response"),
        blank=True,
        help_text=_("Published with the summary once the comment period has closed."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("document"),
        MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], _("Comment period")),
        InlinePanel("articles", label=_("Articles of the draft")),
        FieldPanel("response"),
    ]
    parent_page_types = ["citizens.ConsultationIndexPage"]
    subpage_types: list[str] = []
    template = "citizens/consultation_page.html"

    class Meta:
        verbose_name = _("draft for consultation")
        verbose_name_plural = _("drafts for consultation")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The period must close after it opens.")})

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def is_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    @path("")
    def index_route(self, request):
        from ..views.consultations import consultation

        return consultation(request, self)

    @path("tong-hop-csv/", name="summary_csv")
    def summary_csv_route(self, request):
        from ..views.consultations import summary_csv

        return summary_csv(request, self)

    @path("tong-hop-pdf/", name="summary_pdf")
    def summary_pdf_route(self, request):
        from ..views.consultations import summary_pdf

        return summary_pdf(request, self)


class DraftArticle(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="articles")
    label = models.CharField(_("number"), max_length=64, help_text=_("e.g. Điều 1"))
    heading = models.CharField(_("heading"), max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)

    panels = [FieldPanel("label"), FieldPanel("heading"), FieldPanel("text")]

    def __str__(self):
        return f"{self.label}. {self.heading}" if self.heading else self.label


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Comment(models.Model):
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="comments"
    )
    # Denormalised so a unit's moderation queue is one indexed filter.
    portal = models.ForeignKey(
        "network.PortalPage", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    article = models.ForeignKey(
        DraftArticle,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name=_("article"),
    )
    # What the article was called when commented on, in case editors later remove it.
    article_label = models.CharField(max_length=320, blank=True)
    author_name = models.CharField(_("full name"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    body = models.TextField(_("comment"))
    status = models.CharField(
        _("status"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["portal", "status", "-created_at"], name="comment_queue"),
            models.Index(fields=["consultation", "status"], name="comment_consultation"),
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def target_label(self) -> str:
        return self.article_label or str(_("The whole draft"))
