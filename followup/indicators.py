"""Effect indicators over time: writing their values, reading what citizens may see of them,
and the chart that shows them (drawn as SVG by `templates/print/_indicator_svg.html`, always with
the table `_indicator_table.html` beside it that says the same; see `followup.charts` for the
rules every chart follows).

The indicators themselves are part of the signed document (`loften.EffectIndicator`); the values
(`IndicatorValue`) are added by the document's parties while it runs, and when a value is public
is `indicator_values.public_values_q`."""

import dataclasses
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from loften import lifecycle
from loften.models import CitizenPromise, EffectIndicator, format_figure
from municipalities import permissions

from .indicator_values import IndicatorValue, reported_q
from .models import FollowUp

# --- Writes --------------------------------------------------------------------------------------

#: The fields of a value whose change, once the value is public, is a correction.
CORRECTED_FIELDS = ("value", "year", "measured_on")


def _check_document(user, promise: CitizenPromise) -> None:
    if not permissions.can_edit(user, promise):
        raise PermissionDenied(
            _("Du får inte lägga in värden för ”%(title)s”: din organisation är inte part i det.")
            % {"title": promise.title}
        )
    if promise.state not in lifecycle.FOLLOWED_UP_STATES:
        raise ValidationError(
            _(
                "”%(title)s” är %(state)s. Värden läggs in för undertecknade och publicerade "
                "medborgarlöften."
            )
            % {"title": promise.title, "state": promise.get_state_display()},
            code="state",
        )


def is_public(value: IndicatorValue) -> bool:
    return IndicatorValue.objects.published().filter(pk=value.pk).exists()


def check_value_save(value: IndicatorValue, user: AbstractBaseUser, promise=None) -> str:
    """Whether `user` may save `value` as it is now; the reason for its history. The admin's
    form asks it to show a refusal beside the fields; `indicator_value_save` asks again with
    the rows locked (`promise`, the locked document)."""
    _check_document(user, promise or value.indicator.promise)
    if value.pk is None:
        return _("Värde tillagt")
    stored = IndicatorValue.objects.select_related("followup").get(pk=value.pk)
    if stored.indicator_id != value.indicator_id:
        raise ValidationError(
            _("Ett värde kan inte flyttas till en annan indikator."), code="moved"
        )
    public = is_public(stored)
    if public and value.followup_id and value.followup.state != FollowUp.State.PUBLISHED:
        raise ValidationError(
            {
                "followup": _(
                    "Värdet är redan publikt och kan inte flyttas till en uppföljning som inte "
                    "är publicerad: då skulle det försvinna från webbplatsen utan förklaring."
                )
            },
            code="unpublished_followup",
        )
    changed = [f for f in CORRECTED_FIELDS if getattr(stored, f) != getattr(value, f)]
    if not (changed and public):
        return _("Värde ändrat")
    if not value.correction.strip() or value.correction.strip() == stored.correction.strip():
        raise ValidationError(
            {
                "correction": _(
                    "Värdet %(label)s för %(when)s är redan publikt. Skriv i ”Rättelse” vad som "
                    "ändras och varför; det visas bredvid värdet."
                )
                % {"label": stored.label(), "when": stored.when_label()}
            },
            code="correction_required",
        )
    return _("Rättat från %(label)s för %(when)s") % {
        "label": stored.label(),
        "when": stored.when_label(),
    }


def indicator_value_save(*, value: IndicatorValue, user: AbstractBaseUser) -> IndicatorValue:
    """Add a value to an indicator, or change one. A public value's figure, year or date change
    only with a new correction that says what and why (`value.correction`); the history keeps
    the earlier figure."""
    with transaction.atomic():
        promise = CitizenPromise.objects.select_for_update().get(pk=value.indicator.promise_id)
        if value.pk is not None:
            IndicatorValue.objects.select_for_update().get(pk=value.pk)
        reason = check_value_save(value, user, promise)
        value.full_clean()
        value._history_user = user
        value._change_reason = reason
        value.save()
    return value


def indicator_value_delete(*, value: IndicatorValue, user: AbstractBaseUser) -> None:
    """Remove a value citizens have not seen; a public value is corrected, never removed."""
    with transaction.atomic():
        promise = CitizenPromise.objects.select_for_update().get(pk=value.indicator.promise_id)
        _check_document(user, promise)
        if is_public(value):
            raise ValidationError(
                _(
                    "Värdet %(label)s för %(when)s är publikt och tas inte bort. Rätta det i "
                    "stället, med en rättelse som säger varför."
                )
                % {"label": value.label(), "when": value.when_label()},
                code="public",
            )
        value._history_user = user
        value.delete()


# --- The chart -----------------------------------------------------------------------------------

#: Nice steps for the top of the scale, times a power of ten.
_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def scale_top(largest: Decimal) -> Decimal:
    """The smallest nice number (1, 1.2, 1.5, 2 … times a power of ten) at or above `largest`."""
    if largest <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(largest))) - 1)
    for step in _STEPS:
        top = Decimal(str(step)) * power
        if top >= largest:
            return top
    return 10 * power  # pragma: no cover - 10 × power always covers `largest`


@dataclasses.dataclass(frozen=True)
class Point:
    when: str  # the year, or the date, of the measurement
    label: str  # the figure with its unit, as the table writes it
    x: int
    y: int
    is_baseline: bool
    note: str
    correction: str


@dataclasses.dataclass(frozen=True)
class Tick:
    label: str
    y: int


@dataclasses.dataclass(frozen=True)
class IndicatorChart:
    """One indicator with its values as plain data: what the pages and the follow-up PDF draw
    and tabulate (the same numbers in both, from `format_figure`)."""

    pk: int
    name: str
    unit: str
    source: str
    direction: str  # "öka" or "minska"
    baseline: str
    baseline_year: int
    target: str
    points: tuple[Point, ...]
    ticks: tuple[Tick, ...]
    target_y: int | None
    path: str
    width: int
    height: int
    margin_left: int
    plot_right: int
    label_y: int

    @property
    def values(self):
        """The measured values, after the baseline."""
        return self.points[1:]


def indicator_chart(indicator: EffectIndicator, values, *, width=640, height=240):
    """The chart of `indicator` with `values` (its `IndicatorValue`s in time order): the
    baseline first, each value at its height, the target as a line across."""
    margin_left, margin_right, margin_top, margin_bottom = 64, 80, 28, 40  # room for labels
    plot_height = height - margin_top - margin_bottom
    plot_width = width - margin_left - margin_right
    rows = [(str(indicator.baseline_year), indicator.baseline_value, True, "", "")]
    rows += [(v.when_label(), v.value, False, v.note.strip(), v.correction.strip()) for v in values]
    figures = [figure for _when, figure, *_rest in rows]
    if indicator.target_value is not None:
        figures.append(indicator.target_value)
    top = scale_top(max(figures))

    def y_of(figure):
        return round(margin_top + plot_height * (1 - float(figure) / float(top)))

    slot = plot_width / len(rows)
    points = tuple(
        Point(
            when=when,
            label=format_figure(figure, indicator.unit),
            x=round(margin_left + slot * (index + 0.5)),
            y=y_of(figure),
            is_baseline=is_baseline,
            note=note,
            correction=correction,
        )
        for index, (when, figure, is_baseline, note, correction) in enumerate(rows)
    )
    return IndicatorChart(
        pk=indicator.pk,
        name=indicator.name,
        unit=indicator.unit,
        source=indicator.source_label(),
        direction=str(indicator.get_direction_display()),
        baseline=indicator.baseline_label(),
        baseline_year=indicator.baseline_year,
        target=indicator.target_label(),
        points=points,
        ticks=tuple(
            Tick(label=format_figure(figure, indicator.unit), y=y_of(figure))
            for figure in (Decimal(0), top / 2, top)
        ),
        target_y=y_of(indicator.target_value) if indicator.target_value is not None else None,
        path=" ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points)),
        width=width,
        height=height,
        margin_left=margin_left,
        plot_right=width - margin_right,
        label_y=height - margin_bottom + 20,
    )


# --- Reads ---------------------------------------------------------------------------------------


def measured_by_q(followup) -> Q:
    """The values a follow-up shows: measured by the last day of its period (a value with only
    a year counts from that year's last day), and those reported in it."""
    end = followup.period.end
    by_year = Q(measured_on__isnull=True) & (
        Q(year__lt=end.year) | Q(year=end.year)
        if (end.month, end.day) == (12, 31)
        else Q(year__lt=end.year)
    )
    return Q(measured_on__lte=end) | by_year | Q(followup=followup)


def indicator_charts(promise: CitizenPromise | int, *, followup=None) -> list[IndicatorChart]:
    """The charts of a document's indicators, with the values citizens may see of them; for a
    follow-up, those it shows (`measured_by_q`). The document's own state is the caller's check
    (the admin's preview of a signed document shows what citizens will see once it is
    published). Two queries."""
    values = IndicatorValue.objects.filter(reported_q()).in_time_order()
    if followup is not None:
        values = values.filter(measured_by_q(followup))
    indicators = EffectIndicator.objects.filter(
        promise=getattr(promise, "pk", promise)
    ).prefetch_related(Prefetch("values", queryset=values, to_attr="shown_values"))
    return [indicator_chart(indicator, indicator.shown_values) for indicator in indicators]
