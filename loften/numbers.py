"""Numbers as a Swede writes them, for the figures of löften (targets, rates, achieved values)."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.formats import number_format


def number(value: Decimal | Fraction | int | None, decimals: int = 2) -> str:
    """Decimal comma, at most `decimals` decimals, no trailing zeros ("0,78", "1", "12,5");
    "" for None."""
    if value is None:
        return ""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    quantum = Decimal(1).scaleb(-decimals)
    value = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return number_format(value, use_l10n=True)
