"""Reminders about due and overdue follow-ups (`manage.py followup_reminders`).

Which periods need a reminder is the calendar's rule (`calendar.needing_reminder`); here they
are grouped per organisation, municipality and police area alike, and mailed to every member of
each organisation once per day. A `ReminderSent` row per member, organisation and day, written
in the same transaction as the e-mail is handed over, makes a second run on the same day send
nothing.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from loften.models import CitizenPromise
from municipalities.models import Membership, Municipality

from .calendar import TimelineEntry, needing_reminder
from .models import FollowUp, ReminderSent


@dataclass
class ReminderItem:
    """One period of one document whose follow-up is due or overdue."""

    promise: CitizenPromise
    period: object
    due: object
    overdue: bool
    followup: FollowUp | None  # None: not created yet

    @property
    def admin_path(self):
        if self.followup is not None:
            return reverse("admin:followup_followup_form", args=[self.followup.pk])
        return reverse("admin:followup_followup_create_next", args=[self.promise.pk])

    @property
    def url(self):
        return settings.PORTAL_URL + self.admin_path

    def line(self):
        values = {
            "title": self.promise.title,
            "period": self.period,
            "due": self.due.isoformat(),
        }
        if self.overdue:
            return _("%(title)s: %(period)s, försenad (skulle ha publicerats senast %(due)s)") % (
                values
            )
        return _("%(title)s: %(period)s, ska publiceras senast %(due)s") % values

    def key(self):
        return f"{self.promise.pk}:{self.period.slug}"


@dataclass
class Reminder:
    """What one organisation is reminded of, and who is told."""

    organisation: object  # a Municipality or a PoliceArea
    items: list = field(default_factory=list)
    members: list = field(default_factory=list)

    @property
    def name(self):
        if isinstance(self.organisation, Municipality):
            return self.organisation.long_name
        return self.organisation.name

    def organisation_fields(self):
        if isinstance(self.organisation, Municipality):
            return {"municipality": self.organisation, "police_area": None}
        return {"municipality": None, "police_area": self.organisation}


def due_reminders(today):
    """The organisations with due or overdue follow-ups on `today`, municipalities first, each
    with its items and its members (active users with an e-mail address). Three queries."""
    promises = (
        CitizenPromise.objects.in_force()
        .select_related("municipality", "police_area")
        .prefetch_related(Prefetch("followups", queryset=FollowUp.objects.order_by()))
        .order_by("municipality__name", "valid_from")
    )
    reminders = {}
    for promise in promises:
        followups = list(promise.followups.all())
        by_period = {(f.year, f.number): f for f in followups}
        for entry in needing_reminder(promise, followups, today):
            item = ReminderItem(
                promise=promise,
                period=entry.period,
                due=entry.due,
                overdue=entry.state == TimelineEntry.OVERDUE,
                followup=by_period.get(entry.period.key),
            )
            for organisation in (promise.municipality, promise.police_area):
                key = (type(organisation).__name__, organisation.pk)
                reminders.setdefault(key, Reminder(organisation)).items.append(item)
    if not reminders:
        return []
    municipality_ids = [pk for kind, pk in reminders if kind == "Municipality"]
    police_area_ids = [pk for kind, pk in reminders if kind == "PoliceArea"]
    memberships = (
        Membership.objects.filter(
            Q(municipality__in=municipality_ids) | Q(police_area__in=police_area_ids),
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    for membership in memberships:
        if membership.municipality_id:
            key = ("Municipality", membership.municipality_id)
        else:
            key = ("PoliceArea", membership.police_area_id)
        reminders[key].members.append(membership.user)
    return sorted(
        reminders.values(),
        key=lambda r: (not isinstance(r.organisation, Municipality), r.organisation.name),
    )


def _message(reminder, user, today):
    with override("sv"):
        subject = _("Påminnelse: uppföljningar av medborgarlöften för %(organisation)s") % {
            "organisation": reminder.name
        }
        body = render_to_string(
            "followup/email/reminder.txt",
            {
                "user": user,
                "reminder": reminder,
                "today": today,
                "overdue": [item for item in reminder.items if item.overdue],
                "due": [item for item in reminder.items if not item.overdue],
                "portal_url": settings.PORTAL_URL,
                "due_days": settings.FOLLOWUP_DUE_DAYS,
            },
        )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@dataclass
class SendResult:
    sent: int = 0
    already_sent: int = 0


def send_reminders(*, reminders, today):
    """E-mail every member of each organisation once on `today`; members who already had
    today's reminder for that organisation are skipped. Each e-mail is recorded in the same
    transaction it is handed to the mailer in, so a failed send is tried again on the next
    run."""
    result = SendResult()
    mailer = mailers.default
    for reminder in reminders:
        periods = "\n".join(item.key() for item in reminder.items)
        for user in reminder.members:
            with transaction.atomic():
                record, created = ReminderSent.objects.get_or_create(
                    user=user,
                    sent_on=today,
                    **reminder.organisation_fields(),
                    defaults={"email": user.email, "periods": periods},
                )
                if not created:
                    result.already_sent += 1
                    continue
                mailer.send_messages([_message(reminder, user, today)])
                result.sent += 1
    return result
