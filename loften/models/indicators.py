"""A medborgarlöfte's effect indicators (effektindikatorer): what the parties will measure to see
whether the promises have the intended effect, with a baseline and a desired direction. They are
part of the signed content (`lifecycle.CONTENT_PARTS`); the values measured later are
`followup.IndicatorValue`."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from municipalities.history import AuthoredHistoricalRecords

from .document import CitizenPromise

#: The years a baseline or a value may be measured in.
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def indicator_value_field(verbose_name, **options):
    """A measured figure, zero or more: up to ten digits before the decimal comma, two after."""
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        **options,
    )


def format_figure(value: Decimal | None, unit: str = "") -> str:
    """A figure as the pages, the PDF and the chart write it: Swedish decimal comma, no trailing
    zeros ("40 %", "12,5 anmälda brott"). The one place, so that chart and table agree."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        text = number_format(int(value))
    else:
        text = number_format(value.quantize(Decimal("0.01")).normalize())
    return f"{text} {unit}".strip()


class EffectIndicator(models.Model):
    """One effect indicator of a document: a name, a unit, where the figures come from, the
    baseline and its year, an optional target and the direction the parties want."""

    class Source(models.TextChoices):
        SAFETY_SURVEY = "safety_survey", _("trygghetsmätning")
        NTU = "ntu", _("NTU (Nationella trygghetsundersökningen)")
        REPORTED_CRIMES = "reported_crimes", _("anmälda brott")
        CITIZEN_DIALOGUE = "citizen_dialogue", _("medborgardialog")
        OTHER = "other", _("annan")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("öka")
        DECREASE = "decrease", _("minska")

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="effect_indicators",
        verbose_name=_("medborgarlöfte"),
    )
    name = models.CharField(
        _("namn"),
        max_length=200,
        help_text=_("T.ex. Andel invånare som känner sig otrygga vid järnvägsstationen."),
    )
    unit = models.CharField(
        _("enhet"),
        max_length=60,
        # xgettext:no-python-format
        help_text=_("T.ex. % eller anmälda brott."),
    )
    source = models.CharField(_("källa"), max_length=30, choices=Source.choices)
    source_description = models.CharField(
        _("om källan"),
        max_length=300,
        blank=True,
        help_text=_("Valfritt, t.ex. vem som mäter och hur. Krävs när källan är ”annan”."),
    )
    baseline_value = indicator_value_field(_("utgångsvärde"))
    baseline_year = models.PositiveSmallIntegerField(
        _("utgångsvärdets år"), validators=YEAR_VALIDATORS
    )
    target_value = indicator_value_field(
        _("mål"), null=True, blank=True, help_text=_("Valfritt målvärde.")
    )
    direction = models.CharField(_("önskad riktning"), max_length=10, choices=Direction.choices)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("effektindikator")
        verbose_name_plural = _("effektindikatorer")

    def __str__(self):
        return self.name

    def baseline_label(self):
        return format_figure(self.baseline_value, self.unit)

    def target_label(self):
        return format_figure(self.target_value, self.unit)

    def source_label(self):
        """The source as citizens read it: its kind, and what the document says about it."""
        kind = self.get_source_display()
        return f"{kind}: {self.source_description}" if self.source_description else str(kind)

    def clean(self):
        super().clean()
        errors = {}
        if self.source == self.Source.OTHER and not self.source_description.strip():
            errors["source_description"] = _("Beskriv källan när den är ”annan”.")
        if self.target_value is not None and self.baseline_value is not None:
            wrong_way = (
                self.direction == self.Direction.DECREASE
                and self.target_value >= self.baseline_value
            ) or (
                self.direction == self.Direction.INCREASE
                and self.target_value <= self.baseline_value
            )
            if wrong_way:
                errors["target_value"] = _(
                    "Målet ska ligga åt det håll som indikatorn ska %(direction)s, från "
                    "utgångsvärdet %(baseline)s. Ändra målet eller den önskade riktningen."
                ) % {
                    "direction": self.get_direction_display(),
                    "baseline": format_figure(self.baseline_value, self.unit),
                }
        if errors:
            raise ValidationError(errors)
