"""Materialised-path helpers for queries along the page tree."""

from django.db.models import Q
from wagtail.models import Page

_PATH_MAX = Page._meta.get_field("path").max_length


def ancestor_paths(path: str) -> list[str]:
    """Materialised paths of every ancestor of the node at `path`, top down (no query)."""
    return [path[:i] for i in range(Page.steplen, len(path), Page.steplen)]


def subtree_q(path: str, field: str = "path") -> Q:
    """Strict descendants of the node at `path`, as a range on the path index.

    A range rather than `startswith`: SQLite's case-insensitive LIKE cannot use the index.
    Paths are upper-case alphanumerics compared byte-wise, so every descendant sorts after its
    ancestor's path and no later than that path padded with the last letter of the alphabet.
    """
    upper = path + Page.alphabet[-1] * (_PATH_MAX - len(path))
    return Q(**{f"{field}__gt": path, f"{field}__lte": upper})
