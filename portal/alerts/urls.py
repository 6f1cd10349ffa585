"""The alerts' addresses, under /folj/ (included by `portal/urls.py`)."""

from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("folj/kommuner/<slug:slug>/", views.follow_municipality, name="follow_municipality"),
    path(
        "folj/kommuner/<slug:slug>/medborgarloften/<int:pk>/",
        views.follow_promise,
        name="follow_promise",
    ),
    path("folj/bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("folj/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
