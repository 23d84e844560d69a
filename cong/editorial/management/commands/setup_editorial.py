import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from cong.editorial.roles import create_portal_roles
from cong.editorial.workflows import TWO_STEP, assign_workflow, ensure_workflows
from cong.network.models import PortalPage

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Create the role groups and assign the approval workflow for every portal that lacks "
        "them (idempotent; seeding does this already through the portals_created signal)."
    )

    def handle(self, **options):
        ensure_workflows()
        ids = list(PortalPage.objects.order_by("path").values_list("pk", flat=True))
        groups = workflows = 0
        with tqdm(total=len(ids), unit="portal", file=sys.stderr) as bar:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                groups += create_portal_roles(chunk)
                workflows += assign_workflow(chunk, TWO_STEP, replace=False)
                bar.update(len(chunk))
        self.stdout.write(
            f"{len(ids)} portals: {groups} role groups created, {workflows} workflows assigned."
        )
