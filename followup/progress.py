"""How far a commitment has come in one follow-up: the one rule every figure is computed from.

The rule, for one commitment's status row in one follow-up:

1. **The status decides** when it states the amount itself: *genomförd* is 100 % and *ej
   påbörjad* 0 %, whatever numbers were entered (`STATUS_DECIDES`).
2. **Measured:** otherwise, when the commitment has a numeric target above 0 and the row an
   achieved number, the progress is achieved / target in whole percent, rounded down (so 100 %
   only when the target is reached) and capped at 100 %. The other statuses (*pågår*, *delvis
   genomförd*, *ej genomförd*, *framflyttad*) say how the work stands or why, not how much of it
   was done, so a count says it better.
3. **By status** otherwise: the table `STATUS_PROGRESS` (delvis genomförd 50 %, pågår 25 %,
   others 0 %).

`progress_percent` is the rule in Python, for rows already read; `progress_expression` is the
same rule in SQL, for annotations and averages. Both are built from the same constants, and
`tests/followup/test_progress.py` proves that they agree on every combination. A document's (or
a follow-up's, or a focus area's) progress is the average of its commitments' figures, rounded
by `rounded`.
"""

from collections.abc import Iterable

from django.db.models import Avg, Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from .models import Status

#: Statuses that state the amount themselves: they decide the figure even where numbers exist.
STATUS_DECIDES = {
    Status.DONE: 100,
    Status.NOT_STARTED: 0,
}

#: The figure of the other statuses where nothing is measured. Statuses not listed count as 0 %.
STATUS_PROGRESS = {
    Status.PARTLY_DONE: 50,
    Status.IN_PROGRESS: 25,
}

FULL = 100


def _by_status(status: str) -> int:
    return STATUS_DECIDES.get(status, STATUS_PROGRESS.get(status, 0))


def is_measured(achieved: int | None, target: int | None) -> bool:
    """Whether a row has what the measured figure needs: an achieved number and a target > 0."""
    return achieved is not None and bool(target)


def progress_percent(status: str | None, achieved: int | None, target: int | None) -> int | None:
    """The rule: one commitment's progress in whole percent in one follow-up, from its status,
    its achieved number and the commitment's target (None for a commitment without a status)."""
    if not status:
        return None
    if status in STATUS_DECIDES or not is_measured(achieved, target):
        return _by_status(status)
    return min(FULL, FULL * achieved // target)


def progress_expression(prefix: str = "") -> Case:
    """The same rule as a database expression on status rows; `prefix` leads from the queryset's
    rows to a status row ("statuses__" from a follow-up). Whole percent, rounded down, as
    `progress_percent`: both operands are integers, so the division is an integer one on
    SQLite and PostgreSQL alike."""
    status = f"{prefix}status"
    achieved = f"{prefix}achieved_number"
    target = f"{prefix}commitment__target_number"
    measured = Q(**{f"{achieved}__isnull": False, f"{target}__gt": 0})

    def by_status(table):
        return [When(**{status: value}, then=Value(percent)) for value, percent in table.items()]

    return Case(
        *by_status(STATUS_DECIDES),
        When(measured & Q(**{f"{achieved}__gte": F(target)}), then=Value(FULL)),
        When(measured, then=Value(FULL) * F(achieved) / F(target)),
        *by_status(STATUS_PROGRESS),
        default=Value(0),
        output_field=IntegerField(),
    )


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
    return rounded(queryset.aggregate(progress=Avg(progress_expression(prefix)))["progress"])


def progress_label(value: float | None) -> str:
    """A figure in text, as the admin's lists show it: "42 %", or "–" before any follow-up."""
    value = rounded(value)
    return "–" if value is None else f"{value} %"


def commitment_progress_label(
    status: str | None, achieved: int | None, target: int | None, unit: str
) -> str:
    """One commitment's figure as every page, the admin, the API and the PDF write it:
    "12 av 20 trafikkontroller (60 %)" where it is measured, "25 %" where the status gives it,
    "–" without a status."""
    percent = progress_percent(status, achieved, target)
    if percent is None or not is_measured(achieved, target):
        return progress_label(percent)
    return _("%(achieved)s av %(target)s %(unit)s (%(percent)s %%)") % {
        "achieved": achieved,
        "target": target,
        "unit": unit,
        "percent": percent,
    }


def row_progress(row) -> int | None:
    """The figure of a `CommitmentStatus` read with its commitment (`select_related`)."""
    return progress_percent(row.status, row.achieved_number, row.commitment.target_number)


def row_progress_label(row) -> str:
    return commitment_progress_label(
        row.status, row.achieved_number, row.commitment.target_number, row.commitment.target_unit
    )


def latest_progress(commitment) -> int | None:
    """The figure of a commitment annotated by `selectors.commitments_with_latest_status`."""
    return progress_percent(
        commitment.latest_status, commitment.latest_achieved_number, commitment.target_number
    )


def latest_progress_label(commitment) -> str:
    return commitment_progress_label(
        commitment.latest_status,
        commitment.latest_achieved_number,
        commitment.target_number,
        commitment.target_unit,
    )


def table_in_words() -> str:
    """The rule as a reader is told it, e.g. "genomförd 100 %, ej påbörjad 0 %; med ett mätbart
    mål uppnått antal av målet, högst 100 %; annars delvis genomförd 50 %, pågår 25 %, övriga
    0 %" (written from the constants, so it cannot disagree with them)."""
    decides = ", ".join(f"{status.label} {percent} %" for status, percent in STATUS_DECIDES.items())
    others = ", ".join(f"{status.label} {percent} %" for status, percent in STATUS_PROGRESS.items())
    return _(
        "%(decides)s; med ett mätbart mål uppnått antal av målet, högst 100 %%; "
        "annars %(others)s, övriga 0 %%"
    ) % {"decides": decides, "others": others}
