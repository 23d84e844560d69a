"""The dossier form, built from the procedure's field definitions and papers (no code per
procedure), and the tracking and rating forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cong.citizens.abuse import AntiSpamForm
from cong.citizens.attachments import validate_attachment
from cong.citizens.privacy import normalise_phone
from cong.core.text import clean_text

from .codes import normalise_code
from .models import FieldKind


def _field_for(definition) -> forms.Field:
    common = {
        "label": definition.label,
        "required": definition.required,
        "help_text": definition.help_text,
    }
    kind = definition.kind
    if kind == FieldKind.TEXTAREA:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common)
    if kind == FieldKind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == FieldKind.NUMBER:
        return forms.DecimalField(**common)
    if kind == FieldKind.EMAIL:
        return forms.EmailField(**common)
    if kind == FieldKind.CHOICE:
        options = [c.strip() for c in definition.choices.splitlines() if c.strip()]
        return forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in options], **common)
    return forms.CharField(max_length=500, **common)


class DossierForm(AntiSpamForm):
    applicant_name = forms.CharField(label=_("Full name"), max_length=255)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    def __init__(self, *args, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.definitions = list(procedure.form_fields.all())
        self.papers = list(procedure.papers.all())
        for definition in self.definitions:
            self.fields[definition.name] = _field_for(definition)
        for paper in self.papers:
            self.fields[f"paper_{paper.pk}"] = forms.FileField(
                label=paper.name,
                required=paper.upload_required,
                help_text=_("PDF, JPEG, PNG or Word (.docx)."),
            )
        self.file_kinds = {}

    def paper_fields(self):
        return [self[f"paper_{paper.pk}"] for paper in self.papers]

    def answer_fields(self):
        return [self[d.name] for d in self.definitions]

    def clean_applicant_name(self):
        return clean_text(self.cleaned_data["applicant_name"])

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data.get("phone", ""))
        if phone and not 9 <= len(phone) <= 11:
            raise ValidationError(_("Enter a valid phone number."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone"):
            raise ValidationError(
                _("Give an e-mail address or a phone number to follow the dossier.")
            )
        for paper in self.papers:
            uploaded = cleaned.get(f"paper_{paper.pk}")
            if uploaded:
                try:
                    self.file_kinds[paper.pk] = validate_attachment(uploaded)
                except ValidationError as error:
                    self.add_error(f"paper_{paper.pk}", error)
        return cleaned

    def answers(self) -> dict:
        """{label: value as text}, kept with the dossier even if the definitions change."""
        result = {}
        for definition in self.definitions:
            value = self.cleaned_data.get(definition.name)
            if value not in (None, ""):
                text = value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value)
                result[definition.label] = clean_text(text)
        return result

    def draft_data(self) -> dict:
        """What a draft keeps: every text value typed so far, unvalidated (files are not kept)."""
        names = ["applicant_name", "email", "phone"] + [d.name for d in self.definitions]
        return {name: clean_text(self.data.get(name, ""))[:5000] for name in names}


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Dossier code"), max_length=40)
    contact = forms.CharField(label=_("Phone or e-mail given with the dossier"), max_length=255)

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])

    def clean_contact(self):
        value = self.cleaned_data["contact"].strip()
        return value.lower() if "@" in value else normalise_phone(value)


class RatingForm(TrackForm):
    score = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
