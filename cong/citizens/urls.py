from django.urls import path

from .views import alerts, api

app_name = "citizens"

urlpatterns = [
    path("nhan-tin/", alerts.subscribe, name="subscribe"),
    path("nhan-tin/da-gui/", alerts.subscribe_sent, name="subscribe_sent"),
    path("nhan-tin/xac-nhan/<str:token>/", alerts.confirm, name="confirm"),
    path("nhan-tin/huy/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("hoi-dap/tuong-tu/", api.similar, name="similar"),
]
