from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from cong.api.models import ApiToken, ExternalRecord
from cong.news.models import ArticlePage

ARTICLE = {
    "title": "Hà Nội triển khai chuyển đổi số",
    "sapo": "Thành phố đẩy mạnh dịch vụ công trực tuyến.",
    "body": [
        {"type": "paragraph", "value": "<p>Nội dung <b>chính</b><script>alert(1)</script></p>"},
        {"type": "subheading", "value": "Kết quả"},
        {"type": "quote", "value": "Phục vụ người dân", "attribution": "Chủ tịch UBND"},
    ],
    "topics": ["kinh-te"],
    "tags": ["chuyển đổi số"],
}


def _put(client, token, external_id, payload):
    return client.put(
        f"/api/v1/external/articles/{external_id}",
        data=payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_tokens_are_stored_hashed_and_revocable(api_network, client):
    token, plaintext = ApiToken.issue(name="x", portal=api_network["portals"]["hue"], role="editor")
    assert plaintext not in token.key_hash and token.prefix in plaintext
    assert ApiToken.authenticate(plaintext) == token
    token.revoke()
    assert ApiToken.authenticate(plaintext) is None
    response = _put(client, plaintext, "a1", ARTICLE)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_draft_is_created_once_and_not_live(client, token_for):
    token = token_for(role="contributor")
    response = _put(client, token, "vb-2025-001", {**ARTICLE, "action": "draft"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and data["created"] and data["url"] is None
    page = ArticlePage.objects.get(pk=data["id"])
    assert not page.live and page.portal.slug == "ha-noi"
    draft = page.get_latest_revision_as_object()
    assert draft.title == ARTICLE["title"]
    body_html = str(draft.body)
    assert "<b>chính</b>" in body_html and "<script>" not in body_html
    assert [t.slug for t in draft.topics.all()] == ["kinh-te"]
    again = _put(client, token, "vb-2025-001", {**ARTICLE, "action": "draft"})
    assert again.status_code == 200
    assert again.json()["changed"] is False and again.json()["revision_id"] == data["revision_id"]
    assert ExternalRecord.objects.count() == 1
    assert ArticlePage.objects.filter(title=ARTICLE["title"]).count() == 1


def test_publish_then_update_then_withdraw(client, token_for):
    token = token_for(role="publisher")
    created = _put(client, token, "tin-1", {**ARTICLE, "action": "publish"}).json()
    assert created["status"] == "live" and created["url"].endswith(
        "/ha-noi/tin-tuc/ha-noi-trien-khai-chuyen-doi-so/"
    )
    updated = _put(client, token, "tin-1", {**ARTICLE, "title": "Tiêu đề mới", "action": "publish"})
    assert updated.status_code == 200 and updated.json()["changed"]
    page = ArticlePage.objects.get(pk=created["id"])
    assert page.title == "Tiêu đề mới" and page.live
    withdraw = client.post(
        "/api/v1/external/articles/tin-1/withdraw", headers={"Authorization": f"Bearer {token}"}
    )
    assert withdraw.status_code == 200 and withdraw.json()["status"] == "withdrawn"
    page.refresh_from_db()
    assert not page.live
    status = client.get(
        "/api/v1/external/articles/tin-1", headers={"Authorization": f"Bearer {token}"}
    )
    assert status.json()["status"] == "withdrawn"


def test_roles_limit_actions(client, token_for):
    contributor = token_for(role="contributor")
    response = _put(client, contributor, "x1", {**ARTICLE, "action": "publish"})
    assert response.status_code == 403
    assert response.json()["type"].endswith("/forbidden")
    editor = token_for(role="editor")
    assert (
        client.post(
            "/api/v1/external/articles/x1/withdraw", headers={"Authorization": f"Bearer {editor}"}
        ).status_code
        == 403
    )


def test_tokens_only_see_their_own_portal(client, token_for):
    hanoi = token_for("hanoi")
    hue = token_for("hue")
    _put(client, hanoi, "same-id", {**ARTICLE, "action": "publish"})
    response = client.get(
        "/api/v1/external/articles/same-id", headers={"Authorization": f"Bearer {hue}"}
    )
    assert response.status_code == 404
    created = _put(client, hue, "same-id", {**ARTICLE, "action": "draft"})
    assert created.status_code == 201
    assert ArticlePage.objects.get(pk=created.json()["id"]).portal.slug == "hue"


def test_submit_starts_the_approval_workflow(client, token_for, api_network):
    workflow = Workflow.objects.create(name="Duyệt tin")
    task = GroupApprovalTask.objects.create(name="Lãnh đạo duyệt")
    task.groups.set([Group.objects.create(name="Lãnh đạo")])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(
        page=api_network["portals"]["hanoi"], defaults={"workflow": workflow}
    )
    response = _put(client, token_for(role="editor"), "cho-duyet", {**ARTICLE, "action": "submit"})
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "in_moderation"
    page = ArticlePage.objects.get(pk=response.json()["id"])
    assert page.workflow_in_progress and not page.live


def test_submit_without_workflow_is_a_validation_problem(client, token_for):
    WorkflowPage.objects.all().delete()
    response = _put(
        client, token_for(role="editor"), "khong-quy-trinh", {**ARTICLE, "action": "submit"}
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["body", "action"]
    assert not ArticlePage.objects.filter(title=ARTICLE["title"]).exists()


def test_validation_errors_are_problem_details(client, token_for):
    token = token_for()
    response = _put(client, token, "bad", {"title": "", "body": [{"type": "video", "value": "x"}]})
    assert response.status_code == 422
    problem = response.json()
    assert (
        problem["status"] == 422
        and problem["title"] == "Unprocessable Content"
        or problem["title"] == "Unprocessable Entity"
    )
    locs = [e["loc"] for e in problem["errors"]]
    assert ["body", "payload", "title"] in locs or any("title" in loc for loc in locs)
    unknown = _put(client, token, "bad2", {**ARTICLE, "topics": ["khong-ton-tai"]})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "topics"]
    level = _put(client, token, "bad3", {**ARTICLE, "directive_scope": "level"})
    assert level.status_code == 422
    assert ArticlePage.objects.filter(title=ARTICLE["title"]).count() == 0
