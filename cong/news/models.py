"""News articles shaped like the Government portal's own, their sections and topics."""

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cong.core.blocks import ArticleBodyBlock
from cong.core.models import BasePage
from cong.core.text import slugify_vi
from cong.editorial.forms import ArticleAdminForm


@register_snippet
class Topic(models.Model):
    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name)
        super().save(*args, **kwargs)


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(RoutablePageMixin, BasePage):
    """Tin tức: the portal's news section."""

    parent_page_types = ["network.PortalPage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = _("news section")

    # Public rendering: the section's own articles, and the news of the portals below.
    @path("")
    def index_route(self, request, *args, **kwargs):
        from cong.news import queries

        listing = queries.paginate(queries.section_articles(self), request.GET.get("page"))
        return self.render(request, context_overrides={"listing": listing, "from_below": False})

    @path("don-vi-truc-thuoc/", name="from_below")
    def from_below_route(self, request):
        from cong.news import queries

        articles = queries.news_from_below(self.owning_portal)
        listing = queries.paginate(articles, request.GET.get("page"))
        return self.render(request, context_overrides={"listing": listing, "from_below": True})

    def get_cached_paths(self):
        return ["/", "/don-vi-truc-thuoc/"]


class DirectiveIndexPage(BasePage):
    """Chỉ đạo điều hành: directives issued here and pushed down from above."""

    parent_page_types = ["network.PortalPage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = _("directives section")

    def get_context(self, request, *args, **kwargs):
        from cong.news import queries

        context = super().get_context(request, *args, **kwargs)
        directives = queries.directives_for(self.owning_portal)
        context["listing"] = queries.paginate(directives, request.GET.get("page"))
        return context


class DirectiveScope(models.TextChoices):
    NONE = "", _("Not a directive")
    ALL = "all", _("All subordinate portals")
    LEVEL = "level", _("Subordinate portals of one level")
    UNITS = "units", _("Chosen units")


class ArticlePage(RoutablePageMixin, BasePage):
    sapo = models.TextField(_("sapo (lead)"), blank=True)
    dateline = models.CharField(_("dateline place"), max_length=255, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    byline = models.CharField(_("author"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    published_at = models.DateTimeField(
        _("published at"),
        default=timezone.now,
        help_text=_("Shown on the page and used to order listings (Vietnam time)."),
    )
    topics = ParentalManyToManyField(Topic, blank=True, related_name="articles")
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)

    # The portal this article belongs to (its nearest PortalPage ancestor), kept on the row so
    # listings are index scans on (portal, published_at) instead of path-prefix scans.
    portal = models.ForeignKey(
        "network.PortalPage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles",
    )

    directive_scope = models.CharField(
        _("push down to subordinate portals"),
        max_length=8,
        choices=DirectiveScope.choices,
        default=DirectiveScope.NONE,
        blank=True,
    )
    directive_level = models.PositiveSmallIntegerField(
        _("level"), null=True, blank=True, help_text=_("For 'one level': 1 = province, 2 = …")
    )
    directive_units = ParentalManyToManyField(
        "network.Unit", blank=True, related_name="directives", verbose_name=_("chosen units")
    )

    # Identity in the source an importer read it from, so a re-run imports nothing twice.
    import_key = models.CharField(
        max_length=255, null=True, blank=True, unique=True, editable=False
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("sapo"),
        FieldPanel("dateline"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("byline"), FieldPanel("source"), FieldPanel("published_at")],
            _("Byline"),
        ),
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("tags")], _("Topics and tags")),
        InlinePanel("related_links", label=_("Related articles")),
        MultiFieldPanel(
            [
                FieldPanel("directive_scope"),
                FieldPanel("directive_level"),
                FieldPanel("directive_units"),
            ],
            _("Directive for subordinate portals"),
        ),
        FieldPanel("change_note"),
    ]
    base_form_class = ArticleAdminForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("sapo"),
        index.SearchField("body"),
        index.FilterField("published_at"),
        index.FilterField("portal"),
        index.FilterField("directive_scope"),
        index.FilterField("expire_at"),
    ]

    parent_page_types = ["news.NewsIndexPage", "news.DirectiveIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["portal", "-published_at"], name="article_portal_published"),
            models.Index(fields=["-published_at"], name="article_published"),
            models.Index(
                fields=["directive_scope", "portal", "-published_at"], name="article_directive"
            ),
        ]

    @property
    def is_directive(self) -> bool:
        return bool(self.directive_scope)

    def get_meta_description(self) -> str:
        return self.search_description or self.sapo[:300]

    def save(self, *args, **kwargs):
        if self.path and self.portal_id is None:
            portal = self.portal_from_tree()
            self.portal_id = portal.pk if portal else None
        super().save(*args, **kwargs)

    def portal_from_tree(self):
        from cong.network.models import PortalPage

        ancestor_paths = [self.path[:i] for i in range(Page.steplen, len(self.path), Page.steplen)]
        return PortalPage.objects.filter(path__in=ancestor_paths).order_by("-depth").first()

    # Public rendering: the article, its print view (…/in/), its JSON-LD.
    @path("in/", name="print")
    def print_route(self, request):
        return self.render(request, template="news/article_page_print.html")

    def get_cached_paths(self):
        return ["/", "/in/"]

    def get_context(self, request, *args, **kwargs):
        from cong.news.queries import related_articles

        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = related_articles(self)
        return context

    @cached_property
    def topic_list(self):
        return list(self.topics.all())

    @cached_property
    def tag_list(self):
        return list(self.tags.all())

    def json_ld(self) -> dict:
        from cong.core.jsonld import news_article

        return news_article(self, super().json_ld())


class ArticleRelatedLink(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )

    panels = [PageChooserPanel("target", "news.ArticlePage")]
