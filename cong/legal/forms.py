"""The registry list's filter form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cong.legal.models import Agency, DocumentType, Field, Status
from cong.legal.registry import DEFAULT_SORT

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("number", _("By type and number")),
    ("effective", _("By date in force")),
]


class DocumentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Number or words"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. a number like 42/2022/NĐ-CP")}
        ),
    )
    type = forms.ModelChoiceField(
        label=_("Type"), queryset=DocumentType.objects.none(), required=False
    )
    issuer = forms.ModelChoiceField(
        label=_("Issuing body"), queryset=Agency.objects.none(), required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any"))] + list(Status.choices), required=False
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def __init__(self, data=None, *, documents=None, **kwargs):
        super().__init__(data, **kwargs)
        documents = documents if documents is not None else None
        types = DocumentType.objects.all()
        issuers = Agency.objects.all()
        fields = Field.objects.all()
        years = []
        if documents is not None:
            types = types.filter(documents__in=documents).distinct()
            issuers = issuers.filter(documents__in=documents).distinct()
            fields = fields.filter(documents__in=documents).distinct()
            years = sorted({y for y in documents.values_list("year", flat=True) if y}, reverse=True)
        self.fields["type"].queryset = types
        self.fields["issuer"].queryset = issuers
        self.fields["field"].queryset = fields
        self.fields["year"].choices = [("", _("Any"))] + [(y, str(y)) for y in years]
        self.fields["sort"].initial = DEFAULT_SORT

    def filters(self) -> dict:
        """Cleaned filters, or none at all when the query string is invalid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        return {}
