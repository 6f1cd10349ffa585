"""The follow-up calendar: which periods of its cadence (half-years, tertials, years or the whole
validity; see followup.periods) a document is followed up for, when each report is due, and
which are late (försenad).

Every date rule is here, once: the public pages, the admin lists, the follow-up form and
`manage.py followup_reminders` all ask these functions.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .periods import Period


def due_date(period):
    """The day a period's follow-up report is due: FOLLOWUP_DUE_DAYS after it ends, whatever
    the cadence."""
    return period.end + datetime.timedelta(days=settings.FOLLOWUP_DUE_DAYS)


@dataclass
class TimelineEntry:
    PUBLISHED = "published"
    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"
    NOT_OWED = "not_owed"
    LABELS = {
        PUBLISHED: _("publicerad"),
        OVERDUE: _("försenad"),
        DUE: _("inte publicerad, ännu inte försenad"),
        UPCOMING: _("kommande period"),
        NOT_OWED: _("följs inte upp i portalen"),
    }

    period: Period
    due: datetime.date
    state: str
    followup: object = None

    @property
    def label(self):
        return self.LABELS[self.state]


def owed_from(promise):
    """The first period a document owes a follow-up for: the one in which it was published in
    the portal. A document entered after the fact (a 2024 document published here in 2026) owes
    nothing for the periods before; one marked as not followed up here owes nothing at all
    (None). Before it is published, a document's periods count from its first, as they would
    fall due (only published documents are ever late). A document followed up once at the end
    owes its one period however late it was published."""
    if not promise.followed_up_here:
        return None
    if promise.published_at is None:
        return Period.containing(promise, promise.valid_from)
    return Period.containing(promise, timezone.localdate(promise.published_at))


def period_state(period, *, published, today, first_owed=None):
    """Where one period's report stands on `today`: published, not owed (before `first_owed`,
    see `owed_from`), overdue (past due and not published), due (begun, not yet past due) or
    upcoming."""
    if published:
        return TimelineEntry.PUBLISHED
    if first_owed is None or period < first_owed:
        return TimelineEntry.NOT_OWED
    if today > due_date(period):
        return TimelineEntry.OVERDUE
    if today >= period.start:
        return TimelineEntry.DUE
    return TimelineEntry.UPCOMING


def timeline(promise, followups, today=None):
    """One entry per period of the promise's validity, in its cadence.

    `followups` are the promise's follow-ups (any state, already fetched); only published ones
    count as done (and are the entry's `followup`). A period whose report is past due and not
    published is overdue.
    """
    today = today or timezone.localdate()
    published = {(f.year, f.number): f for f in followups if f.state == f.State.PUBLISHED}
    first_owed = owed_from(promise)
    return [
        TimelineEntry(
            period,
            due_date(period),
            period_state(
                period, published=period.key in published, today=today, first_owed=first_owed
            ),
            published.get(period.key),
        )
        for period in Period.between(promise)
    ]


def is_overdue(promise, followups, today=None):
    """A public, not withdrawn document with a past-due, unpublished follow-up is late."""
    if promise.state != promise.State.PUBLISHED:
        return False
    return any(e.state == TimelineEntry.OVERDUE for e in timeline(promise, followups, today))


def is_followup_overdue(followup, today=None):
    """One follow-up report is late: its document is in force, it is not published and its due
    date has passed (the same rule as `is_overdue`, for one row of the admin's list)."""
    today = today or timezone.localdate()
    promise = followup.promise
    if promise.state != promise.State.PUBLISHED:
        return False
    published = followup.state == followup.State.PUBLISHED
    state = period_state(
        followup.period, published=published, today=today, first_owed=owed_from(promise)
    )
    return state == TimelineEntry.OVERDUE


def mark_overdue(promises, today=None):
    """Sets `overdue` on documents fetched with `selectors.promises_for_listing()` (their
    follow-ups prefetched), for lists on the public pages and in the admin."""
    today = today or timezone.localdate()
    for promise in promises:
        promise.overdue = is_overdue(promise, promise.followups.all(), today)
    return promises


def needing_reminder(promise, followups, today=None):
    """The entries officials are reminded of: periods that have ended and whose report is
    not published, whether still due (`DUE`) or already late (`OVERDUE`). Only documents in
    force are followed up."""
    today = today or timezone.localdate()
    if promise.state != promise.State.PUBLISHED:
        return []
    return [
        entry
        for entry in timeline(promise, followups, today)
        if entry.state == TimelineEntry.OVERDUE
        or (entry.state == TimelineEntry.DUE and today > entry.period.end)
    ]


def next_to_create(promise, followups, today=None):
    """The earliest period of the validity that has begun and has no follow-up yet (the one
    the admin offers to create), or None."""
    today = today or timezone.localdate()
    first_owed = owed_from(promise)
    if first_owed is None:
        return None
    existing = {(f.year, f.number) for f in followups}
    for period in Period.between(promise):
        if period.start > today:
            return None
        if period >= first_owed and period.key not in existing:
            return period
    return None
