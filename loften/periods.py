"""How a validity period is written. Real documents are often for one calendar year ("för 2024")
or for whole years ("2023–2024"); those are written as years, never "2024–2024". Any other period
is written with its dates."""

import datetime

from django.utils.translation import gettext


def _whole_years(start: datetime.date, end: datetime.date) -> tuple[int, int] | None:
    if (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
        return start.year, end.year
    return None


def period_label(start: datetime.date, end: datetime.date) -> str:
    """'2024', '2023–2024' or '2025-07-01 – 2026-06-30'."""
    years = _whole_years(start, end)
    if years is None:
        return f"{start.isoformat()} – {end.isoformat()}"
    first, last = years
    return str(first) if first == last else f"{first}–{last}"


def period_slug(start: datetime.date, end: datetime.date) -> str:
    """The same for file names: '2024', '2023-2024' or '2025-07-01-2026-06-30'."""
    years = _whole_years(start, end)
    if years is None:
        return f"{start.isoformat()}-{end.isoformat()}"
    first, last = years
    return str(first) if first == last else f"{first}-{last}"


def period_text(start: datetime.date | None, end: datetime.date | None) -> str:
    """A period that may be open at either end (a löfte's own): as `period_label`, or "från
    2025-09-01", "till 2026-12-31"; "" without dates."""
    if start and end:
        return period_label(start, end)
    if start:
        return gettext("från %(date)s") % {"date": start.isoformat()}
    if end:
        return gettext("till %(date)s") % {"date": end.isoformat()}
    return ""
