"""The read-only JSON API under /api/v1/, its OpenAPI 3 schema and its documentation.

Anonymous and read-only: no authentication classes (so no session and no CSRF), GET only,
JSON only, throttled per client address. Every list is filtered by `filters.py`, paginated
(`sida`, `per_sida`) and carries the licence, in the body and in a `Link` header."""

import math

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import (
    APIException,
    MethodNotAllowed,
    NotAcceptable,
    NotFound,
    Throttled,
    ValidationError,
)
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import AnonRateThrottle

from ..alerts.ratelimit import client_address
from ..cache import NATIONAL, cached_response
from . import filters, querysets
from . import serializers as rows
from .datasets import BY_KEY, LICENCE_URL, add_licence


class OpenDataThrottle(AnonRateThrottle):
    """Requests per client address, shared by the API and the CSV files. The address is the one
    the sign-in limits and the alerts read (config/client_address.py, behind
    `TRUSTED_PROXY_COUNT` proxies). The rate is read on every request, so that it can be changed
    without a restart of the settings' module (and in tests)."""

    scope = "open_data"

    def get_rate(self):
        return settings.OPEN_DATA_THROTTLE_RATE

    def get_ident(self, request):
        return client_address(request)

    def get_cache_key(self, request, view):
        # A request the page cache answers (portal/cache.py) has no user yet: it has no session,
        # so nobody is signed in.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def count_request(request):
    """Whether the throttle allows `request`, counting it: for the answers the page cache gives
    before any view runs."""
    return OpenDataThrottle().allow_request(request, None)


def wait_message(wait):
    """What a throttled client is told, in Swedish throughout (DRF's own adds English)."""
    seconds = max(1, math.ceil(wait or 0))
    return ngettext(
        "För många förfrågningar. Försök igen om %(seconds)s sekund.",
        "För många förfrågningar. Försök igen om %(seconds)s sekunder.",
        seconds,
    ) % {"seconds": seconds}


class TooManyRequests(Throttled):
    def __init__(self, wait):
        APIException.__init__(self, wait_message(wait))
        self.wait = None if wait is None else math.ceil(wait)


class OpenDataPagination(PageNumberPagination):
    page_size = 50
    page_query_param = "sida"
    page_size_query_param = "per_sida"
    max_page_size = 500
    page_query_description = _("Sidnummer, från 1.")
    page_size_query_description = _("Rader per sida (högst 500, annars 50).")
    invalid_page_message = _("Sidan finns inte.")

    def get_page_size(self, request):
        """Rows per page; an unusable `per_sida` is refused (DRF would quietly use 50)."""
        value = request.query_params.get(self.page_size_query_param)
        if not value:  # absent or empty, as a form sends an empty field
            return self.page_size
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= self.max_page_size):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Ange antalet rader per sida som ett heltal från 1 till %(max)s.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return int(value)

    def get_paginated_response(self, data):
        return Response(
            {
                "license": LICENCE_URL,
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {
            "license": {"type": "string", "format": "uri", "example": LICENCE_URL},
            **response["properties"],
        }
        response["required"] = ["license", *response.get("required", [])]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


_DETAIL = inline_serializer("Message", {"detail": serializers.CharField()})
_FIELD_ERRORS = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description=_("Ett filter har ett ogiltigt värde; svaret säger vad som förväntas."),
)
_ERRORS = {
    400: _FIELD_ERRORS,
    404: OpenApiResponse(_DETAIL, description=_("Finns inte (eller är inte publicerat).")),
    429: OpenApiResponse(_DETAIL, description=_("För många förfrågningar; försök igen senare.")),
}


def _documented(key, tag, retrieve_summary, serializer):
    """Swedish texts for the documentation, the dataset's own title and description."""
    dataset = BY_KEY[key]
    return extend_schema_view(
        list=extend_schema(
            tags=[tag],
            summary=dataset.title,
            description=dataset.description,
            responses={200: serializer(many=True), **_ERRORS},
        ),
        retrieve=extend_schema(
            tags=[tag],
            summary=retrieve_summary,
            description=dataset.description,
            responses={200: serializer, **_ERRORS},
        ),
    )


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    """What every endpoint shares: anonymous, throttled, paginated, licensed."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [OpenDataThrottle]
    pagination_class = OpenDataPagination
    filterset_class = None
    read_rows = None  # the function of querysets.py that reads the rows
    page_cache_scope = NATIONAL  # portal/cache.py

    def get_queryset(self):
        return self.read_rows()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **rows.serializer_context(self.request)}

    def throttled(self, request, wait):
        raise TooManyRequests(wait)

    # The answers come from the page cache (portal/cache.py); the throttle counts every request,
    # in `initial` before these run, or, for those the cache answers first, by `count_request`.
    def list(self, request, *args, **kwargs):
        return self._cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached(super().retrieve, request, *args, **kwargs)

    def _cached(self, action, request, *args, **kwargs):
        return cached_response(
            request, [NATIONAL], lambda: action(request, *args, **kwargs), guard=count_request
        )

    def handle_exception(self, exc):
        # DRF's own messages are English here (its Swedish catalogue is not installed, see
        # INSTALLED_APPS); the few an anonymous reader can meet are said in Swedish instead.
        if isinstance(exc, Http404):
            exc = NotFound(_("Finns inte (eller är inte publicerat)."))
        elif isinstance(exc, MethodNotAllowed):
            exc = MethodNotAllowed(self.request.method, _("API:t kan bara läsa: använd GET."))
        elif isinstance(exc, NotAcceptable):
            exc = NotAcceptable(_("API:t svarar bara i JSON (application/json)."))
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        return add_licence(super().finalize_response(request, response, *args, **kwargs))


@_documented(
    "medborgarloften",
    _("Medborgarlöften"),
    _("Ett medborgarlöfte"),
    rows.PromiseSerializer,
)
class PromiseViewSet(OpenDataViewSet):
    read_rows = staticmethod(querysets.promises)
    serializer_class = rows.PromiseSerializer
    filterset_class = filters.PromiseFilterSet
    lookup_value_regex = "[0-9]+"


@_documented(
    "loften",
    _("Löften"),
    _("Ett löfte"),
    rows.CommitmentSerializer,
)
class CommitmentViewSet(OpenDataViewSet):
    read_rows = staticmethod(querysets.commitments)
    serializer_class = rows.CommitmentSerializer
    filterset_class = filters.CommitmentFilterSet
    lookup_value_regex = "[0-9]+"


@_documented(
    "uppfoljningar",
    _("Uppföljningar"),
    _("En uppföljning"),
    rows.FollowUpSerializer,
)
class FollowUpViewSet(OpenDataViewSet):
    read_rows = staticmethod(querysets.followups)
    serializer_class = rows.FollowUpSerializer
    filterset_class = filters.FollowUpFilterSet
    lookup_value_regex = "[0-9]+"


@_documented(
    "statusar",
    _("Uppföljningar"),
    _("En status"),
    rows.StatusSerializer,
)
class StatusViewSet(OpenDataViewSet):
    read_rows = staticmethod(querysets.statuses)
    serializer_class = rows.StatusSerializer
    filterset_class = filters.StatusFilterSet
    lookup_value_regex = "[0-9]+"


@_documented("kommuner", _("Referensdata"), _("En kommun"), rows.MunicipalitySerializer)
class MunicipalityViewSet(OpenDataViewSet):
    read_rows = staticmethod(querysets.municipalities)
    serializer_class = rows.MunicipalitySerializer
    filterset_class = filters.MunicipalityFilterSet
    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9_]+"


@_documented(
    "lokalpolisomraden", _("Referensdata"), _("Ett lokalpolisområde"), rows.PoliceAreaSerializer
)
class PoliceAreaViewSet(OpenDataViewSet):
    read_rows = staticmethod(querysets.police_areas)
    serializer_class = rows.PoliceAreaSerializer
    filterset_class = filters.PoliceAreaFilterSet
    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9_]+"


@_documented("fokusomraden", _("Referensdata"), _("Ett fokusområde"), rows.FocusAreaSerializer)
class FocusAreaViewSet(OpenDataViewSet):
    read_rows = staticmethod(querysets.focus_areas)
    serializer_class = rows.FocusAreaSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9_]+"


def allow_empty_query_values(result, generator, request, public):
    """drf-spectacular post-processing hook: an empty query parameter (`?lan=&ar=`, as a form
    sends a field left empty) means "no filter", and the schema says so."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    parameter["allowEmptyValue"] = True
    return result


class Router(DefaultRouter):
    # JSON is the only format: no `.json` twins of every address.
    include_format_suffixes = False


router = Router()
router.register("medborgarloften", PromiseViewSet, basename="promise")
router.register("loften", CommitmentViewSet, basename="commitment")
router.register("uppfoljningar", FollowUpViewSet, basename="followup")
router.register("statusar", StatusViewSet, basename="status")
router.register("kommuner", MunicipalityViewSet, basename="municipality")
router.register("lokalpolisomraden", PoliceAreaViewSet, basename="police-area")
router.register("fokusomraden", FocusAreaViewSet, basename="focus-area")

#: Each endpoint by its basename, for the CSV files that publish the same rows.
router_viewsets = {basename: viewset for _prefix, viewset, basename in router.registry}
