import factory
import wagtail_factories
from django.utils import timezone

from cong.news.models import ArticlePage, DirectiveIndexPage, NewsIndexPage, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Chủ đề {n}")


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Tin tức"
    slug = "tin-tuc"


class DirectiveIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DirectiveIndexPage

    title = "Chỉ đạo điều hành"
    slug = "chi-dao-dieu-hanh"


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Bài viết số {n}")
    slug = factory.Sequence(lambda n: f"bai-viet-{n}")
    sapo = "Tóm tắt bài viết."
    published_at = factory.LazyFunction(timezone.now)
    live = True
