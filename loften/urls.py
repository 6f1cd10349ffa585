from django.urls import path

from . import api, views

app_name = "loften"

urlpatterns = [
    path("", views.home, name="home"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<slug:slug>/", views.municipality_detail, name="municipality"),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/",
        views.promise_detail,
        name="promise",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/loften/<int:commitment_pk>/",
        views.commitment_detail,
        name="commitment",
    ),
    path("fokusomraden/", views.focus_area_list, name="focus_area_list"),
    path("fokusomraden/<slug:slug>/", views.focus_area_detail, name="focus_area"),
    path("lokalpolisomraden/<slug:slug>/", views.police_area_detail, name="police_area"),
    path("statistik/", views.statistics, name="statistics"),
    path(
        "api/v1/kommuner/<slug:slug>/medborgarloften/<int:pk>/",
        api.promise_detail,
        name="api_promise",
    ),
    path("om/", views.about, name="about"),
    path("tillganglighetsredogorelse/", views.accessibility, name="accessibility"),
]
