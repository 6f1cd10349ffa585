"""How far a commitment has come in one follow-up: the one rule every figure is computed from.

The rule, for one commitment's status row in one follow-up:

1. **The status decides** when it states the amount itself: *genomförd* is 100 % and *ej
   påbörjad* 0 %, whatever numbers were entered (`STATUS_DECIDES`).
2. **Rate:** otherwise, for a recurring commitment (`Commitment.is_recurring`, "minst 1
   trafikkontroll per dygn") whose row has a count, the rate over the follow-up's period (the
   count per day, week, month or period, `rate`) against the commitment's rate target, in whole
   percent rounded down and capped at 100 %.
3. **Measures:** otherwise, over the commitment's measures that have a target and a value in the
   row, each measure's value / target (whole percent, rounded down, capped at 100 %), and the
   row's figure the average of those, rounded down. An approximate value ("ca 100") counts as
   its number.
4. **By status** otherwise: the table `STATUS_PROGRESS` (löper enligt plan 100 %, delvis
   genomförd and under plan 50 %, pågår 25 %, others 0 %).

`progress_percent` is the rule. `refresh_progress` is the one writer of its result: it stores
each row's figure in `CommitmentStatus.progress`, and is called whenever a row or one of its
measure values is written (`CommitmentStatus.save`, `MeasureValue.save`/`delete`, and the
services' bulk writes), inside the same transaction. Averages in SQL read that column, so the
rule is never repeated in SQL. A document's (or a follow-up's, or a focus area's) progress is
the average of its commitments' figures, rounded by `rounded`.
"""

import calendar
import datetime
import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from django.db.models import Avg
from django.utils.translation import gettext as _

from loften.models import RatePer

from .models import CommitmentStatus, Status

#: Statuses that state the amount themselves: they decide the figure even where numbers exist.
STATUS_DECIDES = {
    Status.DONE: 100,
    Status.NOT_STARTED: 0,
}

#: The figure of the other statuses where nothing is counted. Statuses not listed count as 0 %.
STATUS_PROGRESS = {
    Status.ON_TRACK: 100,
    Status.PARTLY_DONE: 50,
    Status.BELOW_PLAN: 50,
    Status.IN_PROGRESS: 25,
}

FULL = 100


def _share(value, target) -> int:
    """value / target in whole percent, rounded down, capped at 100 %."""
    return min(FULL, math.floor(FULL * Fraction(value) / Fraction(target)))


def _months(start: datetime.date, end: datetime.date) -> Fraction:
    """Calendar months from start to end inclusive: whole months, and the last month's share of
    its days (1 January – 30 June is 6, 1 May – 31 July is 3)."""
    days_in_end_month = calendar.monthrange(end.year, end.month)[1]
    whole = 12 * (end.year - start.year) + end.month - start.month
    return whole + Fraction(end.day - start.day + 1, days_in_end_month)


def period_length(start: datetime.date, end: datetime.date, per: str) -> Fraction:
    """How many days, weeks, months or periods (`RatePer`) lie from start to end inclusive."""
    days = (end - start).days + 1
    return {
        RatePer.DAY: Fraction(days),
        RatePer.WEEK: Fraction(days, 7),
        RatePer.MONTH: _months(start, end),
        RatePer.PERIOD: Fraction(1),
    }[per]


def counted_period(followup) -> tuple[datetime.date, datetime.date]:
    """The days a follow-up's count covers: its period, within the document's validity."""
    promise = followup.promise
    return max(followup.period.start, promise.valid_from), min(
        followup.period.end, promise.valid_until
    )


def rate(count: int | None, commitment, followup) -> Fraction | None:
    """A recurring commitment's rate in one follow-up: the count per `commitment.rate_per` over
    the follow-up's period (None without a count, or for a commitment that does not recur)."""
    if count is None or not commitment.is_recurring:
        return None
    length = period_length(*counted_period(followup), commitment.rate_per)
    return Fraction(count) / length if length > 0 else None


def progress_percent(
    status: str | None,
    *,
    rate: Fraction | None = None,
    rate_target: Decimal | None = None,
    measured: Iterable[tuple[Decimal | None, Decimal | None]] = (),
) -> int | None:
    """The rule: one commitment's progress in whole percent in one follow-up, from its status,
    its rate and rate target (recurring commitments), and its measures as (value, target) pairs
    (None for a commitment without a status)."""
    if not status:
        return None
    if status in STATUS_DECIDES:
        return STATUS_DECIDES[status]
    if rate is not None and rate_target:
        return _share(rate, rate_target)
    shares = [_share(value, target) for value, target in measured if value is not None and target]
    if shares:
        return sum(shares) // len(shares)
    return STATUS_PROGRESS.get(status, 0)


def row_figures(row):
    """(rate, measured) of a status row read with its commitment's measures, its own measure
    values and its follow-up's period: what `progress_percent` needs besides the status."""
    values = {v.measure_id: v.value for v in row.measure_values.all()}
    measured = [(values.get(m.pk), m.target) for m in row.commitment.measures.all()]
    return rate(row.count, row.commitment, row.followup), measured


def compute_progress(row) -> int | None:
    row_rate, measured = row_figures(row)
    return progress_percent(
        row.status, rate=row_rate, rate_target=row.commitment.rate_target, measured=measured
    )


def rows_for_figures(queryset, *, known: str = ""):
    """Status rows with everything `row_figures` reads, in a fixed number of queries.

    `known` is "followup" or "commitment" when the queryset is that one's `statuses`: Django
    gives every row that very object, so it is not joined again, and what it has loaded (the
    follow-up's document, the löfte's measures) is not read again."""
    joins = {"followup": "followup__promise", "commitment": "commitment"}
    joins.pop(known, None)
    return queryset.select_related(*joins.values()).prefetch_related(
        "measure_values", "commitment__measures"
    )


def refresh_progress(status_ids: Iterable[int]) -> None:
    """Store the rule's figure in `CommitmentStatus.progress` for the given rows (the one
    writer of the column; see the module's docstring). Four queries, and one more if any figure
    changed."""
    rows = rows_for_figures(CommitmentStatus.objects.filter(pk__in=set(status_ids)))
    changed = []
    for row in rows:
        value = compute_progress(row)
        if row.progress != value:
            row.progress = value
            changed.append(row)
    if changed:
        CommitmentStatus.objects.bulk_update(changed, ["progress"])


def rounded(value: float | None) -> int | None:
    """An average as every page, the admin, the PDF and the API show it: whole percent (None,
    "not followed up yet", stays None)."""
    return None if value is None else round(value)


def average_of(percents: Iterable[int | None]) -> int | None:
    """The average of commitments' figures in whole percent, leaving out commitments without a
    status; None when none has one."""
    values = [p for p in percents if p is not None]
    if not values:
        return None
    return rounded(sum(values) / len(values))


def average_progress(queryset, prefix: str = "") -> int | None:
    """Average progress in whole percent over a queryset (of status rows, unless `prefix` leads
    to them)."""
    return rounded(queryset.aggregate(progress=Avg(f"{prefix}progress"))["progress"])


def progress_label(value: float | None) -> str:
    """A figure in text, as every page, the admin, the API and the PDF show it: "42 %", or "–"
    without a status."""
    value = rounded(value)
    return "–" if value is None else f"{value} %"


def table_in_words() -> str:
    """The rule as a reader is told it (written from the constants, so it cannot disagree with
    them)."""
    decides = ", ".join(f"{status.label} {percent} %" for status, percent in STATUS_DECIDES.items())
    others = ", ".join(f"{status.label} {percent} %" for status, percent in STATUS_PROGRESS.items())
    return _(
        "%(decides)s; för ett återkommande löfte takten mot målet, högst 100 %%; med mått som "
        "har mål uppnått värde av målet, högst 100 %% per mått och medelvärdet av dem; annars "
        "%(others)s, övriga 0 %%"
    ) % {"decides": decides, "others": others}
