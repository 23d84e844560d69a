"""Hỏi đáp chính sách: citizens' questions, routed to a unit, answered, approved, published."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cong.core.models import BasePage

from ..attachments import private_storage
from ..privacy import new_question_code, search_key


class QuestionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    PENDING_APPROVAL = "pending", _("Awaiting approval")
    ANSWERED = "answered", _("Answered (not published)")
    PUBLISHED = "published", _("Answered and published")
    CLOSED = "closed", _("Closed without answer")


FINISHED = (QuestionStatus.ANSWERED, QuestionStatus.PUBLISHED, QuestionStatus.CLOSED)


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=QuestionStatus.PUBLISHED)


class Question(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, editable=False)
    portal = models.ForeignKey(
        "network.PortalPage",
        on_delete=models.PROTECT,
        related_name="citizen_questions",
        verbose_name=_("handling unit"),
    )
    topic = models.ForeignKey(
        "news.Topic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizen_questions",
        verbose_name=_("topic"),
    )
    title = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("question"))

    # Personal data: visible only to the handling unit, blanked by purge_personal_data.
    asker_name = models.CharField(_("full name"), max_length=255, blank=True)
    asker_email = models.EmailField(_("e-mail"), blank=True)
    asker_phone = models.CharField(_("phone"), max_length=32, blank=True)
    attachment = models.FileField(
        _("attachment"), storage=private_storage, max_length=255, blank=True
    )
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    consent_to_publish = models.BooleanField(_("may be published"), default=False)

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QuestionStatus.choices,
        default=QuestionStatus.RECEIVED,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    answer = models.TextField(_("answer"), blank=True)
    public_title = models.CharField(_("published subject"), max_length=255, blank=True)
    public_body = models.TextField(_("published question"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen question")
        verbose_name_plural = _("citizen questions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["portal", "status", "-created_at"], name="question_queue"),
            models.Index(fields=["status", "-published_at"], name="question_published"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = new_question_code()
        if self.status == QuestionStatus.PUBLISHED:
            self.search_text = search_key(f"{self.public_title} {self.public_body}")
        else:
            self.search_text = ""
        super().save(*args, **kwargs)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def public_url(self) -> str | None:
        index = QuestionIndexPage.for_portal(self.portal)
        if index is None or self.status != QuestionStatus.PUBLISHED:
            return None
        return index.url + index.reverse_subpage("question", args=[self.pk])

    def follow_url(self, full=False) -> str | None:
        index = QuestionIndexPage.for_portal(self.portal)
        if index is None:
            return None
        base = index.full_url if full else index.url
        return f"{base}{index.reverse_subpage('follow')}?ma={self.code}"


class QuestionIndexPage(RoutablePageMixin, BasePage):
    """Hỏi đáp: a portal's Q&A section: the published answers, the form, follow-by-code."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["network.PortalPage"]
    subpage_types: list[str] = []
    template = "citizens/question_index_page.html"

    class Meta:
        verbose_name = _("questions and answers section")

    @classmethod
    def for_portal(cls, portal):
        """The portal's own Q&A section, or else the nearest one above it."""
        if portal is None:
            return None
        step = Page.steplen
        condition = models.Q()
        for end in range(step, len(portal.path) + 1, step):
            condition |= models.Q(path__startswith=portal.path[:end], depth=end // step + 1)
        return cls.objects.live().filter(condition).order_by("-depth").first()

    def portal(self):
        return self.owning_portal

    @path("")
    def index_route(self, request):
        from ..views.questions import question_list

        return question_list(request, self)

    @path("gui-cau-hoi/", name="ask")
    def ask_route(self, request):
        from ..views.questions import ask

        return ask(request, self)

    @path("tra-cuu/", name="follow")
    def follow_route(self, request):
        from ..views.questions import follow

        return follow(request, self)

    @path("<int:question_id>/", name="question")
    def question_route(self, request, question_id):
        from ..views.questions import question_detail

        return question_detail(request, self, question_id)
