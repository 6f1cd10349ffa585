"""Writes to subscriptions: ask (double opt-in), confirm, unsubscribe, forget expired requests.

Each runs in one transaction with the subscription's row locked, and refuses with a Swedish
ValidationError a person can act on. None of them logs or returns the address."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import mailers
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loften.models import CitizenPromise
from municipalities.models import Municipality

from . import addresses, mail, ratelimit
from .models import Subscription


def subscription_request(
    *,
    email: str,
    consent_text: str,
    language: str,
    municipality: Municipality | None = None,
    promise: CitizenPromise | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Someone asks for alerts about `municipality` or `promise` at `email`.

    Returns nothing, and the caller answers the same whatever happened, so that the answer tells
    nobody whether the address already follows it. The address's owner is told by e-mail: a new
    or pending request gets a confirmation link (nothing is sent to it until confirmed), an
    ended one starts over, and a confirmed one gets a note that it already follows. Over the
    per-address limit (`ratelimit.address_allowed`) nothing is written and nothing is sent."""
    now = now or timezone.now()
    email_hash = addresses.address_hash(email)
    if not ratelimit.address_allowed(email_hash):
        return
    target = {"municipality": municipality, "promise": promise}
    with transaction.atomic():
        subscription = (
            # Only the subscription's row: PostgreSQL cannot lock the outer joins' nullable side.
            Subscription.objects.select_for_update(of=("self",))
            .select_related("municipality", "promise")
            .filter(email_hash=email_hash, **target)
            .first()
        )
        if subscription is not None and subscription.state == Subscription.State.CONFIRMED:
            message = mail.already_following_message(subscription)
        else:
            if subscription is None:
                subscription = Subscription(email_hash=email_hash, **target)
                reason = _("Anmäld")
            else:
                reason = _("Anmäld igen")
            subscription.email = email.strip()
            subscription.state = Subscription.State.PENDING
            subscription.language = language
            subscription.consented_at = now
            subscription.consent_text = consent_text
            subscription.confirmed_at = None
            # Uniqueness is the database's to enforce below: a message about it would tell
            # the person that the address is subscribed.
            subscription.full_clean(validate_constraints=False)
            subscription._change_reason = reason
            try:
                with transaction.atomic():
                    subscription.save()
            except IntegrityError:
                # The same address asked for the same thing at the same moment, in another
                # request: that request sends the link.
                return
            message = mail.confirmation_message(subscription)
        # Inside the transaction: if the mailer fails, nothing is recorded and the person can
        # simply ask again.
        mailers.default.send_messages([message])


def _confirmable(token: str) -> Subscription:
    payload = addresses.confirmation_payload(token)
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("municipality", "promise")
        .filter(pk=payload["s"])
        .first()
    )
    if subscription is None or not addresses.matches(subscription, payload):
        raise ValidationError(
            _(
                "Länken gäller inte längre: en nyare länk har skickats, eller anmälan har tagits "
                "bort. Använd länken i det senaste meddelandet, eller anmäl dig igen."
            ),
            code="replaced",
        )
    if subscription.state == Subscription.State.UNSUBSCRIBED:
        raise ValidationError(
            _(
                "Bevakningen är avslutad. Vill du följa %(target)s igen, anmäl dig på nytt på "
                "dess sida."
            )
            % {"target": subscription.target_name},
            code="unsubscribed",
        )
    return subscription


def subscription_for_confirmation(*, token: str) -> Subscription:
    """The subscription a confirmation link is for, unchanged (the page with the button)."""
    with transaction.atomic():
        return _confirmable(token)


def subscription_confirm(*, token: str, now: datetime.datetime | None = None) -> Subscription:
    """Confirm the subscription of a valid confirmation link; confirming twice is harmless."""
    with transaction.atomic():
        subscription = _confirmable(token)
        if subscription.state == Subscription.State.PENDING:
            subscription.state = Subscription.State.CONFIRMED
            subscription.confirmed_at = now or timezone.now()
            subscription.full_clean(validate_constraints=False)
            subscription._change_reason = _("Bekräftad")
            subscription.save()
        return subscription


def _by_unsubscribe_token(token: str) -> Subscription:
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("municipality", "promise")
        .filter(pk=addresses.unsubscribe_id(token))
        .first()
    )
    if subscription is None:
        raise ValidationError(
            _("Bevakningen finns inte längre, så du får inga meddelanden från den."),
            code="gone",
        )
    return subscription


def subscription_for_unsubscribe(*, token: str) -> Subscription:
    """The subscription an unsubscribe link is for, unchanged (the page with the button)."""
    with transaction.atomic():
        return _by_unsubscribe_token(token)


def subscription_unsubscribe(*, token: str, now: datetime.datetime | None = None) -> Subscription:
    """End the subscription of an unsubscribe link, and forget its address. Ending it twice is
    harmless (a mail program's one-click request may come more than once)."""
    with transaction.atomic():
        subscription = _by_unsubscribe_token(token)
        if subscription.state != Subscription.State.UNSUBSCRIBED:
            subscription.state = Subscription.State.UNSUBSCRIBED
            subscription.unsubscribed_at = now or timezone.now()
            # The hash stays, so the same address asking again finds this row.
            subscription.email = ""
            subscription.full_clean(validate_constraints=False)
            subscription._change_reason = _("Avslutad")
            subscription.save()
        return subscription


def expired_requests_forget(*, now: datetime.datetime | None = None) -> int:
    """Forget the address of requests never confirmed while their link worked; the row stays as
    the record of the request. Returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ALERTS_CONFIRM_MAX_AGE_DAYS)
    with transaction.atomic():
        expired = list(
            Subscription.objects.select_for_update()
            .filter(state=Subscription.State.PENDING, consented_at__lt=cutoff)
            .exclude(email="")
        )
        for subscription in expired:
            subscription.email = ""
            subscription._change_reason = _("Obekräftad, adressen glömd")
            subscription.save(update_fields=["email"])
    return len(expired)
