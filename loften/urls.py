from django.urls import path

from . import api, views
from .pdf import views as pdf_views

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
    # PDF documents (loften/pdf/views.py)
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/pdf/",
        pdf_views.promise_pdf_download,
        name="promise_pdf",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/uppfoljningar/<int:year>-<int:half>/pdf/",
        pdf_views.followup_pdf_download,
        name="followup_pdf",
    ),
    path(
        "intern/medborgarloften/<int:pk>/exportera-pdf/",
        pdf_views.promise_pdf_export,
        name="promise_pdf_export",
    ),
    path("verifiera/", pdf_views.verify, name="verify"),
]
