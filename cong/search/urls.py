from django.urls import path, re_path

from cong.search import views

urlpatterns = [
    path("tim-kiem/", views.search_view, name="search"),
    path("tim-kiem/goi-y/", views.autocomplete_view, name="search_autocomplete"),
    re_path(
        r"^(?P<portal_path>[a-z0-9][a-z0-9\-/]*)/tim-kiem/$",
        views.search_view,
        name="portal_search",
    ),
    re_path(
        r"^(?P<portal_path>[a-z0-9][a-z0-9\-/]*)/tim-kiem/goi-y/$",
        views.autocomplete_view,
        name="portal_search_autocomplete",
    ),
]
