"""Issue, list and revoke portal-scoped API tokens (the admin does the same under
Settings → Interconnection → API tokens)."""

from django.core.management.base import BaseCommand, CommandError

from cong.api.models import ApiToken
from cong.network.lookup import PortalNotFound, find_portal


class Command(BaseCommand):
    help = "Issue (create), list or revoke API tokens for agencies' systems."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a token; prints it once.")
        create.add_argument("--portal", required=True, help="unit code or path, e.g. 01, ha-noi")
        create.add_argument("--role", choices=ApiToken.Role.values, default="contributor")
        create.add_argument("--name", required=True, help="which system will use it")
        sub.add_parser("list", help="List tokens (never their secret).")
        revoke = sub.add_parser("revoke", help="Revoke a token by id.")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, action, **options):
        if action == "create":
            try:
                portal = find_portal(options["portal"])
            except PortalNotFound as exc:
                raise CommandError(str(exc)) from exc
            token, plaintext = ApiToken.issue(
                name=options["name"], portal=portal, role=options["role"]
            )
            self.stderr.write(f"Token {token.pk} for {portal.title} ({token.role}); shown once:")
            self.stdout.write(plaintext)
        elif action == "list":
            for token in ApiToken.objects.select_related("portal"):
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
                self.stdout.write(
                    f"{token.pk}\t{token.prefix}…\t{token.name}\t{token.portal.title}\t"
                    f"{token.role}\t{state}"
                )
        else:
            token = ApiToken.objects.filter(pk=options["token_id"]).first()
            if token is None:
                raise CommandError(f"No token {options['token_id']}.")
            token.revoke()
            self.stdout.write(f"Revoked token {token.pk} ({token.name}).")
