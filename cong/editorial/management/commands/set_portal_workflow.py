from django.core.management.base import BaseCommand, CommandError

from cong.editorial.workflows import ONE_STEP, TWO_STEP, assign_workflow
from cong.network.lookup import PortalNotFound, find_portal


class Command(BaseCommand):
    help = "Choose a portal's approval process: two-step (editor, then approver) or one-step."

    def add_arguments(self, parser):
        parser.add_argument("portal", help="portal path or official unit code")
        parser.add_argument("kind", choices=[TWO_STEP, ONE_STEP])

    def handle(self, portal, kind, **options):
        try:
            target = find_portal(portal)
        except PortalNotFound as error:
            raise CommandError(str(error)) from error
        assign_workflow([target.pk], kind)
        self.stdout.write(f"{target.title}: {kind} approval.")
