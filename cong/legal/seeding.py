"""Loading the shipped data tables (cong/legal/data/*.json) into the database.

Used by the data migration (with historical models) and by `manage.py load_legal_tables`.
Existing rows are updated by their natural key; rows edited in the admin keep their edits
unless `overwrite` is set, and nothing is ever deleted.
"""

from pathlib import Path

from cong.core.text import slugify_vi
from cong.legal.vocabulary import load_json

# Real central documents, for the demo registry: `manage.py import_documents DEMO_DOCUMENTS`.
DEMO_DOCUMENTS = Path(__file__).resolve().parent / "data" / "demo_documents.jsonl"


def _joined(values) -> str:
    return ", ".join(values or [])


def load_tables(apps=None, overwrite: bool = False) -> dict[str, int]:
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    DocumentType = apps.get_model("legal", "DocumentType")
    Agency = apps.get_model("legal", "Agency")
    Field = apps.get_model("legal", "Field")
    counts = {"types": 0, "agencies": 0, "fields": 0}
    for row in load_json("document_types.json"):
        values = {
            "name_en": row.get("name_en", ""),
            "code": row.get("code", ""),
            "code_aliases": _joined(row.get("code_aliases")),
            "words": _joined(row.get("words")),
            "generic_words": _joined(row.get("generic_words")),
            "kind": row.get("kind", "normative"),
            "short_form": row.get("short_form", "with_so"),
            "joint": bool(row.get("joint", False)),
            "order": row.get("order", 100),
        }
        counts["types"] += _upsert(DocumentType, {"name": row["name"]}, values, overwrite)
    for row in load_json("agencies.json"):
        values = {
            "name": row["name"],
            "name_en": row.get("name_en", ""),
            "central": bool(row.get("central", True)),
            "aliases": _joined(row.get("aliases")),
            "note": row.get("note", ""),
        }
        counts["agencies"] += _upsert(
            Agency, {"abbreviation": row["abbreviation"]}, values, overwrite
        )
    for name in load_json("fields.json"):
        counts["fields"] += _upsert(Field, {"name": name}, {"slug": slugify_vi(name)}, overwrite)
    return counts


def _upsert(model, lookup: dict, values: dict, overwrite: bool) -> int:
    row = model.objects.filter(**lookup).first()
    if row is None:
        model.objects.create(**lookup, **values)
        return 1
    if overwrite:
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        return 1
    return 0
