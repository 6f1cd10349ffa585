"""Which publications each confirmed subscription has not been told of, and telling it
(`manage.py send_alerts`).

The events, all from what citizens may see (`CitizenPromise.objects.published()`,
`FollowUp.objects.published()`), published after the subscription was confirmed:

* a municipality's follower hears of every medborgarlöfte of the municipality published and
  every follow-up of one of them published;
* a document's follower hears of each of its follow-ups published, and of a new version of it
  (a document that `replaces` it) published.

A subscription gets one message per run, listing every new event. Its `AlertSent` rows are
written in the same transaction as the message is handed to the mailer, with the subscription
locked: a second run, even one running at the same time, sends nothing again, and a message
that could not be sent is tried again on the next run.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.core.mail import mailers
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from followup.models import FollowUp
from loften.models import CitizenPromise

from . import mail
from .models import AlertSent, Subscription

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    kind: str  # AlertSent.Event
    row: CitizenPromise | FollowUp
    new_version: bool = False

    @property
    def key(self):
        return (self.kind, self.row.pk)

    @property
    def published_at(self) -> datetime.datetime:
        return self.row.published_at

    @property
    def path(self) -> str:
        return self.row.get_absolute_url()

    def describe(self) -> str:
        """One line of the message, in the active language."""
        if self.kind == AlertSent.Event.FOLLOWUP_PUBLISHED:
            return _("Uppföljning publicerad: %(title)s, %(period)s") % {
                "title": self.row.promise.title,
                "period": self.row.period,
            }
        if self.new_version:
            return _("En ny version är publicerad: %(title)s") % {"title": self.row.title}
        return _("Medborgarlöfte publicerat: %(title)s") % {"title": self.row.title}


def _events_for(subscription, promises, followups):
    if subscription.municipality_id:
        events = [
            Event(AlertSent.Event.PROMISE_PUBLISHED, p)
            for p in promises
            if p.municipality_id == subscription.municipality_id
        ]
        events += [
            Event(AlertSent.Event.FOLLOWUP_PUBLISHED, f)
            for f in followups
            if f.promise.municipality_id == subscription.municipality_id
        ]
    else:
        events = [
            Event(AlertSent.Event.PROMISE_PUBLISHED, p, new_version=True)
            for p in promises
            if p.replaces_id == subscription.promise_id
        ]
        events += [
            Event(AlertSent.Event.FOLLOWUP_PUBLISHED, f)
            for f in followups
            if f.promise_id == subscription.promise_id
        ]
    return sorted(
        (e for e in events if e.published_at >= subscription.confirmed_at),
        key=lambda e: (e.published_at, e.kind, e.row.pk),
    )


def pending_alerts() -> list[tuple[Subscription, list[Event]]]:
    """Every confirmed subscription with the events it has not been told of. Four queries,
    however many subscriptions and events."""
    subscriptions = list(
        Subscription.objects.filter(state=Subscription.State.CONFIRMED)
        .exclude(email="")
        .select_related("municipality", "promise")
        .order_by("pk")
    )
    if not subscriptions:
        return []
    since = min(s.confirmed_at for s in subscriptions)
    municipalities = {s.municipality_id for s in subscriptions if s.municipality_id}
    promises_followed = {s.promise_id for s in subscriptions if s.promise_id}
    promises = list(
        CitizenPromise.objects.published()
        .filter(published_at__gte=since)
        .filter(Q(municipality__in=municipalities) | Q(replaces__in=promises_followed))
        .select_related("municipality")
    )
    followups = list(
        FollowUp.objects.published()
        .filter(published_at__gte=since)
        .filter(Q(promise__municipality__in=municipalities) | Q(promise__in=promises_followed))
        .select_related("promise__municipality")
    )
    sent = set(
        AlertSent.objects.filter(subscription__in=subscriptions).values_list(
            "subscription_id", "event", "object_id"
        )
    )
    result = []
    for subscription in subscriptions:
        events = [
            e
            for e in _events_for(subscription, promises, followups)
            if (subscription.pk, *e.key) not in sent
        ]
        if events:
            result.append((subscription, events))
    return result


@dataclass
class SendResult:
    messages: int = 0
    events: int = 0
    failed: int = 0


class _NothingToSend(Exception):
    pass


def _send_one(subscription_pk, events, mailer):
    with transaction.atomic():
        current = (
            # Only the subscription's row: PostgreSQL cannot lock the outer joins' nullable side.
            Subscription.objects.select_for_update(of=("self",))
            .filter(pk=subscription_pk, state=Subscription.State.CONFIRMED)
            .exclude(email="")
            .select_related("municipality", "promise")
            .first()
        )
        if current is None:  # ended since the list was made
            raise _NothingToSend
        already = set(current.sent.values_list("event", "object_id"))
        fresh = [e for e in events if e.key not in already]
        if not fresh:  # another run sent them meanwhile
            raise _NothingToSend
        AlertSent.objects.bulk_create(
            AlertSent(subscription=current, event=kind, object_id=pk)
            for kind, pk in (e.key for e in fresh)
        )
        mailer.send_messages([mail.alert_message(current, fresh)])
        return len(fresh)


def send_alerts() -> SendResult:
    """Tell every confirmed subscription of its new events, once."""
    result = SendResult()
    mailer = mailers.default
    for subscription, events in pending_alerts():
        try:
            count = _send_one(subscription.pk, events, mailer)
        except _NothingToSend:
            continue
        except (smtplib.SMTPException, OSError) as error:
            # Never the address (an SMTP error names it): the subscription's number and the
            # kind of error are enough to look into it. Its records were rolled back.
            logger.warning(
                "Bevakning %s: meddelandet kunde inte skickas (%s); nytt försök vid nästa körning.",
                subscription.pk,
                type(error).__name__,
            )
            result.failed += 1
            continue
        result.messages += 1
        result.events += count
    return result
