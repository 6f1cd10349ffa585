"""The values of a medborgarlöfte's effect indicators (`loften.EffectIndicator`), measured and
added over time while the signed document runs.

When a value is public (`public_values_q`, the one rule): its document is public, and either it
names no follow-up (it is public as soon as it is saved) or the follow-up it was reported in is
published (it becomes public with that report). A public value is never changed silently: a
change to its figure, year or date needs a correction (`correction`), which the pages show beside
it and the history keeps with the earlier figure (`followup.indicators.indicator_value_save`)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loften import lifecycle
from loften.models import EffectIndicator, format_figure
from loften.models.indicators import YEAR_VALIDATORS, indicator_value_field
from municipalities.history import AuthoredHistoricalRecords

from .models import NO_NUL, FollowUp


def reported_q(prefix=""):
    """A value's own side of the rule: it names no follow-up, or a published one."""
    return Q(**{f"{prefix}followup__isnull": True}) | Q(
        **{f"{prefix}followup__state": FollowUp.State.PUBLISHED}
    )


def public_values_q(prefix=""):
    """What citizens see of indicator values: reported (`reported_q`) for a public document.
    `prefix` leads from a row to its value."""
    return Q(**{f"{prefix}indicator__promise__state__in": lifecycle.PUBLIC_STATES}) & reported_q(
        prefix
    )


class IndicatorValueQuerySet(models.QuerySet):
    def published(self):
        return self.filter(public_values_q())

    def in_time_order(self):
        return self.order_by("year", models.F("measured_on").asc(nulls_first=True), "pk")


class IndicatorValue(models.Model):
    """One measured value of an effect indicator: the figure, when it was measured (a year, or a
    date in it), an optional note and the follow-up it was reported in."""

    indicator = models.ForeignKey(
        EffectIndicator,
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("effektindikator"),
    )
    value = indicator_value_field(_("värde"))
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    measured_on = models.DateField(
        _("mätdatum"),
        null=True,
        blank=True,
        help_text=_("Valfritt, när mätningen har ett datum. Ska ligga inom året."),
    )
    note = models.TextField(_("anteckning"), blank=True, validators=[NO_NUL])
    followup = models.ForeignKey(
        FollowUp,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_values",
        verbose_name=_("redovisat i uppföljning"),
        help_text=_(
            "Valfritt. Med en uppföljning blir värdet publikt när uppföljningen publiceras; "
            "utan blir det publikt direkt."
        ),
    )
    correction = models.TextField(
        _("rättelse"),
        blank=True,
        validators=[NO_NUL],
        help_text=_(
            "Krävs när du ändrar ett värde som redan är publikt: vad som rättades och varför. "
            "Visas för invånarna bredvid värdet."
        ),
    )

    history = AuthoredHistoricalRecords()
    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator_id", "year", "measured_on", "pk"]
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(measured_on__isnull=True),
                name="indicatorvalue_one_per_year",
                violation_error_message=_("Indikatorn har redan ett värde för det året."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                condition=Q(measured_on__isnull=False),
                name="indicatorvalue_one_per_date",
                violation_error_message=_("Indikatorn har redan ett värde för det datumet."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} – {self.when_label()}: {self.label()}"

    def label(self):
        return format_figure(self.value, self.indicator.unit)

    def when_label(self):
        return self.measured_on.isoformat() if self.measured_on else str(self.year)

    def clean(self):
        super().clean()
        errors = {}
        if self.measured_on is not None and self.year and self.measured_on.year != self.year:
            errors["measured_on"] = _("Mätdatumet ska ligga inom året %(year)s.") % {
                "year": self.year
            }
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None:
            if self.year and self.year < indicator.baseline_year:
                errors["year"] = _(
                    "Året ligger före utgångsvärdets år %(year)s. Ett senare värde mäts samma "
                    "år eller senare."
                ) % {"year": indicator.baseline_year}
            if self.followup_id and self.followup.promise_id != indicator.promise_id:
                errors["followup"] = _(
                    "Uppföljningen hör till ett annat medborgarlöfte än indikatorn. Välj en "
                    "uppföljning av ”%(promise)s”."
                ) % {"promise": indicator.promise}
        if errors:
            raise ValidationError(errors)
