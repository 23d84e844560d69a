"""Author submits → editor reviews → approver publishes, with rejection and notifications."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from cong.editorial.tests.helpers import article_form_data
from cong.editorial.workflows import ONE_STEP, assign_workflow
from cong.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(small_network, people):
    return ArticlePageFactory(
        parent=small_network["sections"]["badinh"]["news"],
        title="Phường Ba Đình ra quân làm sạch đường phố",
        slug="ra-quan",
        live=False,
        owner=people["author"],
    )


def submit(client, page):
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form_data(page, **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")


def act(client, page, action, comment=None):
    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    data = {"comment": comment} if comment is not None else {}
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk]), data
    )


def test_two_step_approval_publishes(login, people, draft):
    author = login(people["author"])
    state = submit(author, draft)
    assert state.current_task_state.task.specific.role == "editor"
    assert {m.to[0] for m in mail.outbox} >= {"bt_badinh@example.vn"}
    assert "bt_hoankiem@example.vn" not in {m.to[0] for m in mail.outbox}

    # Another commune's editor sees nothing to review and cannot act.
    other = login(people["other_editor"])
    assert draft.title not in other.get(reverse("wagtailadmin_home")).content.decode()
    act(other, draft, "approve")
    draft.refresh_from_db()
    assert not draft.live
    state.refresh_from_db()
    assert state.current_task_state.task.specific.role == "editor"

    editor = login(people["editor"])
    assert draft.title in editor.get(reverse("wagtailadmin_home")).content.decode()
    act(editor, draft, "approve", comment="Đã biên tập")
    draft.refresh_from_db()
    assert not draft.live, "an editor's approval does not publish"
    state.refresh_from_db()
    assert state.current_task_state.task.specific.role == "approver"

    # The editor cannot take the approver's step.
    act(editor, draft, "approve")
    draft.refresh_from_db()
    assert not draft.live

    approver = login(people["approver"])
    act(approver, draft, "approve")
    draft.refresh_from_db()
    assert draft.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_rejection_with_reason_goes_back_to_author(login, people, draft):
    submit(login(people["author"]), draft)
    mail.outbox.clear()
    act(login(people["editor"]), draft, "reject", comment="Thiếu nguồn tin")
    state = WorkflowState.objects.get(object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.get(workflow_state=state, status=TaskState.STATUS_REJECTED)
    assert rejected.get_comment() == "Thiếu nguồn tin"
    assert "pv_badinh@example.vn" in {m.to[0] for m in mail.outbox}
    draft.refresh_from_db()
    assert not draft.live


def test_author_cannot_publish_directly(login, people, draft):
    author = login(people["author"])
    author.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        article_form_data(draft, **{"action-publish": "action-publish"}),
    )
    draft.refresh_from_db()
    assert not draft.live


def test_commune_may_approve_in_one_step(login, people, draft, small_network):
    assign_workflow([small_network["portals"]["badinh"].pk], ONE_STEP)
    submit(login(people["author"]), draft)
    act(login(people["approver"]), draft, "approve")
    draft.refresh_from_db()
    assert draft.live


def test_portal_admin_screen_switches_workflow(login, people, small_network):
    portal = small_network["portals"]["badinh"]
    admin = login(people["province_admin"])
    response = admin.post(
        reverse("editorial_portal_roles", args=[portal.pk]), {"workflow": ONE_STEP}
    )
    assert response.status_code == 302
    assert portal.get_workflow().name.startswith("Một bước")
