import factory
import wagtail_factories
from wagtail.models import Page, Site

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


def national_portal_site(root_page, hostname="localhost", site_name="Chính phủ"):
    """The national portal under the tree root, as the default site (Wagtail's welcome page
    removed): what every test network starts from."""
    nation = PortalPageFactory(
        parent=root_page,
        unit=UnitFactory(code="VN", name="Chính phủ", unit_type="Chính phủ", level=0),
        title="Cổng Thông tin điện tử Chính phủ",
        slug="chinh-phu",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": hostname, "port": 80, "root_page": nation, "site_name": site_name},
    )
    Page.objects.filter(depth=2).exclude(pk=nation.pk).delete()
    return nation
