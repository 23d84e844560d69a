from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# A database outage that surfaces outside a view still gets the 503 page (cong.operations).
handler500 = "cong.operations.views.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include("cong.api.urls"))]

# Citizens' non-page endpoints (alerts, suggestions); Vietnamese at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("cong-dan/", include("cong.citizens.urls")),
    prefix_default_language=False,
)

# Public search (/tim-kiem/ and /<portal path>/tim-kiem/), ahead of the page catch-all.
urlpatterns += i18n_patterns(
    path("", include("cong.search.urls")),
    prefix_default_language=False,
)

# Public pages: Vietnamese at the root, English UI under /en/.
urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
