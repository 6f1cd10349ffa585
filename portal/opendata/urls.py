"""Open data's addresses, in the namespace `opendata`: the page, the CSV files and the DCAT-AP-SE
catalogue under /oppna-data/, the API, its schema and its documentation under /api/."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from ..cache import national_page
from . import api, dcat, tables, views
from .datasets import add_licence


def api_not_found(request):
    """Any other address under /api/ answers in JSON, as the API does, not with the HTML page."""
    return add_licence(JsonResponse({"detail": _("Adressen finns inte i API:t.")}, status=404))


# The one page whose policy differs from SECURE_CSP: Swagger UI's script draws a few of its icons
# from `data:` images (the copy button, the arrows), which it builds itself; nothing else is
# allowed to it that other pages do not have.
API_DOCS_CSP = {**settings.SECURE_CSP, "img-src": [CSP.SELF, "data:"]}


urlpatterns = [
    path("oppna-data/", national_page(views.index), name="index"),
    path("oppna-data/dcat.rdf", national_page(dcat.catalogue), name="dcat"),
    path("oppna-data/<slug:key>.csv", tables.download, name="csv"),
    path("api/v1/", include(api.router.urls)),
    path("api/schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path(
        "api/dokumentation/",
        # Swagger UI with its script at a URL of its own (?script), not inline: the page keeps
        # the portal's Content Security Policy.
        csp_override(API_DOCS_CSP)(
            SpectacularSwaggerSplitView.as_view(
                url_name="opendata:schema", template_name="portal/opendata/swagger_ui.html"
            )
        ),
        name="docs",
    ),
    re_path(r"^api/", api_not_found, name="api_not_found"),
]
