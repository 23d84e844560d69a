from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from cong.citizens.models import (
    ConsultationIndexPage,
    ConsultationPage,
    DraftArticle,
    Question,
    QuestionIndexPage,
)


class QuestionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = QuestionIndexPage

    title = "Hỏi đáp chính sách"
    slug = "hoi-dap"
    live = True


class ConsultationIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ConsultationIndexPage

    title = "Lấy ý kiến dự thảo"
    slug = "lay-y-kien"
    live = True


class ConsultationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ConsultationPage

    title = factory.Sequence(lambda n: f"Dự thảo Nghị định số {n}")
    slug = factory.Sequence(lambda n: f"du-thao-{n}")
    summary = "Dự thảo quy định về dịch vụ công trực tuyến."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    live = True


class DraftArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftArticle

    label = factory.Sequence(lambda n: f"Điều {n + 1}")
    heading = "Phạm vi điều chỉnh"
    text = "Nghị định này quy định về…"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    title = factory.Sequence(lambda n: f"Câu hỏi về bảo hiểm xã hội số {n}")
    body = "Tôi muốn hỏi về chế độ thai sản khi nghỉ việc."
    asker_name = "Nguyễn Văn An"
    asker_email = "an@example.vn"
    asker_phone = "0912345678"
    consent_to_publish = True
