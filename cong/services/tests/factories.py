import factory
import wagtail_factories

from cong.services.models import (
    FieldKind,
    FormFieldDefinition,
    OnlineLevel,
    Procedure,
    ProcedureLevel,
    ProcedurePaper,
    ServiceField,
    ServiceIndexPage,
)


class ServiceIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ServiceIndexPage

    title = "Dịch vụ công trực tuyến"
    slug = "dich-vu-cong"
    live = True


class ServiceFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceField
        django_get_or_create = ("slug",)

    name = "Hộ tịch"
    slug = "ho-tich"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"1.{n:06d}")
    name = "Đăng ký khai sinh"
    field = factory.SubFactory(ServiceFieldFactory)
    handling_body = "Ủy ban nhân dân cấp xã"
    steps = "Nộp hồ sơ\nKiểm tra\nTrả kết quả"
    processing_days = 3
    online_level = OnlineLevel.FULL

    @factory.post_generation
    def handled_at(self, create, extracted, **kwargs):
        for i, level in enumerate(extracted if extracted is not None else [2]):
            ProcedureLevel.objects.create(procedure=self, level=level, sort_order=i)


def online_procedure(**kwargs) -> Procedure:
    """A fully online commune procedure with two form fields and one required paper."""
    procedure = ProcedureFactory(**kwargs)
    FormFieldDefinition.objects.create(
        procedure=procedure, label="Họ tên của trẻ", kind=FieldKind.TEXT, sort_order=0
    )
    FormFieldDefinition.objects.create(
        procedure=procedure,
        label="Giới tính",
        kind=FieldKind.CHOICE,
        choices="Nam\nNữ",
        sort_order=1,
    )
    ProcedurePaper.objects.create(procedure=procedure, name="Giấy chứng sinh", sort_order=0)
    return procedure
