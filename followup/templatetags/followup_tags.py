from django import template

from followup.models import Status
from followup.progress import rounded, status_progress

register = template.Library()


@register.inclusion_tag("followup/includes/_status_badge.html")
def status_badge(status):
    """A badge that always says the status in words; colour is only a second cue."""
    label = Status(status).label if status else None
    return {"status": status, "label": label}


@register.inclusion_tag("followup/includes/_progress.html")
def progress_bar(value, label_id=""):
    """A native <progress> element (no inline styles) with the figure also in text."""
    return {"value": rounded(value), "label_id": label_id}


@register.filter
def progress_of_status(status):
    return status_progress(status)
