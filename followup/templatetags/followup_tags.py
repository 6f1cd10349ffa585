from django import template

from followup import figures, progress
from followup.models import Status
from followup.periods import Period
from followup.selectors import latest_row

register = template.Library()


@register.inclusion_tag("followup/includes/_status_badge.html")
def status_badge(status):
    """A badge that always says the status in words; colour is only a second cue."""
    label = Status(status).label if status else None
    return {"status": status, "label": label}


@register.inclusion_tag("followup/includes/_progress.html")
def progress_bar(value, label_id=""):
    """A native <progress> element (no inline styles) with the figure also in text."""
    return {"value": progress.rounded(value), "label_id": label_id}


@register.filter
def row_progress_label(row):
    """A status row's figure in text ("60 %")."""
    return progress.progress_label(row.progress)


@register.filter
def latest_progress_label(commitment):
    """The figure in text of a commitment annotated with its latest status."""
    return progress.progress_label(commitment.latest_progress)


@register.simple_tag
def period_of(promise, year, number):
    """The period `(year, number)` of `promise`'s cadence, for a follow-up read without its
    document (`{% period_of promise followup.year followup.number as period %}`): its name in
    words and its `slug` for the address."""
    return Period.of(promise, year, number)


@register.inclusion_tag("followup/includes/_figures.html")
def row_figures(row):
    """A status row's rate and measures in words (read with `progress.rows_for_figures`)."""
    return {"figures": figures.row_texts(row)}


@register.inclusion_tag("followup/includes/_figures.html")
def latest_figures(commitment):
    """A löfte's figures in its latest published follow-up (read by
    `selectors.commitments_with_latest_figures`)."""
    return {"figures": figures.row_texts(latest_row(commitment), commitment)}
