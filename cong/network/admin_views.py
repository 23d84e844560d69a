"""Administrative units in the Wagtail admin: a listing with filters and accent-insensitive
search, edit forms, and a chooser used for every foreign key to a unit."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from cong.network.models import Unit, valid_on


def _distinct(field):
    def choices():
        values = Unit.objects.order_by(field).values_list(field, flat=True).distinct()
        return [(value, value) for value in values]

    return choices


class UnitFilterSet(WagtailFilterSet):
    scheme = django_filters.ChoiceFilter(label=_("hierarchy"), choices=_distinct("scheme"))
    level = django_filters.ChoiceFilter(label=_("level"), choices=_distinct("level"))
    unit_type = django_filters.ChoiceFilter(label=_("type"), choices=_distinct("unit_type"))
    current = django_filters.BooleanFilter(label=_("Current"), method="filter_current")

    class Meta:
        model = Unit
        fields = ["scheme", "level", "unit_type"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(valid_on()) if value else queryset.exclude(valid_on())


class UnitIndexView(generic.IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.search(self.search_query)


class UnitViewSet(ModelViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Administrative units")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "network/units"
    name = "units"
    index_view_class = UnitIndexView
    filterset_class = UnitFilterSet
    search_fields = ["name", "code"]
    search_backend_name = None
    inspect_view_enabled = True
    list_per_page = 50
    list_display = [
        "name",
        "code",
        "unit_type",
        "level",
        Column("parent", label=_("parent unit")),
        "scheme",
        BooleanColumn("is_current", label=_("Current")),
    ]
    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("scheme"), FieldPanel("code")]), FieldPanel("name")],
            _("Identity"),
        ),
        FieldPanel("name_en"),
        FieldRowPanel([FieldPanel("unit_type"), FieldPanel("level")]),
        FieldPanel("parent"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                FieldPanel("successor"),
            ],
            _("Validity"),
        ),
    ]

    def get_queryset(self, request):
        return Unit.objects.select_related("parent")


class UnitSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Name or code")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.search(query)
        return objects


class _UnitChooseMixin:
    filter_form_class = UnitSearchForm

    @property
    def columns(self):
        return [
            *super().columns,
            Column("code", label=_("official code")),
            Column("unit_type", label=_("type")),
            Column("parent", label=_("parent unit")),
        ]

    def get_object_list(self):
        return Unit.objects.select_related("parent").order_by("scheme", "level", "code")


class UnitChooseView(_UnitChooseMixin, ChooseView):
    pass


class UnitChooseResultsView(_UnitChooseMixin, ChooseResultsView):
    pass


class UnitChooserViewSet(ChooserViewSet):
    model = Unit
    icon = "site"
    choose_view_class = UnitChooseView
    choose_results_view_class = UnitChooseResultsView
    choose_one_text = _("Choose an administrative unit")
    choose_another_text = _("Choose another unit")
    edit_item_text = _("Edit this unit")
    per_page = 30


unit_viewset = UnitViewSet()
unit_chooser_viewset = UnitChooserViewSet("unit_chooser")
