import factory
import wagtail_factories

from cong.legal.models import Document, DocumentIndexPage, DocumentType


class DocumentIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DocumentIndexPage

    title = "Văn bản"
    slug = "van-ban"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"{n + 1}/2020/NĐ-CP")
    abstract = factory.Sequence(lambda n: f"Quy định chi tiết số {n}")

    @factory.post_generation
    def from_number(obj, create, extracted, **kwargs):
        """Type and issuer from the number, as the admin form does."""
        if not create:
            return
        if obj.document_type_id is None or obj.issuer_id is None:
            obj.fill_from_number(obj.parsed_number())
            obj.save()


def type_named(name: str) -> DocumentType:
    return DocumentType.objects.get(name=name)
