"""The public site's addresses. They keep the namespaces they had before the public site became
an app of its own, so every name (and every address) stays what it was: `loften:` for the
documents and the pages around them, `followup:` for a follow-up report."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from loften import attachment_views
from loften.pdf import views as staff_pdf_views

from . import api, feeds, pdf_views, sitemaps, views
from .cache import municipality_page, national_page
from .search import views as search_views

# The pages that are the same for every visitor come from the cache (portal/cache.py): those
# under /kommuner/<slug>/ with that kommun's counter, the others with the national one.

document_patterns = [
    path("", national_page(views.home), name="home"),
    path("kommuner/", national_page(views.municipality_list), name="municipality_list"),
    path(
        "kommuner/<slug:slug>/", municipality_page(views.municipality_detail), name="municipality"
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/",
        municipality_page(views.promise_detail),
        name="promise",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/loften/<int:commitment_pk>/",
        municipality_page(views.commitment_detail),
        name="commitment",
    ),
    path("fokusomraden/", national_page(views.focus_area_list), name="focus_area_list"),
    path("fokusomraden/<slug:slug>/", national_page(views.focus_area_detail), name="focus_area"),
    path("lokalpolisomraden/", national_page(views.police_area_list), name="police_area_list"),
    path(
        "lokalpolisomraden/<slug:slug>/",
        national_page(views.police_area_detail),
        name="police_area",
    ),
    path("statistik/", national_page(views.statistics), name="statistics"),
    path("sok/", national_page(search_views.search), name="search"),
    path(
        "api/v1/kommuner/<slug:slug>/medborgarloften/<int:pk>/",
        municipality_page(api.promise_detail),
        name="api_promise",
    ),
    path("om/", national_page(views.about), name="about"),
    path("tillganglighetsredogorelse/", national_page(views.accessibility), name="accessibility"),
    # PDF documents
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/pdf/",
        pdf_views.promise_pdf_download,
        name="promise_pdf",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/bilagor/<int:attachment_pk>/",
        pdf_views.attachment_download,
        name="attachment",
    ),
    # A follow-up's period is named in words ("2025-tertial-2", see followup.periods); the
    # addresses from before (year and half-year, "2025-1") lead there permanently, and come
    # first because the new pattern would match them too.
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/uppfoljningar/<int:year>-<int:half>/pdf/",
        pdf_views.followup_pdf_redirect,
        name="followup_pdf_by_half_year",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/uppfoljningar/<slug:period>/pdf/",
        pdf_views.followup_pdf_download,
        name="followup_pdf",
    ),
    # The staff export is loften's own view, behind the admin's sign-in.
    path(
        "intern/medborgarloften/<int:pk>/exportera-pdf/",
        staff_pdf_views.promise_pdf_export,
        name="promise_pdf_export",
    ),
    # The staff download of an attachment (drafts included) is loften's own view too.
    path(
        "intern/bilagor/<int:pk>/",
        attachment_views.attachment_staff,
        name="attachment_staff",
    ),
    path("verifiera/", pdf_views.verify, name="verify"),
    # Atom feeds, the sitemap and robots.txt (portal/feeds.py, portal/sitemaps.py)
    path("flode/", national_page(feeds.NationalFeed()), name="feed"),
    path(
        "kommuner/<slug:slug>/flode/",
        municipality_page(feeds.MunicipalityFeed()),
        name="municipality_feed",
    ),
    path(
        "lokalpolisomraden/<slug:slug>/flode/",
        national_page(feeds.PoliceAreaFeed()),
        name="police_area_feed",
    ),
    path(
        "fokusomraden/<slug:slug>/flode/",
        national_page(feeds.FocusAreaFeed()),
        name="focus_area_feed",
    ),
    path(
        "sitemap.xml",
        national_page(sitemap_views.index),
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "loften:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        national_page(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", national_page(sitemaps.robots_txt), name="robots"),
]

followup_patterns = [
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/uppfoljningar/<int:year>-<int:half>/",
        views.followup_redirect,
        name="followup_by_half_year",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/uppfoljningar/<slug:period>/",
        municipality_page(views.followup_detail),
        name="followup",
    ),
]

urlpatterns = [
    path("", include((document_patterns, "loften"))),
    path("", include((followup_patterns, "followup"))),
    path("", include("portal.alerts.urls")),  # e-mail alerts, /folj/...
    # Last: its catch-all answers any other address under /api/ in JSON.
    path("", include(("portal.opendata.urls", "opendata"))),
]
