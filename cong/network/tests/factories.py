import factory
import wagtail_factories
from wagtail.models import Page

from cong.network.models import AboutPage, ContactPage, PortalPage, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    scheme = "vn-2025"
    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    unit_type = "xã"
    level = 2


class PortalPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PortalPage

    title = factory.LazyAttribute(lambda o: o.unit.name)
    slug = factory.Sequence(lambda n: f"cong-{n}")
    unit = factory.SubFactory(UnitFactory)
    live = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("parent") is None:
            kwargs["parent"] = Page.get_first_root_node()
        return super()._create(model_class, *args, **kwargs)


class AboutPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AboutPage

    title = "Giới thiệu"
    slug = "gioi-thieu"


class ContactPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContactPage

    title = "Liên hệ"
    slug = "lien-he"
