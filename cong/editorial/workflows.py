"""The two approval workflows every portal chooses from, shared network-wide.

Steps are `PortalRoleTask`s: reviewers are resolved from the page's own portal, so one pair of
workflows serves every portal and the portal only records which one it uses (a `WorkflowPage`
row on the portal page)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from cong.editorial.models import PortalRoleTask, Role

TWO_STEP = "two-step"
ONE_STEP = "one-step"
WORKFLOW_CHOICES = [
    (TWO_STEP, _("Two steps: editor reviews, approver publishes")),
    (ONE_STEP, _("One step: approver publishes")),
]
# Names are data (shown in the admin whatever the UI language).
_WORKFLOW_NAMES = {
    TWO_STEP: "Hai bước: biên tập → lãnh đạo duyệt",
    ONE_STEP: "Một bước: lãnh đạo duyệt",
}
_TASK_NAMES = {Role.EDITOR: "Biên tập xem xét", Role.APPROVER: "Lãnh đạo duyệt đăng"}
_STEPS = {TWO_STEP: [Role.EDITOR, Role.APPROVER], ONE_STEP: [Role.APPROVER]}


@transaction.atomic
def ensure_workflows() -> dict[str, Workflow]:
    tasks = {}
    for role, name in _TASK_NAMES.items():
        tasks[role], _created = PortalRoleTask.objects.get_or_create(
            role=role, defaults={"name": name, "active": True}
        )
    workflows = {}
    for kind, name in _WORKFLOW_NAMES.items():
        workflow, created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
        if created:
            for order, role in enumerate(_STEPS[kind]):
                WorkflowTask.objects.create(workflow=workflow, task=tasks[role], sort_order=order)
        workflows[kind] = workflow
    return workflows


def assign_workflow(portal_ids: Iterable[int], kind: str = TWO_STEP, *, replace=True) -> int:
    """Make the portals use the `kind` workflow. With replace=False, portals that already have
    one keep it (used when seeding). Returns the number of portals changed."""
    if kind not in _STEPS:
        raise ValueError(f"Unknown workflow '{kind}': choose {', '.join(_STEPS)}.")
    workflow = ensure_workflows()[kind]
    portal_ids = list(portal_ids)
    with transaction.atomic():
        if replace:
            WorkflowPage.objects.filter(page_id__in=portal_ids).exclude(workflow=workflow).delete()
        have = set(
            WorkflowPage.objects.filter(page_id__in=portal_ids).values_list("page_id", flat=True)
        )
        rows = [
            WorkflowPage(page_id=pid, workflow=workflow) for pid in portal_ids if pid not in have
        ]
        WorkflowPage.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def workflow_kind(portal) -> str | None:
    row = WorkflowPage.objects.filter(page=portal).select_related("workflow").first()
    if row is None:
        return None
    names = {name: kind for kind, name in _WORKFLOW_NAMES.items()}
    return names.get(row.workflow.name)
