"""Open data's addresses, in the namespace `opendata`: the page, the CSV files and the DCAT-AP-SE
catalogue under /oppna-data/, the API, its schema and its documentation under /api/."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from . import api, dcat, tables, views
from .datasets import add_licence


def api_not_found(request):
    """Any other address under /api/ answers in JSON, as the API does, not with the HTML page."""
    return add_licence(JsonResponse({"detail": _("Adressen finns inte i API:t.")}, status=404))


urlpatterns = [
    path("oppna-data/", views.index, name="index"),
    path("oppna-data/dcat.rdf", dcat.catalogue, name="dcat"),
    path("oppna-data/<slug:key>.csv", tables.download, name="csv"),
    path("api/v1/", include(api.router.urls)),
    path("api/schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path(
        "api/dokumentation/",
        SpectacularSwaggerView.as_view(url_name="opendata:schema"),
        name="docs",
    ),
    re_path(r"^api/", api_not_found, name="api_not_found"),
]
