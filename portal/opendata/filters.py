"""The API's and the CSV files' filters, named as the pages name theirs (`lan`, `ar`, …).

Each filter that concerns a medborgarlöfte works the same on documents, commitments, follow-ups
and statuses: `promise_path` leads from a row to its document. Every value is checked against a
pattern, which the OpenAPI schema states too, so that a bad value is a 400 with a Swedish message
saying what is expected (never a server error or a silently empty list)."""

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from followup.models import CommitmentStatus, FollowUp, Status
from loften.models import CitizenPromise, Commitment, FocusArea, PartyRole
from municipalities.models import Municipality, PoliceArea

COUNTY_CODE = r"^[0-9]{2}$"
SLUG = r"^[-a-z0-9_]+$"
FIRST_YEAR, LAST_YEAR = 2000, 2100

#: The phases of `CitizenPromise.phase()`, as the pages say them.
PHASES = {
    "pagaende": "ongoing",
    "kommande": "upcoming",
    "avslutat": "ended",
    "tillbakadraget": "withdrawn",
}


def _text(pattern, message, *, label, **kwargs):
    # The same pattern for the form and the schema, so that whatever the schema allows is
    # accepted (Python's `$` also allows one final line break; such a value finds nothing).
    validator = RegexValidator(pattern, message)
    return extend_schema_field({"type": "string", "pattern": pattern, "description": label})(
        filters.CharFilter(validators=[validator], label=label, **kwargs)
    )


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


def _integer(minimum, maximum, *, label, **kwargs):
    schema = {"type": "integer", "minimum": minimum, "maximum": maximum, "description": label}
    return extend_schema_field(schema)(
        IntegerFilter(min_value=minimum, max_value=maximum, label=label, **kwargs)
    )


def _year(**kwargs):
    return _integer(FIRST_YEAR, LAST_YEAR, **kwargs)


def _period_number(**kwargs):
    return filters.ChoiceFilter(
        choices=[(1, "1"), (2, "2"), (3, "3")],
        label=_(
            "Uppföljningens period under året: halvår 1–2, tertial 1–3; 1 för helår och för "
            "hela perioden."
        ),
        **kwargs,
    )


def _cadence(**kwargs):
    return filters.ChoiceFilter(
        choices=CitizenPromise.Cadence.choices,
        label=_("Medborgarlöftets uppföljningsintervall."),
        **kwargs,
    )


def county_filter():
    return _text(
        COUNTY_CODE,
        _("Ange länet med dess tvåsiffriga länskod, t.ex. 04 för Södermanlands län."),
        method="filter_county",
        label=_("Län, som tvåsiffrig länskod (t.ex. 04)."),
    )


def municipality_filter():
    return _text(
        SLUG,
        _("Ange kommunen med dess kommunkod (t.ex. 0428) eller kortnamn (t.ex. vingaker)."),
        method="filter_municipality",
        label=_("Kommun, som fyrsiffrig kommunkod (t.ex. 0428) eller kortnamn (t.ex. vingaker)."),
    )


class PromiseScopeFilterSet(filters.FilterSet):
    """Filters on the document a row belongs to."""

    promise_path = ""

    lan = county_filter()
    kommun = municipality_filter()
    lokalpolisomrade = _text(
        SLUG,
        _("Ange lokalpolisområdet med dess kortnamn, t.ex. lokalpolisomrade-katrineholm."),
        method="filter_police_area",
        label=_("Lokalpolisområde, som kortnamn (t.ex. lokalpolisomrade-katrineholm)."),
    )
    fokusomrade = _text(
        SLUG,
        _("Ange fokusområdet med dess kortnamn, t.ex. trafik."),
        method="filter_focus_area",
        label=_("Fokusområde, som kortnamn (t.ex. trafik)."),
    )
    fas = filters.ChoiceFilter(
        choices=[
            ("pagaende", _("pågående")),
            ("kommande", _("kommande")),
            ("avslutat", _("avslutat")),
            ("tillbakadraget", _("tillbakadraget")),
        ],
        method="filter_phase",
        label=_("Medborgarlöftets fas i dag."),
    )

    def on_promise(self, queryset, **lookups):
        return queryset.filter(**{self.promise_path + k: v for k, v in lookups.items()})

    def filter_county(self, queryset, name, value):
        return self.on_promise(queryset, municipality__county__code=value)

    def filter_municipality(self, queryset, name, value):
        if value.isdigit():
            return self.on_promise(queryset, municipality__code=value)
        return self.on_promise(queryset, municipality__slug=value)

    def filter_police_area(self, queryset, name, value):
        return self.on_promise(queryset, police_area__slug=value)

    def filter_focus_area(self, queryset, name, value):
        area = Subquery(FocusArea.objects.filter(slug=value).values("pk")[:1])
        documents = Commitment.objects.in_focus_area(area).values("promise_id")
        return self.on_promise(queryset, pk__in=documents)

    def filter_phase(self, queryset, name, value):
        documents = CitizenPromise.objects.in_phase(PHASES[value]).values("pk")
        return self.on_promise(queryset, pk__in=documents)

    def filter_valid_in_year(self, queryset, name, value):
        """Documents valid at some time during the year, as the focus area page filters."""
        return self.on_promise(queryset, valid_from__year__lte=value, valid_until__year__gte=value)


class PromiseFilterSet(PromiseScopeFilterSet):
    ar = _year(method="filter_valid_in_year", label=_("Medborgarlöften som gäller under året."))

    class Meta:
        model = CitizenPromise
        fields = []


class CommitmentFilterSet(PromiseScopeFilterSet):
    promise_path = "promise__"

    ar = _year(
        method="filter_valid_in_year", label=_("Löften i medborgarlöften som gäller under året.")
    )
    medborgarlofte = _integer(
        1, 2**63 - 1, field_name="promise_id", label=_("Medborgarlöftets id.")
    )
    part = filters.ChoiceFilter(
        choices=PartyRole.choices,
        method="filter_role",
        label=_(
            "Vem som lovar: polisen eller kommunen tar del i löftet (ensam eller med andra), "
            "gemensamt (fler än en part) eller en annan part."
        ),
    )
    status = filters.ChoiceFilter(
        choices=Status.choices,
        field_name="latest_status",
        label=_("Status i den senaste publicerade uppföljningen."),
    )

    class Meta:
        model = Commitment
        fields = []

    def filter_role(self, queryset, name, value):
        return queryset.with_role(value)

    def filter_focus_area(self, queryset, name, value):
        # A löfte's own focus areas (directly or through the document's own ones mapped to
        # it), not those of its document's other löften.
        area = Subquery(FocusArea.objects.filter(slug=value).values("pk")[:1])
        return queryset.in_focus_area(area)


class FollowUpFilterSet(PromiseScopeFilterSet):
    promise_path = "promise__"

    ar = _year(field_name="year", label=_("Uppföljningens år."))
    period = _period_number(field_name="number")
    intervall = _cadence(field_name="promise__cadence")
    medborgarlofte = _integer(
        1, 2**63 - 1, field_name="promise_id", label=_("Medborgarlöftets id.")
    )

    class Meta:
        model = FollowUp
        fields = []


class StatusFilterSet(PromiseScopeFilterSet):
    promise_path = "followup__promise__"

    ar = _year(field_name="followup__year", label=_("Uppföljningens år."))
    period = _period_number(field_name="followup__number")
    intervall = _cadence(field_name="followup__promise__cadence")
    status = filters.ChoiceFilter(choices=Status.choices, label=_("Status."))
    loefte = _integer(1, 2**63 - 1, field_name="commitment_id", label=_("Löftets id."))

    class Meta:
        model = CommitmentStatus
        fields = []


class MunicipalityFilterSet(filters.FilterSet):
    lan = _text(
        COUNTY_CODE,
        _("Ange länet med dess tvåsiffriga länskod, t.ex. 04 för Södermanlands län."),
        field_name="county__code",
        label=_("Län, som tvåsiffrig länskod (t.ex. 04)."),
    )
    q = extend_schema_field(
        {
            "type": "string",
            "maxLength": 100,
            "pattern": "^[^\\x00]*$",
            "description": _("Del av kommunens namn."),
        }
    )(
        filters.CharFilter(
            field_name="name",
            lookup_expr="icontains",
            max_length=100,
            label=_("Del av kommunens namn."),
        )
    )

    class Meta:
        model = Municipality
        fields = []


class PoliceAreaFilterSet(filters.FilterSet):
    lan = county_filter()
    kommun = municipality_filter()

    class Meta:
        model = PoliceArea
        fields = []

    def filter_county(self, queryset, name, value):
        served = PoliceArea.municipalities.through.objects.filter(municipality__county__code=value)
        return queryset.filter(pk__in=served.values("policearea_id"))

    def filter_municipality(self, queryset, name, value):
        key = "municipality__code" if value.isdigit() else "municipality__slug"
        served = PoliceArea.municipalities.through.objects.filter(**{key: value})
        return queryset.filter(pk__in=served.values("policearea_id"))
