"""manage.py search "QUERY" [--portal SLUG] [--scope portal|subtree|network] [--limit N] --json"""

import json

from django.core.management.base import BaseCommand, CommandError

from cong.search import service


class Command(BaseCommand):
    help = "Search published articles the way the public search page does."

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--portal", help="Portal slug or page id.")
        parser.add_argument("--scope", choices=service.SCOPES)
        parser.add_argument("--type", dest="kind", choices=[k for k in service.KINDS if k])
        parser.add_argument("--level", type=int)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--backend", default="default")
        parser.add_argument("--json", action="store_true", help="One JSON object per line.")

    def handle(self, *args, **options):
        from cong.network.models import PortalPage

        query = options["query"].strip()
        if not query:
            raise CommandError("Give a query.")
        portal = None
        if options["portal"]:
            ref = options["portal"]
            portals = PortalPage.objects.all()
            portal = portals.filter(pk=int(ref)) if ref.isdigit() else portals.filter(slug=ref)
            portal = portal.order_by("depth").first()
            if portal is None:
                raise CommandError(f"No portal {ref!r}.")
        scope = options["scope"] or ("subtree" if portal else "network")
        if scope != "network" and portal is None:
            raise CommandError(f"--scope {scope} needs --portal.")
        request = service.SearchRequest(
            query=query,
            portal=portal,
            scope=scope,
            kind=options["kind"] or "",
            level=options["level"],
            backend=options["backend"],
        )
        results = service.search(request).annotate_score("_score")[: max(options["limit"], 0)]
        for rank, item in enumerate(results, start=1):
            url = item.get_url() if hasattr(item, "get_url") else ""
            title = getattr(item, "title", None) or str(item)
            score = getattr(item, "_score", None)
            row = {
                "rank": rank,
                "id": item.pk,
                "title": title,
                "url": url,
                "score": round(float(score), 4) if score is not None else None,
            }
            if options["json"]:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                self.stdout.write(f"{rank:>3}. [{row['score']}] {title}  {url}")
