from .calendar import CalendarDay
from .catalogue import (
    FieldKind,
    FormFieldDefinition,
    LifeEvent,
    OnlineLevel,
    Procedure,
    ProcedureLevel,
    ProcedurePaper,
    ServiceField,
)
from .dossiers import (
    OPEN_STATUSES,
    Dossier,
    DossierDraft,
    DossierEvent,
    DossierFile,
    ServiceStat,
    ServiceStatTree,
    Status,
)
from .pages import ServiceIndexPage

__all__ = [
    "CalendarDay",
    "Dossier",
    "DossierDraft",
    "DossierEvent",
    "DossierFile",
    "FieldKind",
    "FormFieldDefinition",
    "LifeEvent",
    "OPEN_STATUSES",
    "OnlineLevel",
    "Procedure",
    "ProcedureLevel",
    "ProcedurePaper",
    "ServiceField",
    "ServiceIndexPage",
    "ServiceStat",
    "ServiceStatTree",
    "Status",
]
