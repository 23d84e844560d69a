"""What a database holds, in counts: written to the manifest, compared after a restore."""

from django.apps import apps
from django.db import DatabaseError, connections

COUNTED = {
    "pages": "wagtailcore.Page",
    "articles": "news.ArticlePage",
    "units": "network.Unit",
    "documents": "wagtaildocs.Document",
    "images": "wagtailimages.Image",
    "users": "auth.User",
    "legal_documents": "legal.Document",
}
# What `migrate` alone creates: Wagtail's root and welcome pages, nothing else counted.
EMPTY_PAGES = 2


def counts(using: str = "default") -> dict[str, int]:
    found = {}
    for name, label in COUNTED.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        found[name] = model._base_manager.using(using).count()
    return found


def applied_migrations(using: str = "default") -> dict[str, list[str]]:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        rows = cursor.fetchall()
    by_app: dict[str, list[str]] = {}
    for app, name in rows:
        by_app.setdefault(app, []).append(name)
    return by_app


def holds_content(using: str = "default") -> bool:
    """More than a freshly migrated database: any user, unit or page beyond Wagtail's own."""
    connection = connections[using]
    if "django_migrations" not in connection.introspection.table_names():
        return bool(connection.introspection.table_names())
    try:
        found = counts(using)
    except DatabaseError:
        return True  # tables we cannot read: treat as content, never overwrite silently
    return found.get("pages", 0) > EMPTY_PAGES or any(
        found.get(name, 0) for name in ("users", "units", "articles", "documents", "images")
    )
