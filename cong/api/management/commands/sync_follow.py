"""Set up sync from either end: follow another installation's directive stream (receiver), or
register a receiver to push our stream to by webhook (sender)."""

import secrets

from django.core.management.base import BaseCommand, CommandError

from cong.api.models import StreamSubscription, WebhookSubscription
from cong.network.lookup import PortalNotFound, find_portal


class Command(BaseCommand):
    help = "Follow a remote directive stream, or add a webhook subscriber to ours."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="side", required=True)
        follow = sub.add_parser("follow", help="receiver: follow a remote portal's directives")
        follow.add_argument("--source-url", required=True, help="e.g. https://chinhphu.vn")
        follow.add_argument("--source-portal", required=True, help="remote unit code, e.g. VN")
        follow.add_argument("--local-portal", required=True, help="our portal that receives")
        follow.add_argument("--secret", help="shared webhook secret (generated if omitted)")
        follow.add_argument("--name", default="")
        push = sub.add_parser("push", help="sender: push a portal's directives to a receiver")
        push.add_argument("--portal", required=True, help="our portal whose directives are sent")
        push.add_argument("--url", required=True, help="the receiver's webhook URL")
        push.add_argument("--secret", required=True)
        push.add_argument("--name", default="")

    def handle(self, *args, side, **options):
        try:
            portal = find_portal(options["local_portal" if side == "follow" else "portal"])
        except PortalNotFound as exc:
            raise CommandError(str(exc)) from exc
        secret = options["secret"] or secrets.token_urlsafe(32)
        if side == "follow":
            subscription = StreamSubscription.objects.create(
                name=options["name"] or f"{options['source_portal']} @ {options['source_url']}",
                source_url=options["source_url"],
                source_portal=options["source_portal"],
                local_portal=portal,
                secret=secret,
            )
            self.stdout.write(
                f"Subscription {subscription.pk}. Webhook URL for the sender: "
                f"<this site>/api/v1/sync/webhooks/{subscription.pk}  secret: {secret}"
            )
        else:
            subscription = WebhookSubscription.objects.create(
                name=options["name"] or options["url"],
                portal=portal,
                target_url=options["url"],
                secret=secret,
            )
            self.stdout.write(f"Webhook subscriber {subscription.pk} for {portal.title}.")
