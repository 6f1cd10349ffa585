"""A status row's figures in words, as every page, the admin, the PDF, the API and the spreadsheet
write them: a recurring löfte's rate against its target ("0,78 per dygn (mål: minst 1 per
dygn)") and each measure's achieved value against its target ("ca 100 av 120 st"). The numbers
come from `followup.progress`; this module only writes them."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from loften.numbers import number

from . import progress


def approximate(value: Decimal | None, is_approximate: bool) -> str:
    """ "ca 100" for an approximate value, "100" otherwise, "" for none: also the spreadsheet's
    form, read back by `parse_approximate`."""
    if value is None:
        return ""
    text = number(value)
    return _("ca %(value)s") % {"value": text} if is_approximate else text


@dataclass(frozen=True)
class RateFigure:
    count: int
    rate: Fraction
    text: str  # "0,78 per dygn (mål: minst 1 per dygn)"


@dataclass(frozen=True)
class MeasureFigure:
    measure: object
    value: Decimal | None
    approximate: bool
    text: str  # "ca 100 av 120 st"

    @property
    def name(self):
        return self.measure.name


def rate_text(rate, commitment) -> str:
    per = commitment.get_rate_per_display()
    return _("%(rate)s per %(per)s (mål: minst %(target)s per %(per)s)") % {
        "rate": number(rate),
        "per": per,
        "target": number(commitment.rate_target),
    }


def measure_text(measure, value: Decimal | None, is_approximate: bool) -> str:
    if value is None:
        return _("ej redovisat")
    achieved = approximate(value, is_approximate)
    if measure.target is None:
        return " ".join(filter(None, [achieved, measure.unit]))
    return _("%(achieved)s av %(target)s") % {
        "achieved": achieved,
        "target": measure.target_text(),
    }


def row_rate(row) -> RateFigure | None:
    """A status row's rate (read with `progress.rows_for_figures`), or None."""
    value = progress.rate(row.count, row.commitment, row.followup)
    if value is None:
        return None
    return RateFigure(count=row.count, rate=value, text=rate_text(value, row.commitment))


def row_measures(row, commitment=None) -> list[MeasureFigure]:
    """Every measure of the row's löfte (or of `commitment`, the same löfte read with its
    measures), with the row's value where it has one."""
    values = {v.measure_id: v for v in row.measure_values.all()}
    figures = []
    for measure in (commitment or row.commitment).measures.all():
        value = values.get(measure.pk)
        achieved = value.value if value else None
        is_approximate = bool(value and value.approximate)
        figures.append(
            MeasureFigure(
                measure=measure,
                value=achieved,
                approximate=is_approximate,
                text=measure_text(measure, achieved, is_approximate),
            )
        )
    return figures


def row_texts(row, commitment=None) -> list[str]:
    """The row's figures as short texts: "142 trafikkontroller, 0,78 per dygn (mål: minst 1
    per dygn)", "Trafikkontroller: ca 100 av 120 st" (`commitment`: see `row_measures`)."""
    if row is None:
        return []
    texts = []
    if (figure := row_rate(row)) is not None:
        texts.append(f"{figure.count} {row.commitment.rate_counted}, {figure.text}")
    texts += [f"{m.name}: {m.text}" for m in row_measures(row, commitment) if m.value is not None]
    return texts


def _plain(value):
    """A Decimal or Fraction as a JSON number: an int when whole, else a float of two decimals."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int(value) if value == value.to_integral() else float(value)


def measures_data(commitment, row) -> list[dict]:
    """The löfte's measures with the values of `row` (its status in one follow-up, or None), for
    the API and open data."""
    values = {v.measure_id: v for v in row.measure_values.all()} if row is not None else {}
    data = []
    for measure in commitment.measures.all():
        value = values.get(measure.pk)
        achieved = value.value if value else None
        is_approximate = bool(value and value.approximate)
        data.append(
            {
                "name": measure.name,
                "unit": measure.unit,
                "target": _plain(measure.target),
                "value": _plain(achieved),
                "approximate": is_approximate,
                "text": measure_text(measure, achieved, is_approximate),
            }
        )
    return data


def rate_data(commitment, row) -> dict | None:
    """A recurring löfte's rate target and, with `row`, its count and rate, for the API."""
    if not commitment.is_recurring:
        return None
    figure = row_rate(row) if row is not None else None
    return {
        "target": _plain(commitment.rate_target),
        "per": commitment.rate_per,
        "counted": commitment.rate_counted,
        "target_text": commitment.rate_target_text(),
        "count": row.count if row is not None else None,
        "rate": _plain(figure.rate) if figure else None,
        "text": figure.text if figure else "",
    }
