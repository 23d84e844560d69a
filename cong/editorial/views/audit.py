"""The audit log of one portal (and the portals below it), on screen and as CSV."""

import csv

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from cong.core.tree import subtree_q
from cong.editorial.models import Role
from cong.editorial.roles import held_roles
from cong.network.models import PortalPage

CSV_BATCH = 2000


def user_can_audit(user, portal) -> bool:
    """Portal administrators (of this portal or one above) and its approvers."""
    if user.is_superuser:
        return True
    for _pid, path, role in held_roles(user):
        if role == Role.ADMIN and portal.path.startswith(path):
            return True
        if role == Role.APPROVER and portal.path == path:
            return True
    return False


def auditable_portals(user):
    if user.is_superuser:
        return PortalPage.objects.all()
    q = Q(pk__in=[])
    for _pid, path, role in held_roles(user):
        if role == Role.ADMIN:
            q |= Q(path=path) | subtree_q(path)
        elif role == Role.APPROVER:
            q |= Q(path=path)
    return PortalPage.objects.filter(q)


def entries_for(portal, params):
    scope = Q(audit_scope__portal_path=portal.path)
    if params.get("below", "1") != "0":
        scope |= subtree_q(portal.path, "audit_scope__portal_path")
    entries = PageLogEntry.objects.filter(scope).select_related("user", "audit_scope")
    if params.get("action"):
        entries = entries.filter(action=params["action"])
    if params.get("user"):
        entries = entries.filter(user__username=params["user"])
    if since := parse_date(params.get("since") or ""):
        entries = entries.filter(timestamp__date__gte=since)
    if until := parse_date(params.get("until") or ""):
        entries = entries.filter(timestamp__date__lte=until)
    return entries.order_by("-timestamp", "-pk")


def _row(entry):
    scope = getattr(entry, "audit_scope", None)
    user = entry.user
    return [
        timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
        user.get_username() if user else "",
        (user.get_full_name() or "") if user else "",
        entry.action,
        str(entry.message),
        entry.comment or "",
        entry.page_id,
        entry.label,
        scope.portal_title if scope else "",
        entry.revision_id or "",
    ]


CSV_HEADER = [
    "thoi_gian",
    "tai_khoan",
    "ho_ten",
    "hanh_dong",
    "mo_ta",
    "ghi_chu",
    "trang_id",
    "trang",
    "cong",
    "phien_ban",
]


class _Echo:
    def write(self, value):
        return value


def _csv_rows(entries):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow(CSV_HEADER)
    last = None
    while True:
        batch = entries
        if last is not None:
            batch = batch.filter(Q(timestamp__lt=last[0]) | Q(timestamp=last[0], pk__lt=last[1]))
        batch = list(batch[:CSV_BATCH])
        if not batch:
            return
        for entry in batch:
            yield writer.writerow(_row(entry))
        last = (batch[-1].timestamp, batch[-1].pk)


def audit_index(request):
    portals = auditable_portals(request.user).select_related("unit").order_by("path")
    if not request.user.is_superuser and not portals.exists():
        raise PermissionDenied
    query = (request.GET.get("q") or "").strip()
    if query:
        portals = portals.filter(title__icontains=query)
    page = Paginator(portals, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "editorial/admin/audit_index.html", {"portals": page, "query": query}
    )


def audit_log(request, portal_id):
    portal = get_object_or_404(PortalPage, pk=portal_id)
    if not user_can_audit(request.user, portal):
        raise PermissionDenied
    entries = entries_for(portal, request.GET)
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(_csv_rows(entries), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="nhat-ky-{portal.slug}-{stamp}.csv"'
        )
        return response
    page = Paginator(entries, 50).get_page(request.GET.get("p"))
    rows = [_row(entry) for entry in page]
    export_query = request.GET.copy()
    export_query["format"] = "csv"
    export_query.pop("p", None)
    return TemplateResponse(
        request,
        "editorial/admin/audit_log.html",
        {
            "portal": portal,
            "entries": page,
            "rows": rows,
            "export_query": export_query.urlencode(),
            "filters": request.GET,
            "title": _("Audit log"),
        },
    )
