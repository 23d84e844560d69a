from django.http import JsonResponse

from cong.network.models import PortalPage

from .. import abuse
from ..similar import similar_questions


def similar(request):
    try:
        abuse.check_ip(request, "similar")
    except abuse.RateLimited:
        return JsonResponse({"results": []}, status=429)
    text = (request.GET.get("q") or "")[:500]
    portal_id = request.GET.get("portal", "")
    portal = PortalPage.objects.filter(pk=int(portal_id)).first() if portal_id.isdigit() else None
    results = [
        {"title": q.public_title, "url": q.public_url(), "unit": q.portal.title}
        for q in similar_questions(text, portal)
    ]
    return JsonResponse({"results": [r for r in results if r["url"]]})
