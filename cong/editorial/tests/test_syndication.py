"""Content moves between levels by decision: push down, propose up, accept/decline, withdraw."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from cong.editorial.models import Proposal, ProposalStatus
from cong.editorial.tests.helpers import article_form_data
from cong.news import queries
from cong.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def directive_ids(portal):
    return {a.pk for a in queries.directives_for(portal)}


def feed(client, portal):
    return client.get(reverse("cong-feed-directives-rss", args=[portal.pk])).content.decode()


def publish_edit(client, page, **fields):
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form_data(page, **fields, **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 302, re.findall(
        r'class="error-message"[^>]*>(.*?)</', response.content.decode(), re.S
    ) or re.findall(r"w-field__errors.*?</", response.content.decode(), re.S)


# --- push down ---------------------------------------------------------------------------


def test_push_down_to_all_subordinates_then_withdraw(
    client, login, people, articles, small_network
):
    portals = small_network["portals"]
    directive = articles["hanoi"]
    publish_edit(login(people["province_approver"]), directive, directive_scope="all")
    directive.refresh_from_db()
    assert directive.directive_scope == "all" and directive.live
    for key in ("badinh", "hoankiem"):
        assert directive.pk in directive_ids(portals[key])
        assert directive.title in feed(client, portals[key])
        home = client.get(portals[key].url).content.decode()
        assert directive.title in home and directive.url in home  # links to the origin
    assert directive.pk not in directive_ids(portals["hue"])
    assert directive.pk not in directive_ids(portals["nation"])

    # Withdrawn at the origin (unpublished): gone from every portal and feed at once.
    approver = login(people["province_approver"])
    response = approver.post(reverse("wagtailadmin_pages:unpublish", args=[directive.pk]))
    assert response.status_code == 302
    for key in ("badinh", "hoankiem"):
        assert directive.pk not in directive_ids(portals[key])
        assert directive.title not in feed(client, portals[key])


def test_push_down_to_chosen_units_and_to_one_level(login, people, articles, small_network):
    portals = small_network["portals"]
    directive = articles["nation"]
    nation_approver = login(people["province_approver"])  # no role on the national portal
    response = nation_approver.post(
        reverse("wagtailadmin_pages:edit", args=[directive.pk]),
        article_form_data(directive, directive_scope="all", **{"action-publish": "1"}),
    )
    assert response.status_code in (302, 403)
    directive.refresh_from_db()
    assert directive.directive_scope == ""

    directive = articles["hanoi"]
    publish_edit(
        login(people["province_approver"]),
        directive,
        directive_scope="units",
        directive_units=[portals["hoankiem"].unit_id],
    )
    assert directive.pk in directive_ids(portals["hoankiem"])
    assert directive.pk not in directive_ids(portals["badinh"])

    publish_edit(
        login(people["province_approver"]), directive, directive_scope="level", directive_level="2"
    )
    assert directive.pk in directive_ids(portals["badinh"])
    assert directive.pk in directive_ids(portals["hoankiem"])


def test_push_down_refuses_a_level_at_or_above_the_origin(login, people, articles):
    directive = articles["hanoi"]
    response = login(people["province_approver"]).post(
        reverse("wagtailadmin_pages:edit", args=[directive.pk]),
        article_form_data(
            directive, directive_scope="level", directive_level="1", **{"action-publish": "1"}
        ),
    )
    assert response.status_code == 200  # the form comes back with the error
    directive.refresh_from_db()
    assert directive.directive_scope == ""


def test_commune_cannot_push_down_even_with_a_forged_post(login, people, articles, small_network):
    article = articles["badinh"]
    publish_edit(login(people["approver"]), article, directive_scope="all")
    article.refresh_from_db()
    assert article.directive_scope == "", "the disabled field ignores what is posted"


# --- propose up --------------------------------------------------------------------------


def refused(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def propose(client, article, note="Đề nghị đăng lại"):
    return client.post(reverse("editorial_propose", args=[article.pk]), {"note": note})


def decide(client, proposal, decision, **data):
    return client.post(reverse("editorial_decide", args=[proposal.pk, decision]), data)


def test_propose_accept_credited_to_the_commune_then_withdraw(
    client, login, people, articles, small_network
):
    portals = small_network["portals"]
    article = articles["badinh"]
    editor = login(people["editor"])
    assert editor.get(reverse("editorial_propose", args=[article.pk])).status_code == 200
    assert propose(editor, article).status_code == 302
    proposal = Proposal.objects.get(article=article)
    assert (proposal.from_portal, proposal.to_portal) == (portals["badinh"], portals["hanoi"])
    assert proposal.status == ProposalStatus.PENDING
    assert "bt_hanoi@example.vn" in {to for m in mail.outbox for to in m.to}
    assert article.pk not in {a.pk for a in queries.own_articles(portals["hanoi"])}

    # The province editor sees it in the inbox; another commune's editor cannot decide it.
    province = login(people["province_editor"])
    assert article.title in province.get(reverse("editorial_proposals")).content.decode()
    assert refused(decide(login(people["other_editor"]), proposal, "accept"))
    assert refused(decide(editor, proposal, "accept")), "not for the proposer"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING

    mail.outbox.clear()
    assert decide(province, proposal, "accept").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by == people["province_editor"]
    assert "bt_badinh@example.vn" in {to for m in mail.outbox for to in m.to}
    listed = {a.pk: a for a in queries.own_news(portals["hanoi"])}
    assert article.pk in listed
    assert listed[article.pk].portal == portals["badinh"], "credited to the commune"
    home = client.get(portals["hanoi"].url).content.decode()
    assert article.title in home and article.url in home
    # Not pushed anywhere else.
    assert article.pk not in {a.pk for a in queries.own_articles(portals["hue"])}

    # Withdrawn by the commune: it leaves the province's listings.
    assert refused(decide(login(people["other_editor"]), proposal, "withdraw"))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert decide(editor, proposal, "withdraw").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert article.pk not in {a.pk for a in queries.own_articles(portals["hanoi"])}


def test_unpublishing_an_accepted_article_removes_it_from_the_province(
    login, people, articles, small_network
):
    article = articles["badinh"]
    propose(login(people["editor"]), article)
    decide(login(people["province_editor"]), Proposal.objects.get(article=article), "accept")
    assert article.pk in {a.pk for a in queries.own_articles(small_network["portals"]["hanoi"])}
    ArticlePage.objects.get(pk=article.pk).unpublish()
    assert article.pk not in {a.pk for a in queries.own_articles(small_network["portals"]["hanoi"])}


def test_decline_needs_a_reason_and_tells_the_proposer(login, people, articles):
    article = articles["badinh"]
    propose(login(people["editor"]), article)
    proposal = Proposal.objects.get(article=article)
    province = login(people["province_editor"])
    decide(province, proposal, "decline", reason="   ")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    mail.outbox.clear()
    decide(province, proposal, "decline", reason="Nội dung chưa phù hợp cấp tỉnh")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.reason == "Nội dung chưa phù hợp cấp tỉnh"
    assert any("Nội dung chưa phù hợp" in m.body for m in mail.outbox)
    # It can be proposed again later.
    propose(login(people["editor"]), article, note="Đã bổ sung")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING


def test_cannot_propose_another_portals_article(login, people, articles):
    assert refused(propose(login(people["editor"]), articles["hoankiem"]))
    assert not Proposal.objects.exists()
