"""The catalogue: procedures searchable and browsable by field, level, unit and life event."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404

from cong.core.text import fold
from cong.network.models import Unit

from ..models import LifeEvent, OnlineLevel, Procedure, ServiceField
from .common import render_page


def code_from_url(value: str) -> str:
    """Wagtail serves paths of word characters and hyphens: "1.001193" travels as "1_001193"."""
    return value.replace("_", ".")


def level_choices() -> list[tuple[int, str]]:
    """The network's levels as data: each level named by the unit types found at it."""
    names: dict[int, set[str]] = {}
    for level, unit_type in Unit.objects.values_list("level", "unit_type").distinct():
        names.setdefault(level, set()).add(unit_type)
    return [(level, " / ".join(sorted(names[level]))) for level in sorted(names)]


def accepts_online(procedure, portal) -> bool:
    """May a dossier for `procedure` be filed with `portal`'s unit?"""
    unit = portal.unit
    if not procedure.is_online or unit is None:
        return False
    if procedure.unit_id and procedure.unit_id != unit.pk:
        return False
    return unit.level in procedure.level_numbers()


def catalogue(request, page):
    procedures = Procedure.objects.select_related("field").prefetch_related("levels")
    query = request.GET.get("q", "").strip()
    if query:
        procedures = procedures.filter(search_text__contains=fold(query).lower())
    field_slug = request.GET.get("linh-vuc", "")
    if field_slug:
        procedures = procedures.filter(field__slug=field_slug)
    event_slug = request.GET.get("su-kien", "")
    if event_slug:
        procedures = procedures.filter(life_events__slug=event_slug)
    level = request.GET.get("cap", "")
    if level.isdigit():
        procedures = procedures.filter(levels__level=int(level))
    unit_id = request.GET.get("don-vi", "")
    if unit_id.isdigit():
        unit = Unit.objects.filter(pk=int(unit_id)).first()
        if unit is not None:
            procedures = procedures.filter(
                Q(unit=unit) | Q(unit__isnull=True, levels__level=unit.level)
            )
    online = request.GET.get("truc-tuyen", "")
    if online in OnlineLevel.values:
        procedures = procedures.filter(online_level=online)
    procedures = procedures.distinct().order_by("field__name", "name")
    current = Paginator(procedures, 20).get_page(request.GET.get("trang"))
    return render_page(
        request,
        page,
        "services/catalogue.html",
        {
            "procedures": current,
            "query": query,
            "fields": ServiceField.objects.all(),
            "events": LifeEvent.objects.all(),
            "levels": level_choices(),
            "online_levels": OnlineLevel.choices,
            "selected": {
                "field": field_slug,
                "event": event_slug,
                "level": level,
                "online": online,
            },
        },
    )


def procedure_detail(request, page, code):
    procedure = (
        Procedure.objects.select_related("field", "unit")
        .prefetch_related("levels", "papers__template", "legal_documents", "life_events")
        .filter(code=code_from_url(code))
        .first()
    )
    if procedure is None:
        raise Http404
    levels = dict(level_choices())
    return render_page(
        request,
        page,
        "services/procedure.html",
        {
            "procedure": procedure,
            "level_names": [levels.get(n, str(n)) for n in procedure.level_numbers()],
            "can_submit": accepts_online(procedure, page.owning_portal),
        },
    )
