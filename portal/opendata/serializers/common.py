"""What the rows share: the page address, progress and figure fields, labels, dates, the
small nested rows (county, kommun, police area), the period and the serializers' context."""

import functools

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from followup import progress
from followup.periods import Period
from loften.models import CitizenPromise, RatePer
from municipalities.models import County, Municipality, PoliceArea


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the row's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


#: A löfte's progress (`followup.progress`), described as the documentation shows it.
PERCENT = {"type": "integer", "minimum": 0, "maximum": 100}
RULE = lazy(progress.table_in_words, str)()
LATEST_PROGRESS = format_lazy(
    _(
        "Hur långt löftet har kommit enligt den senaste uppföljningen, i hela procent "
        "({rule}). Tomt före den första uppföljningen."
    ),
    rule=RULE,
)
ROW_PROGRESS = format_lazy(
    _("Hur långt löftet har kommit i uppföljningen, i hela procent ({rule})."), rule=RULE
)
PROGRESS_LABEL = _("Samma värde som sidorna skriver det: ”60 %”, eller ”–” utan uppföljning.")

#: A löfte's measures and a recurring löfte's rate, as `followup.figures` gives them.
MEASURES = {
    "type": "array",
    "description": _(
        "Löftets mått: namn, enhet, mål (kan saknas) och uppnått värde i uppföljningen, med "
        "approximate=true när värdet är ungefärligt (”ca 100”)."
    ),
    "items": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "unit": {"type": "string"},
            "target": {"type": "number", "nullable": True},
            "value": {"type": "number", "nullable": True},
            "approximate": {"type": "boolean"},
            "text": {"type": "string"},
        },
    },
}
RATE = {
    "type": "object",
    "nullable": True,
    "description": _(
        "För ett återkommande löfte: målet (minst target per per), vad som räknas, antalet under "
        "uppföljningens period och takten (antal per dygn, vecka, månad eller period). Tomt för "
        "ett löfte som inte återkommer."
    ),
    "properties": {
        "target": {"type": "number"},
        "per": {"type": "string", "enum": RatePer.values},
        "counted": {"type": "string"},
        "target_text": {"type": "string"},
        "count": {"type": "integer", "nullable": True},
        "rate": {"type": "number", "nullable": True},
        "text": {"type": "string"},
    },
}


@extend_schema_field({**PERCENT, "nullable": True})
class ProgressField(serializers.Field):
    """A progress annotation in whole percent, None before the first follow-up."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return progress.rounded(value)


def _label(choices, value):
    return _label_in(choices, value, get_language()) if value else None


@functools.cache
def _label_in(choices, value, language):
    """A choice's label in a language, looked up once (the rows of a list repeat a few)."""
    return str(choices(value).label)


def _date(value):
    """A date as DRF's DateField writes it."""
    return value.isoformat() if value else None


# The small nested rows, written out for the hot paths (the serializers below describe them).
def _county(county):
    return {"code": county.code, "name": county.name}


def _municipality_ref(municipality):
    return {"code": municipality.code, "name": municipality.name, "slug": municipality.slug}


def _police_area_ref(area):
    return {"slug": area.slug, "name": area.name}


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["code", "name"]


class MunicipalityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "name", "slug"]


class PoliceAreaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PoliceArea
        fields = ["slug", "name"]


class PeriodSerializer(serializers.Serializer):
    """A follow-up period of the document's cadence (see `followup.periods`)."""

    cadence = serializers.ChoiceField(
        choices=CitizenPromise.Cadence.choices,
        help_text=_("Medborgarlöftets uppföljningsintervall."),
    )
    year = serializers.IntegerField()
    number = serializers.IntegerField(
        min_value=1, max_value=3, help_text=_("Periodens nummer under året.")
    )
    name = serializers.CharField(help_text=_("Perioden i ord, t.ex. ”2025 tertial 2”."))
    start = serializers.DateField()
    end = serializers.DateField()


def _period(promise, year, number, context):
    """A period as `PeriodSerializer` writes it (`Period.as_json` gives the same, without a
    serializer per row), worked out once per response: a document's löften share theirs."""
    if year is None:
        return None
    periods = context.setdefault("periods", {})
    key = (promise.pk, year, number)
    if key not in periods:
        periods[key] = Period.of(promise, year, number).as_json()
    return dict(periods[key])


def serializer_context(request):
    """What every serializer here needs: the request (for absolute addresses) and one "today"
    for the whole response."""
    return {"request": request, "today": timezone.localdate()}
