"""How far a commitment has come, from its status: the one table every figure is computed from.

Pages, admin, PDF and API all use these helpers, so the same data always gives the same figure.
"""

from django.db.models import Avg, Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from .models import Status

#: Progress in percent per status. Statuses not listed count as 0 %.
STATUS_PROGRESS = {
    Status.DONE: 100,
    Status.PARTLY_DONE: 50,
    Status.IN_PROGRESS: 25,
}


def status_progress(status):
    """Percent for one status (0 for a missing status)."""
    return STATUS_PROGRESS.get(status, 0)


def rounded(value):
    """A progress figure as every page, the admin, the PDF and the API show it: whole percent
    (None, "not followed up yet", stays None)."""
    return None if value is None else round(value)


def progress_label(value):
    """The figure in text, as the admin's lists show it: "42 %", or "–" before any follow-up."""
    value = rounded(value)
    return "–" if value is None else f"{value} %"


def table_in_words():
    """The table as a reader is told it, e.g. "genomförd 100 %, delvis genomförd 50 %, pågår
    25 %, övriga 0 %" (written from STATUS_PROGRESS, so it cannot disagree with it)."""
    parts = [f"{status.label} {percent} %" for status, percent in STATUS_PROGRESS.items()]
    return ", ".join([*parts, _("övriga 0 %")])


def progress_of(statuses):
    """Average progress in whole percent of an iterable of statuses; None when there are none."""
    values = [status_progress(s) for s in statuses]
    if not values:
        return None
    return rounded(sum(values) / len(values))


def progress_expression(field="status"):
    """The same table as a database expression, for annotations and aggregates."""
    return Case(
        *[
            When(**{field: status}, then=Value(percent))
            for status, percent in STATUS_PROGRESS.items()
        ],
        default=Value(0),
        output_field=IntegerField(),
    )


def average_progress(queryset, field="status"):
    """Average progress in whole percent over a queryset of rows that have a status field."""
    value = queryset.aggregate(progress=Avg(progress_expression(field)))["progress"]
    return rounded(value)
