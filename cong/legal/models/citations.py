"""Citations: which article cites which document (or a number not in the registry yet)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Citation(models.Model):
    LOCATIONS = [("title", _("title")), ("sapo", _("sapo")), ("body", _("body"))]

    article = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="legal_citations",
        verbose_name=_("article"),
    )
    document = models.ForeignKey(
        "legal.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citations",
        verbose_name=_("document"),
    )
    number = models.CharField(_("number as cited"), max_length=80)
    number_key = models.CharField(max_length=100, blank=True, db_index=True)
    type_name = models.CharField(_("type"), max_length=64, blank=True)
    seq = models.CharField(max_length=16, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=64, blank=True)
    kind = models.CharField(max_length=16, blank=True)
    article_number = models.CharField(_("article (Điều)"), max_length=8, blank=True)
    clause = models.CharField(_("clause (khoản)"), max_length=8, blank=True)
    point = models.CharField(_("point (điểm)"), max_length=4, blank=True)
    span = models.CharField(_("text"), max_length=255)
    location = models.CharField(max_length=8, choices=LOCATIONS, default="body")
    start = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["article_id", "location", "start"]
        indexes = [
            models.Index(fields=["document", "article"], name="legal_citation_doc_article"),
            models.Index(fields=["type_name", "seq"], name="legal_citation_type_seq"),
        ]

    def __str__(self):
        return f"{self.type_name} {self.number}".strip()

    @property
    def is_short(self) -> bool:
        return not self.number_key

    @property
    def anchor(self) -> str:
        return f"#dieu-{self.article_number}" if self.article_number else ""
