"""Legal and administrative documents: the record Decree 42/2022/NĐ-CP asks every portal to
publish, its files and its relations to other documents."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from cong.core.text import clean_text, fold
from cong.legal.files import extract_text, kind_of_file, validate_document_file
from cong.legal.numbers import NumberError, number_slug, parse_number


class Status(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    PARTLY_EXPIRED = "partly_expired", _("Partly expired")
    NOT_YET = "not_yet", _("Not yet in force")


def started_on(day, prefix: str = "") -> Q:
    """In force by `day`: from its effective date, or from its issue date when it has none."""
    return Q(**{f"{prefix}effective_on__lte": day}) | Q(
        **{f"{prefix}effective_on__isnull": True, f"{prefix}issued_on__lte": day}
    )


class DocumentQuerySet(models.QuerySet):
    def with_replacement(self, today=None):
        """Annotate `is_replaced`: a document in force replaces this one."""
        today = today or timezone.localdate()
        replaced = DocumentRelation.objects.filter(
            started_on(today, "source__"), target=OuterRef("pk"), kind=RelationKind.REPLACES
        )
        return self.annotate(is_replaced=Exists(replaced))

    def with_status(self, status: str, today=None):
        """Documents whose status (override, else computed from the dates) is `status`."""
        today = today or timezone.localdate()
        qs = self.with_replacement(today)
        computed = Q(status_override="")
        expired = Q(expires_on__lte=today) | Q(is_replaced=True)
        not_yet = Q(effective_on__gt=today)
        started = started_on(today)
        if status == Status.EXPIRED:
            rule = computed & expired
        elif status == Status.NOT_YET:
            rule = computed & not_yet & ~expired
        elif status == Status.IN_FORCE:
            rule = computed & started & ~expired
        else:
            rule = Q(pk__in=[])
        return qs.filter(rule | Q(status_override=status))


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("amends")
    REPLACES = "replaces", _("replaces")
    GUIDES = "guides", _("guides")
    IMPLEMENTS = "implements", _("implements")


INVERSE_LABELS = {
    RelationKind.AMENDS: _("amended by"),
    RelationKind.REPLACES: _("replaced by"),
    RelationKind.GUIDES: _("guided by"),
    RelationKind.IMPLEMENTS: _("implemented by"),
}


class Document(index.Indexed, ClusterableModel):
    number = models.CharField(
        _("number and symbol"),
        max_length=80,
        help_text=_("As printed: 06/2013/QĐ-TTg, 6085/QĐ-BYT, 28-NQ/TW."),
    )
    number_key = models.CharField(max_length=100, editable=False, db_index=True)
    slug = models.SlugField(max_length=110, editable=False)
    seq = models.PositiveIntegerField(editable=False, default=0)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="Year in the number, else of issue."
    )
    kind = models.CharField(max_length=16, editable=False, blank=True)

    document_type = models.ForeignKey(
        "legal.DocumentType",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("type"),
        null=True,
        blank=True,
        help_text=_("Left empty, it is read from the number."),
    )
    issuer = models.ForeignKey(
        "legal.Agency",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        help_text=_("Left empty, it is read from the number."),
    )
    co_issuers = models.ManyToManyField(
        "legal.Agency", blank=True, related_name="joint_documents", verbose_name=_("co-issuers")
    )
    unit = models.ForeignKey(
        "network.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_documents",
        verbose_name=_("issuing unit"),
        help_text=_(
            "The unit whose portal lists the document (a province for its People's Committee). "
            "Empty for central documents, listed by the national portal."
        ),
    )
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    signer_position = models.CharField(_("position of the signer"), max_length=255, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    expires_on = models.DateField(_("in force until"), null=True, blank=True)
    status_override = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        blank=True,
        help_text=_("Leave empty to compute it from the dates and replacing documents."),
    )
    field = models.ForeignKey(
        "legal.Field",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        verbose_name=_("field"),
    )
    abstract = models.TextField(
        _("abstract"), help_text=_("Trích yếu: what the document is about.")
    )
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("number"),
                FieldRowPanel([FieldPanel("document_type"), FieldPanel("field")]),
                FieldRowPanel([FieldPanel("issuer"), FieldPanel("co_issuers")]),
                FieldPanel("unit"),
            ],
            _("Identification"),
        ),
        FieldPanel("abstract"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("signer"), FieldPanel("signer_position")])],
            _("Signature"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("issued_on"), FieldPanel("effective_on"), FieldPanel("expires_on")]
                ),
                FieldPanel("status_override"),
            ],
            _("Dates and status"),
        ),
        InlinePanel("files", label=_("Files")),
        InlinePanel("relations", label=_("Relations to other documents")),
    ]

    search_fields = [
        index.SearchField("number", boost=3),
        index.AutocompleteField("number"),
        index.SearchField("abstract", boost=2),
        index.SearchField("signer"),
        index.RelatedFields("files", [index.SearchField("text")]),
        index.FilterField("document_type"),
        index.FilterField("unit"),
        index.FilterField("year"),
        index.FilterField("issued_on"),
    ]

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "slug"], name="legal_document_unit_slug_unique"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(unit__isnull=True),
                name="legal_document_central_slug_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["document_type", "seq", "year"], name="legal_doc_type_seq_year"),
            models.Index(fields=["unit", "-issued_on"], name="legal_doc_unit_issued"),
        ]

    def __str__(self):
        type_name = self.document_type.name if self.document_type_id else ""
        return f"{type_name} {self.number}".strip()

    # -- the number ---------------------------------------------------------------------------

    def parsed_number(self):
        return parse_number(self.number)

    def clean(self):
        super().clean()
        try:
            parsed = parse_number(self.number)
        except NumberError as error:
            raise ValidationError({"number": str(error)}) from error
        self.number = parsed.text
        self.fill_from_number(parsed)
        if self.effective_on and self.expires_on and self.expires_on <= self.effective_on:
            raise ValidationError({"expires_on": _("The end of validity must be after the start.")})
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            raise ValidationError(
                {"effective_on": _("A document cannot be in force before it is issued.")}
            )
        clash = Document.objects.filter(unit=self.unit, slug=self.compute_slug()).exclude(
            pk=self.pk
        )
        if clash.exists():
            raise ValidationError(
                {"number": _("This registry already has %(number)s.") % {"number": self.number}}
            )

    def fill_from_number(self, parsed) -> None:
        """Type and issuer from the number, where the editor left them empty."""
        from cong.legal.models.tables import Agency, DocumentType

        if not self.document_type_id and parsed.type_name:
            self.document_type = DocumentType.objects.filter(name=parsed.type_name).first()
        if not self.issuer_id and parsed.issuers:
            self.issuer = Agency.objects.filter(abbreviation=parsed.issuers[0]).first()
        if self.unit_id is None and self.issuer_id and self.issuer.unit_id:
            self.unit_id = self.issuer.unit_id

    def compute_slug(self) -> str:
        """The number's slug; numbers without a year (administrative numbering restarts every
        year) get the year of issue: 6085-qd-byt-2019."""
        slug = number_slug(self.number)
        try:
            has_year = bool(parse_number(self.number).year)
        except NumberError:
            has_year = False
        if not has_year and self.issued_on:
            slug = f"{slug}-{self.issued_on.year}"
        return slug

    def save(self, *args, **kwargs):
        self.number = clean_text(self.number)
        self.abstract = clean_text(self.abstract)
        try:
            parsed = parse_number(self.number)
        except NumberError:
            parsed = None
        if parsed:
            self.number = parsed.text
            self.number_key = parsed.key
            self.seq = parsed.seq_int
            self.year = parsed.year or (self.issued_on.year if self.issued_on else None)
            self.kind = parsed.kind or ""
        else:
            self.number_key = number_slug(self.number)
        self.slug = self.compute_slug()
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        pieces = [self.number, self.number_key.replace("-", " "), self.abstract, self.signer]
        if self.document_type_id:
            pieces.append(self.document_type.name)
        if self.issuer_id:
            pieces += [self.issuer.name, self.issuer.abbreviation]
        return fold(" ".join(p for p in pieces if p)).lower()

    # -- status -------------------------------------------------------------------------------

    @property
    def status(self) -> str:
        if self.status_override:
            return self.status_override
        today = timezone.localdate()
        if self.expires_on and self.expires_on <= today:
            return Status.EXPIRED
        if self.is_replaced_on(today):
            return Status.EXPIRED
        if self.effective_on and self.effective_on > today:
            return Status.NOT_YET
        if self.effective_on or (self.issued_on and self.issued_on <= today):
            return Status.IN_FORCE
        return ""

    def get_status_display(self) -> str:
        return Status(self.status).label if self.status else ""

    def is_replaced_on(self, day) -> bool:
        flag = getattr(self, "is_replaced", None)
        if flag is not None:
            return flag
        return self.incoming_relations.filter(
            started_on(day, "source__"), kind=RelationKind.REPLACES
        ).exists()

    # -- where it lives -----------------------------------------------------------------------

    def get_url(self, request=None) -> str | None:
        from cong.legal.registry import document_url

        return document_url(self, request)

    @property
    def url(self) -> str | None:
        return self.get_url()

    def relations_both_ways(self) -> list[tuple[str, "Document"]]:
        """(label, other document) for what this document does and what is done to it."""
        rows = [
            (RelationKind(r.kind).label, r.target)
            for r in self.relations.select_related("target__document_type")
        ]
        rows += [
            (INVERSE_LABELS[RelationKind(r.kind)], r.source)
            for r in self.incoming_relations.select_related("source__document_type")
        ]
        return rows


def document_upload_path(instance, filename):
    return f"legal/{timezone.now():%Y/%m}/{filename}"


class DocumentFile(Orderable):
    document = ParentalKey(Document, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_path,
        max_length=255,
        validators=[validate_document_file],
        help_text=_("PDF, DOC or DOCX."),
    )
    file_kind = models.CharField(max_length=8, editable=False, blank=True)
    size = models.PositiveBigIntegerField(editable=False, default=0)
    text = models.TextField(editable=False, blank=True)

    panels = [FieldPanel("title"), FieldPanel("file")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.title or self.file.name

    def save(self, *args, **kwargs):
        if self.file and (not self.file_kind or getattr(self.file, "_committed", True) is False):
            self.file_kind = kind_of_file(self.file) or ""
            self.size = self.file.size
            self.file.seek(0)
            self.text = extract_text(self.file.read(), self.file_kind)
            self.file.seek(0)
        super().save(*args, **kwargs)


class DocumentRelation(Orderable):
    source = ParentalKey(Document, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)
    target = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="incoming_relations",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("kind"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("relation")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"], name="legal_relation_unique"
            ),
        ]

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError(_("A document cannot relate to itself."))
