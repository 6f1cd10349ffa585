"""The search's filters (django-filter). Their state lives in the URL's query string, so a
search can be shared and bookmarked; each works alone, with the others and with the search.

Part, latest status and focus area are about löften: a document is kept when one and the same
löfte meets all three (a police löfte in Trafik that is done), and those löften are the ones
shown under it."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followup.models import Status
from followup.selectors import commitments_with_latest_status
from loften.models import Commitment, CommitmentQuerySet, FocusArea, PartyRole
from municipalities.models import County, Municipality, PoliceArea

from .engine import engine

#: The longest search accepted; longer ones are refused with a message, not cut short.
MAX_SEARCH_LENGTH = 200

ONGOING, ENDED = "pagaende", "avslutade"
FIRST_YEAR = 2015


def year_choices():
    return [(str(y), str(y)) for y in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]


class SearchForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound in self:
            widget = bound.field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class SearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Sökord"),
        method="filter_text",
        max_length=MAX_SEARCH_LENGTH,
        error_messages={
            "max_length": _(
                "Sökningen får vara högst %(limit_value)d tecken (den har %(show_value)d). "
                "Korta den och sök igen."
            )
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # Plain choices (code or slug, name), set per request in __init__: model instances for
    # 290 kommuner and every police area made up most of the page's time.
    lan = django_filters.ChoiceFilter(
        label=_("Län"), field_name="municipality__county__code", empty_label=_("Alla län")
    )
    kommun = django_filters.ChoiceFilter(
        label=_("Kommun"), field_name="municipality__slug", empty_label=_("Alla kommuner")
    )
    lokalpolisomrade = django_filters.ChoiceFilter(
        label=_("Lokalpolisområde"),
        field_name="police_area__slug",
        empty_label=_("Alla lokalpolisområden"),
    )
    fokusomrade = django_filters.ChoiceFilter(
        label=_("Fokusområde"), method="filter_commitments", empty_label=_("Alla fokusområden")
    )
    part = django_filters.ChoiceFilter(
        label=_("Part"),
        choices=PartyRole.choices,
        method="filter_commitments",
        empty_label=_("Alla parter"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Löftets senaste status"),
        choices=Status.choices,
        method="filter_commitments",
        empty_label=_("Alla statusar"),
    )
    ar = django_filters.ChoiceFilter(
        label=_("Gäller under år"),
        choices=[],  # this year's list, set per request in __init__
        method="filter_year",
        empty_label=_("Alla år"),
    )
    giltighet = django_filters.ChoiceFilter(
        label=_("Pågående eller avslutade"),
        choices=[(ONGOING, _("Pågående")), (ENDED, _("Avslutade"))],
        method="filter_validity",
        empty_label=_("Alla"),
    )

    class Meta:
        form = SearchForm
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {
            "lan": County.objects.values_list("code", "name"),
            "kommun": Municipality.objects.order_by("name").values_list("slug", "name"),
            "lokalpolisomrade": PoliceArea.objects.order_by("name").values_list("slug", "name"),
            "fokusomrade": FocusArea.objects.order_by("name").values_list("slug", "name"),
            "ar": year_choices(),
        }
        self._choices = {name: list(values) for name, values in choices.items()}

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            # Set on the form's own fields: given to the filters, each list was deep-copied
            # with its field when the form was made (`Form.__init__`), half of the form's time.
            for name, values in self._choices.items():
                form.fields[name].choices = values
        return self._form

    def _valid_data(self):
        # The valid fields of a partly invalid form still filter (as django-filter does); the
        # invalid ones are shown with their errors.
        self.errors  # noqa: B018 (validates the form)
        return getattr(self.form, "cleaned_data", {})

    @property
    def text(self):
        """The search as the visitor wrote it, once valid; "" without one."""
        return (self._valid_data().get("q") or "").strip()

    def filter_text(self, queryset, name, value):
        # Ranking and ordering are the engine's; an empty search filters nothing.
        value = value.strip()
        return engine(value).match(queryset) if value else queryset

    def filter_commitments(self, queryset, name, value):
        # Applied together in filter_queryset, so that one löfte meets all of them.
        return queryset

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(
            valid_from__lte=datetime.date(year, 12, 31), valid_until__gte=datetime.date(year, 1, 1)
        )

    def filter_validity(self, queryset, name, value):
        today = timezone.localdate()
        if value == ONGOING:
            return queryset.in_force().current(today)
        return queryset.in_force().filter(valid_until__lt=today)

    def _chooses_commitments(self):
        return any(self._valid_data().get(name) for name in ("part", "status", "fokusomrade"))

    def _chosen(self, commitments: CommitmentQuerySet) -> CommitmentQuerySet:
        """`commitments` narrowed by the part, status and focus-area filters; `latest_status`
        must be annotated when the status filter is set."""
        data = self._valid_data()
        if data.get("part"):
            commitments = commitments.with_role(data["part"])
        if data.get("status"):
            commitments = commitments.filter(latest_status=data["status"])
        if data.get("fokusomrade"):
            area = FocusArea.objects.filter(slug=data["fokusomrade"]).values("pk")
            commitments = commitments.in_focus_area(Subquery(area[:1]))
        return commitments

    def commitments(self) -> CommitmentQuerySet | None:
        """The public löften that the part, status and focus-area filters choose, with their
        latest status; None when none of those filters is set."""
        if not self._chooses_commitments():
            return None
        return self._chosen(commitments_with_latest_status(Commitment.objects.published()))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self._chooses_commitments():
            # Whether a document has such a löfte: the documents are public already, and the
            # join on the latest statuses is made only when the status filter needs it (for
            # every löfte of the country it was most of the search's time).
            commitments = Commitment.objects.all()
            if self._valid_data().get("status"):
                commitments = commitments_with_latest_status(commitments)
            chosen = self._chosen(commitments).filter(promise=OuterRef("pk"))
            queryset = queryset.filter(Exists(chosen))
        if not self.text:
            queryset = queryset.order_by("-valid_from", "municipality__name", "pk")
        return queryset
