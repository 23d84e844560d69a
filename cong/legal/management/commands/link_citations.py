from django.core.management.base import BaseCommand
from django.db.models import Count
from tqdm import tqdm

from cong.legal.citations.resolve import Resolver, scope_units_for
from cong.legal.citations.store import link_article


class Command(BaseCommand):
    help = "Find and store the document citations of existing articles (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--portal", help="Only articles under this page path or id.")
        parser.add_argument("--limit", type=int, help="At most this many articles.")

    def handle(self, *args, **options):
        from cong.legal.models import Citation
        from cong.news.models import ArticlePage

        articles = ArticlePage.objects.live().order_by("pk")
        if options["portal"]:
            articles = articles.filter(portal_id=int(options["portal"]))
        if options["limit"]:
            articles = articles[: options["limit"]]
        resolver = Resolver(preload=True)
        scopes: dict = {}
        total = 0
        count = articles.count()
        for article in tqdm(articles.iterator(chunk_size=500), total=count, unit="article"):
            key = article.portal_id
            if key not in scopes:
                scopes[key] = scope_units_for(article)
            total += link_article(article, resolver, scopes[key])
        linked = Citation.objects.filter(document__isnull=False).aggregate(n=Count("id"))["n"]
        self.stdout.write(
            f"Articles: {count}, citations found: {total}, linked to the registry (all "
            f"articles): {linked}"
        )
