"""Demo content for the public services, called by `manage.py seed_demo`: the demo procedures
(fixtures/procedures.jsonl) and a Dịch vụ công section on the national portal, one province
and one of its communes. Idempotent."""

from pathlib import Path

from cong.citizens.demo import _child

from .importing import import_file
from .models import ServiceIndexPage
from .workdays import seed_calendar

FIXTURE = Path(__file__).parent / "fixtures" / "procedures.jsonl"
SLUG = "dich-vu-cong"


def seed_services_demo(stdout=None) -> dict:
    from cong.network.lookup import PortalNotFound, national_portal
    from cong.network.models import PortalPage

    report = import_file(FIXTURE)
    seed_calendar(range(2024, 2031))
    try:
        national = national_portal()
    except PortalNotFound:
        national = None
    portals = [national] if national else []
    province = PortalPage.objects.filter(unit__code="01").first() or (
        PortalPage.objects.child_of(national).order_by("path").first() if national else None
    )
    if province is not None:
        portals.append(province)
        commune = PortalPage.objects.child_of(province).order_by("path").first()
        if commune is not None:
            portals.append(commune)
    sections = []
    for portal in portals:
        section, _new = _child(
            portal,
            ServiceIndexPage,
            SLUG,
            title="Dịch vụ công trực tuyến",
            intro="<p>Tra cứu thủ tục hành chính, nộp hồ sơ trực tuyến, theo dõi hồ sơ bằng "
            "mã được cấp khi nộp.</p>",
        )
        sections.append(section)
    if stdout is not None:
        stdout.write(
            f"Public services: {report.created} procedures imported; sections at "
            + ", ".join(s.url for s in sections)
        )
    return {"procedures": report.created, "sections": sections}
