"""manage.py portal_domain PORTAL HOSTNAME [--port N] [--remove]: serve a portal at its own host
name (a Wagtail Site rooted at the portal). The portal stays reachable by path under the
national host either way."""

from django.core.management.base import BaseCommand, CommandError

from cong.network.lookup import PortalNotFound, find_portal
from cong.network.sites import PortalDomainError, remove_portal_domain, set_portal_domain


class Command(BaseCommand):
    help = "Give a portal its own host name, or take it away (--remove)."

    def add_arguments(self, parser):
        parser.add_argument(
            "portal", help="path under the national host (ha-noi/phuong-ba-dinh), or unit code"
        )
        parser.add_argument("hostname", help="bare host name, e.g. hanoi.gov.vn")
        parser.add_argument("--port", type=int, default=80, help="port (default 80)")
        parser.add_argument("--remove", action="store_true", help="remove this host name")

    def handle(self, *args, portal, hostname, port, remove, **options):
        if not 1 <= port <= 65535:
            raise CommandError(f"--port {port} is not a TCP port")
        try:
            page = find_portal(portal)
            if remove:
                remove_portal_domain(page, hostname, port)
                self.stdout.write(
                    self.style.SUCCESS(f"{hostname}:{port} no longer serves {page.title}.")
                )
                return
            site, created = set_portal_domain(page, hostname, port)
        except (PortalNotFound, PortalDomainError) as exc:
            raise CommandError(str(exc)) from exc
        verb = "now serves" if created else "updated: serves"
        self.stdout.write(
            self.style.SUCCESS(
                f"{site.hostname}:{site.port} {verb} {page.title} "
                f"(also at /{page.url_path.split('/', 2)[-1]} under the national host)."
            )
        )
