"""Embedded tantivy search backend: `"BACKEND": "cong.search.backends.tantivy"`."""

from .backend import SearchBackend, TantivySearchBackend

__all__ = ["SearchBackend", "TantivySearchBackend"]
