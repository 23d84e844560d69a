"""The data tables the parser reads: document types, issuing bodies, fields. Edited in the
admin, seeded from cong/legal/data/*.json (manage.py load_legal_tables)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cong.core.text import slugify_vi


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]


class DocumentKind(models.TextChoices):
    NORMATIVE = "normative", _("Normative (legal) document")
    MIXED = "mixed", _("Normative or administrative")
    ADMINISTRATIVE = "administrative", _("Administrative document")
    JUDICIAL = "judicial", _("Judicial document")


class ShortForm(models.TextChoices):
    ALWAYS = "always", _("A number may follow the word directly (Nghị định 167)")
    IN_CONTEXT = (
        "in_context",
        _("Directly only when the next words are about a document (Công văn 41 của …)"),
    )
    WITH_SO = "with_so", _("Only with 'số' (Thông báo số 12)")
    NEVER = "never", _("Never without a full number")


class DocumentType(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)
    name_en = models.CharField(_("English name"), max_length=64, blank=True)
    code = models.CharField(
        _("abbreviation in numbers"),
        max_length=16,
        blank=True,
        help_text=_("As in 06/2013/QĐ-TTg: QĐ. Empty for laws and official letters."),
    )
    code_aliases = models.CharField(
        _("other abbreviations"), max_length=128, blank=True, help_text=_("Comma-separated.")
    )
    words = models.TextField(
        _("words in text"),
        blank=True,
        help_text=_("How articles name this type, comma-separated: nghị định, nghị đinh."),
    )
    generic_words = models.CharField(
        _("generic words"),
        max_length=128,
        blank=True,
        help_text=_("Words that mean 'a document' without saying which type (văn bản)."),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.NORMATIVE
    )
    short_form = models.CharField(
        _("short references"), max_length=16, choices=ShortForm.choices, default=ShortForm.WITH_SO
    )
    joint = models.BooleanField(
        _("joint"), default=False, help_text=_("Issued by several bodies (TTLT-BTC-BYT).")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def as_vocabulary_row(self) -> dict:
        return {
            "name": self.name,
            "code": self.code,
            "code_aliases": _split_list(self.code_aliases),
            "words": _split_list(self.words),
            "generic_words": _split_list(self.generic_words),
            "kind": self.kind,
            "short_form": self.short_form,
            "joint": self.joint,
        }


class Agency(models.Model):
    """An issuing body as numbers abbreviate it: a central agency (TTg, BYT) or a kind of local
    body (UBND). It may stand for one network unit, whose portal then lists its documents."""

    abbreviation = models.CharField(_("abbreviation"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    central = models.BooleanField(_("central agency"), default=True)
    aliases = models.CharField(
        _("other abbreviations"), max_length=255, blank=True, help_text=_("Comma-separated.")
    )
    unit = models.ForeignKey(
        "network.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agencies",
        verbose_name=_("administrative unit"),
        help_text=_("The unit whose portal lists this body's documents, if there is one."),
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        ordering = ["-central", "abbreviation"]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"

    def as_vocabulary_row(self) -> dict:
        return {
            "abbreviation": self.abbreviation,
            "name": self.name,
            "central": self.central,
            "aliases": _split_list(self.aliases),
        }


class Field(models.Model):
    """Lĩnh vực: the policy area a document belongs to."""

    name = models.CharField(_("name"), max_length=128, unique=True)
    slug = models.SlugField(_("slug"), max_length=128, unique=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name)
        super().save(*args, **kwargs)
