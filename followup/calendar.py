"""The follow-up calendar: which half-years a document is followed up for, when each report is
due, and which are late (försenad)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .halfyears import HalfYear


def due_date(half_year):
    """The day a half-year's follow-up report is due: FOLLOWUP_DUE_DAYS after it ends."""
    return half_year.end + datetime.timedelta(days=settings.FOLLOWUP_DUE_DAYS)


@dataclass
class TimelineEntry:
    PUBLISHED = "published"
    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"
    LABELS = {
        PUBLISHED: _("publicerad"),
        OVERDUE: _("försenad"),
        DUE: _("inte publicerad, ännu inte försenad"),
        UPCOMING: _("kommande halvår"),
    }

    half_year: HalfYear
    due: datetime.date
    state: str
    followup: object = None

    @property
    def label(self):
        return self.LABELS[self.state]


def timeline(promise, followups, today=None):
    """One entry per half-year of the promise's validity.

    `followups` are the promise's follow-ups (any state, already fetched); only published ones
    count as done. A half-year whose report is past due and not published is overdue.
    """
    today = today or timezone.localdate()
    published = {f.half_year: f for f in followups if f.state == f.State.PUBLISHED}
    entries = []
    for half_year in HalfYear.between(promise.valid_from, promise.valid_until):
        due = due_date(half_year)
        if half_year in published:
            state = TimelineEntry.PUBLISHED
        elif today > due:
            state = TimelineEntry.OVERDUE
        elif today >= half_year.start:
            state = TimelineEntry.DUE
        else:
            state = TimelineEntry.UPCOMING
        entries.append(TimelineEntry(half_year, due, state, published.get(half_year)))
    return entries


def is_overdue(promise, followups, today=None):
    """A public, not withdrawn document with a past-due, unpublished follow-up is late."""
    if promise.state != promise.State.PUBLISHED:
        return False
    return any(e.state == TimelineEntry.OVERDUE for e in timeline(promise, followups, today))
