"""Legal documents: the registry, its data tables, citations and the registry page."""

from cong.legal.models.citations import Citation
from cong.legal.models.documents import (
    INVERSE_LABELS,
    Document,
    DocumentFile,
    DocumentRelation,
    RelationKind,
    Status,
)
from cong.legal.models.pages import DocumentIndexPage
from cong.legal.models.tables import Agency, DocumentKind, DocumentType, Field, ShortForm

__all__ = [
    "INVERSE_LABELS",
    "Agency",
    "Citation",
    "Document",
    "DocumentFile",
    "DocumentIndexPage",
    "DocumentKind",
    "DocumentRelation",
    "DocumentType",
    "Field",
    "RelationKind",
    "ShortForm",
    "Status",
]
