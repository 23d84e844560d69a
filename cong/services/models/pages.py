from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cong.core.models import BasePage


class ServiceIndexPage(RoutablePageMixin, BasePage):
    """Dịch vụ công: a portal's catalogue, online submission, tracking and statistics."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["network.PortalPage"]
    subpage_types: list[str] = []
    template = "services/catalogue.html"

    class Meta:
        verbose_name = _("public services section")

    @classmethod
    def for_portal(cls, portal):
        if portal is None:
            return None
        return cls.objects.live().child_of(portal).first()

    @path("")
    def catalogue_route(self, request):
        from ..views.public import catalogue

        return catalogue(request, self)

    @path("thu-tuc/<str:code>/", name="procedure")
    def procedure_route(self, request, code):
        from ..views.public import procedure_detail

        return procedure_detail(request, self, code)

    @path("thu-tuc/<str:code>/nop-ho-so/", name="submit")
    def submit_route(self, request, code):
        from ..views.submit import submit

        return submit(request, self, code)

    @path("tiep-nhan/", name="receipt")
    def receipt_route(self, request):
        from ..views.tracking import receipt

        return receipt(request, self)

    @path("tra-cuu/", name="track")
    def track_route(self, request):
        from ..views.tracking import track

        return track(request, self)

    @path("danh-gia/", name="rate")
    def rate_route(self, request):
        from ..views.tracking import rate

        return rate(request, self)

    @path("thong-ke/", name="stats")
    def stats_route(self, request):
        from ..views.statistics import statistics

        return statistics(request, self)
