"""What `manage.py fixtree` checks, in one query instead of three per page (fixtree takes
minutes on the 20,000-page network; the small-network tests run fixtree itself)."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page


def tree_problems() -> list[str]:
    rows = list(Page.objects.values_list("pk", "path", "depth", "numchild", "content_type_id"))
    paths = {path for _, path, _, _, _ in rows}
    children = Counter(
        path[: -Page.steplen] for _, path, _, _, _ in rows if len(path) > Page.steplen
    )
    problems = []
    for pk, path, depth, numchild, _ in rows:
        if any(char not in Page.alphabet for char in path) or len(path) % Page.steplen:
            problems.append(f"page {pk}: bad path {path!r}")
        elif depth != len(path) // Page.steplen:
            problems.append(f"page {pk}: depth {depth} for path {path}")
        elif depth > 1 and path[: -Page.steplen] not in paths:
            problems.append(f"page {pk}: orphan {path}")
        elif numchild != children[path]:
            problems.append(f"page {pk}: numchild {numchild}, really {children[path]}")
    for content_type_id, count in Counter(row[4] for row in rows).items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not Page and model._default_manager.count() != count:
            problems.append(f"{model.__name__}: {count} pages but a different number of rows")
    return problems
