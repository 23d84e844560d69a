"""Citizens' forms. Everything typed is cleaned to NFC and never rendered as HTML."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cong.core.text import clean_text
from cong.network.models import PortalPage
from cong.news.models import Topic

from .abuse import AntiSpamForm
from .attachments import validate_attachment
from .models import DraftArticle, SubscriptionFrequency, SubscriptionKind
from .models.alerts import DOCUMENT_TYPES
from .privacy import normalise_phone


class CleanTextMixin:
    text_fields: tuple[str, ...] = ()

    def _clean_texts(self, cleaned):
        for name in self.text_fields:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = clean_text(cleaned[name])
        return cleaned


def _phone_field():
    return forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


def _validate_phone(value: str) -> str:
    if not value:
        return ""
    digits = normalise_phone(value)
    if not 9 <= len(digits) <= 12:
        raise forms.ValidationError(_("Enter a valid phone number."))
    return digits


class QuestionForm(CleanTextMixin, AntiSpamForm):
    spam_text_fields = ("title", "body")
    text_fields = ("name", "title", "body")

    name = forms.CharField(
        label=_("Full name"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = _phone_field()
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), empty_label=_("— choose a topic —")
    )
    unit = forms.ModelChoiceField(
        label=_("Agency to answer"),
        queryset=PortalPage.objects.none(),
        required=False,
        empty_label=_("— this portal's unit —"),
    )
    title = forms.CharField(label=_("Subject"), max_length=255)
    body = forms.CharField(
        label=_("Your question"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, JPEG, PNG or Word (.docx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}),
    )
    consent = forms.BooleanField(
        label=_(
            "The answer may be published on the portal (your name and contact details "
            "are never published)."
        ),
        required=False,
    )
    privacy = forms.BooleanField(
        label=_(
            "I agree that the unit processes my personal data to answer this question "
            "(Decree 13/2023/NĐ-CP)."
        ),
        required=True,
    )

    field_order = [
        "name",
        "email",
        "phone",
        "topic",
        "unit",
        "title",
        "body",
        "attachment",
        "consent",
        "privacy",
        "website",
        "stamp",
    ]

    def __init__(self, *args, portal=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A portal routes to itself or one of its direct subordinate units, nothing else: a
        # forged unit id is a validation error, not a question in a stranger's queue.
        self.portal = portal
        if portal is not None:
            self.fields["unit"].queryset = (
                PortalPage.objects.child_of(portal).live().order_by("title")
            )
        if not self.fields["unit"].queryset.exists():
            del self.fields["unit"]
        if not Topic.objects.exists():
            del self.fields["topic"]
        self.fields["body"].help_text = _(
            "Please do not include personal documents or ID numbers in the text."
        )

    def clean_phone(self):
        return _validate_phone(self.cleaned_data.get("phone", ""))

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        if uploaded:
            self.attachment_kind, self.attachment_type = validate_attachment(uploaded)
        return uploaded

    def clean(self):
        cleaned = self._clean_texts(super().clean())
        if (
            not cleaned.get("email")
            and not self.cleaned_data.get("phone")
            and not self.errors.get("phone")
        ):
            raise forms.ValidationError(
                _("Give an e-mail address or a phone number so we can reach you."),
                code="no_contact",
            )
        return cleaned

    def handling_portal(self):
        return self.cleaned_data.get("unit") or self.portal


class CommentForm(CleanTextMixin, AntiSpamForm):
    spam_text_fields = ("body",)
    text_fields = ("name", "organisation", "body")

    article = forms.ModelChoiceField(
        label=_("Comment on"),
        queryset=DraftArticle.objects.none(),
        required=False,
        empty_label=_("The whole draft"),
    )
    name = forms.CharField(
        label=_("Full name"), max_length=255, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = _phone_field()
    body = forms.CharField(
        label=_("Your comment"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    privacy = forms.BooleanField(
        label=_(
            "I agree that the unit processes my personal data for this consultation "
            "(Decree 13/2023/NĐ-CP)."
        ),
        required=True,
    )

    field_order = ["article", "name", "organisation", "email", "phone", "body", "privacy"]

    def __init__(self, *args, consultation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = DraftArticle.objects.filter(page=consultation)

    def clean_phone(self):
        return _validate_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        cleaned = self._clean_texts(super().clean())
        if (
            not cleaned.get("email")
            and not self.cleaned_data.get("phone")
            and not self.errors.get("phone")
        ):
            raise forms.ValidationError(
                _("Give an e-mail address or a phone number so we can reach you."),
                code="no_contact",
            )
        return cleaned


class SubscribeForm(AntiSpamForm):
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    kind = forms.ChoiceField(
        label=_("Send me"), choices=SubscriptionKind.choices, widget=forms.RadioSelect
    )
    portal = forms.ModelChoiceField(
        label=_("Portal"), queryset=PortalPage.objects.none(), required=False
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    document_type = forms.ChoiceField(
        label=_("Document type"), choices=[("", "—"), *DOCUMENT_TYPES], required=False
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=SubscriptionFrequency.choices,
        initial=SubscriptionFrequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )

    field_order = ["email", "kind", "portal", "topic", "document_type", "frequency"]

    def __init__(self, *args, context_portal=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The national portal, the provinces, and the portal the visitor came from (with its
        # parents): a short list, whatever the size of the network.
        portals = PortalPage.objects.live().filter(unit__level__lte=1)
        if context_portal is not None:
            chain = PortalPage.objects.live().filter(
                path__in=[
                    context_portal.path[:i] for i in range(4, len(context_portal.path) + 1, 4)
                ]
            )
            portals = portals | chain
            self.fields["portal"].initial = context_portal.pk
        self.fields["portal"].queryset = portals.distinct().order_by("path")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        needed = {
            SubscriptionKind.PORTAL: "portal",
            SubscriptionKind.DIRECTIVES: "portal",
            SubscriptionKind.TOPIC: "topic",
            SubscriptionKind.DOCUMENT_TYPE: "document_type",
        }.get(kind)
        if needed and not cleaned.get(needed):
            self.add_error(needed, _("Choose what to subscribe to."))
        return cleaned
