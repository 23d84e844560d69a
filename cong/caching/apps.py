from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "cong.caching"
    label = "caching"
    verbose_name = "Full-page cache"

    def ready(self):
        from cong.caching import receivers  # noqa: F401
