"""The monthly rollup matches the dossiers, incrementally and when rebuilt, up the network."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cong.services import stats, workflow
from cong.services.models import ServiceStat, ServiceStatTree

from .factories import online_procedure

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def history(make_dossier, officers, small_network):
    """Dossiers over 2025 in two communes and the province, resolved on time, late,
    rejected, still open; some rated."""
    other = online_procedure(name="Đăng ký kết hôn", processing_days=1, handled_at=[1, 2])
    plan = [
        # (portal, procedure?, submitted, steps [(action, days later)], rating)
        ("badinh", None, datetime(2025, 1, 20, 9), [("assign", 0), ("start", 1), ("result", 2)], 5),
        (
            "badinh",
            None,
            datetime(2025, 1, 22, 9),
            [("assign", 0), ("start", 1), ("result", 30)],
            2,
        ),
        ("badinh", other, datetime(2025, 3, 3, 9), [("assign", 0), ("reject", 1)], None),
        ("hoankiem", None, datetime(2025, 3, 5, 9), [("assign", 0), ("start", 0)], None),
        (
            "hoankiem",
            other,
            datetime(2025, 4, 28, 9),
            [("assign", 0), ("start", 0), ("result", 1)],
            4,
        ),
        ("hanoi", other, datetime(2025, 6, 2, 9), [], None),
        ("badinh", None, datetime(2024, 12, 30, 9), [], None),  # open since last year
    ]
    people = {"assign": "hn_admin", "reject": "hn_admin"}
    for portal, procedure, submitted, steps, rating in plan:
        with time_machine.travel(submitted.replace(tzinfo=HCM), tick=False):
            dossier = make_dossier(portal, proc=procedure)
        for action, days in steps:
            when = (submitted + timedelta(days=days, hours=1)).replace(tzinfo=HCM)
            with time_machine.travel(when, tick=False):
                note = "Không đủ điều kiện" if action == "reject" else ""
                workflow.perform(
                    officers[people.get(action, "hn_admin")], dossier.pk, action, note=note
                )
        if rating:
            with time_machine.travel(when + timedelta(days=1), tick=False):
                dossier.refresh_from_db()
                assert workflow.rate(dossier, rating, "")
    return small_network["portals"]


def _totals(summary):
    line = summary.total
    return {
        "received": line.received,
        "resolved": line.resolved,
        "on_time": line.on_time,
        "late": line.late,
        "rejected": line.rejected,
        "ratings": line.ratings,
    }


@pytest.mark.parametrize("portal", ["nation", "hanoi", "badinh", "hoankiem"])
def test_rollup_matches_the_dossiers(history, portal):
    summary = stats.summarise(history[portal], 2025)
    direct = stats.direct_counts(history[portal], 2025)
    assert _totals(summary) == {k: v for k, v in direct.items() if k != "by_month"}
    by_month = {
        m.date().replace(day=1) if hasattr(m, "date") else m: n
        for m, n in direct["by_month"].items()
    }
    for number, line in enumerate(summary.months, start=1):
        assert line.received == sum(n for m, n in by_month.items() if m.month == number)


def test_network_rollup_and_figures(history):
    hanoi = stats.summarise(history["hanoi"], 2025)
    assert hanoi.total.received == 6 and hanoi.total.resolved == 3
    assert hanoi.total.on_time == 2 and hanoi.total.late == 1 and hanoi.total.rejected == 1
    # Open at the end of 2025: the one from 2024, Hoàn Kiếm's in processing, Hà Nội's own.
    assert hanoi.total.in_progress == 3
    assert hanoi.months[0].in_progress == 2  # Dec 2024's + the late one still open in January
    assert hanoi.total.satisfaction == round((5 + 2 + 4) / 3, 2)
    labels = {line.label for line in hanoi.units}
    assert labels == {"Thành phố Hà Nội", "Phường Ba Đình", "Phường Hoàn Kiếm"}
    badinh = stats.summarise(history["badinh"], 2025)
    assert badinh.total.received == 3 and badinh.total.late == 1
    assert stats.summarise(history["nation"], 2025).total.received == 6
    assert stats.summarise(history["hue"], 2025).total.received == 0
    nation_tree = ServiceStatTree.objects.filter(portal=history["nation"])
    assert sum(nation_tree.values_list("received", flat=True)) == 7  # 2024's one included


def test_rebuild_reproduces_the_incremental_rollup(history):
    def snapshot():
        return [
            sorted(
                model.objects.values_list(
                    "portal_id", "procedure_id", "month", *stats.COUNTERS, "portal_path"
                )
            )
            for model in (ServiceStat, ServiceStatTree)
        ]

    before = snapshot()
    assert before[1]  # the subtree rollup is kept too
    ServiceStat.objects.update(received=999)
    ServiceStatTree.objects.update(late=999)
    from django.core.management import call_command

    call_command("rebuild_service_stats")
    assert snapshot() == before


def test_statistics_page(client, history, sections):
    response = client.get(sections["hanoi"].url + "thong-ke/?nam=2025")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and 'role="img"' in body and "<title" in body
    assert "<caption>" in body and "Phường Hoàn Kiếm" in body
    assert "<script" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]
    commune = client.get(sections["badinh"].url + "thong-ke/?nam=2025").content.decode()
    assert "Phường Hoàn Kiếm" not in commune
    assert client.get(sections["nation"].url + "thong-ke/?nam=abc").status_code == 200
