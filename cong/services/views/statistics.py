"""Public statistics of a portal and everything below it, from the monthly rollup."""

from django.utils import timezone
from django.utils.translation import gettext as _

from ..charts import bar_chart
from ..stats import summarise
from .common import render_page


def statistics(request, page):
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("nam", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), this_year + 1)
    portal = page.owning_portal
    summary = summarise(portal, year)
    chart = bar_chart(
        [line.label[:2] for line in summary.months],
        [
            (_("Received"), "#1f5fa8", [line.received for line in summary.months]),
            (_("Resolved on time"), "#2e7d32", [line.on_time for line in summary.months]),
            (_("Resolved late"), "#b3261e", [line.late for line in summary.months]),
        ],
        title=_("Dossiers per month, %(year)s") % {"year": year},
        description=_(
            "Received, resolved on time and resolved late for each month; the same "
            "figures are in the table below."
        ),
    )
    return render_page(
        request,
        page,
        "services/statistics.html",
        {
            "summary": summary,
            "chart": chart,
            "year": year,
            "years": range(this_year - 4, this_year + 1),
        },
    )
