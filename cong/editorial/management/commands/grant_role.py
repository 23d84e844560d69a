from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.log_actions import log

from cong.editorial.models import Role
from cong.editorial.roles import grant_role, revoke_role
from cong.network.lookup import PortalNotFound, find_portal

ROLE_ALIASES = {
    "author": Role.AUTHOR,
    "phong-vien": Role.AUTHOR,
    "phongvien": Role.AUTHOR,
    "editor": Role.EDITOR,
    "bien-tap": Role.EDITOR,
    "bientap": Role.EDITOR,
    "approver": Role.APPROVER,
    "lanh-dao": Role.APPROVER,
    "lanh-dao-duyet": Role.APPROVER,
    "admin": Role.ADMIN,
    "quan-tri": Role.ADMIN,
}


class Command(BaseCommand):
    help = (
        "Give USER the ROLE (author|editor|approver|admin) on PORTAL (its path such as "
        "ha-noi/phuong-ba-dinh, or its unit code such as 00004). --revoke takes it away."
    )

    def add_arguments(self, parser):
        parser.add_argument("user", help="username or e-mail")
        parser.add_argument("role", help="author, editor, approver or admin")
        parser.add_argument("portal", help="portal path or official unit code")
        parser.add_argument("--revoke", action="store_true", help="remove the role instead")

    def handle(self, user, role, portal, revoke=False, **options):
        users = get_user_model().objects.all()
        account = users.filter(username=user).first() or users.filter(email__iexact=user).first()
        if account is None:
            raise CommandError(
                f"No user '{user}'. Create it first (manage.py createsuperuser or the admin)."
            )
        role_value = ROLE_ALIASES.get(role.strip().lower())
        if role_value is None:
            raise CommandError(f"Unknown role '{role}': choose author, editor, approver or admin.")
        try:
            target = find_portal(portal)
        except PortalNotFound as error:
            raise CommandError(str(error)) from error
        if revoke:
            changed = revoke_role(account, role_value, target)
            verb = "removed from" if changed else "did not hold"
        else:
            changed = grant_role(account, role_value, target)
            verb = "is now" if changed else "already was"
        if changed:
            log(
                instance=target,
                action="cong.role.revoke" if revoke else "cong.role.grant",
                data={"username": account.get_username(), "role": role_value},
            )
        label = Role(role_value).label
        self.stdout.write(
            f"{account.get_username()} {verb} {label} of {target.title} ({target.url_path})."
        )
