"""The e-mail address's lookup hash and masked form, and the signed links of the alerts.

Links carry a subscription's id and nothing of its address, so a link in a log line or a
browser's history gives the address away to nobody.

* The **confirmation link** (`confirmation_token`) expires after `ALERTS_CONFIRM_MAX_AGE_DAYS`
  and names the subscription request it was sent for: asking again changes the request's
  fingerprint, so only the latest link works (`services.subscription_confirm` also refuses an
  ended subscription).
* The **unsubscribe link** (`unsubscribe_token`) never expires: it is in every message, and a
  message read a year later must still let its reader stop the alerts.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

_HASH_SALT = "portal.alerts.address"
_CONFIRM_SALT = "portal.alerts.confirm"
_UNSUBSCRIBE_SALT = "portal.alerts.unsubscribe"


def normalized(email: str) -> str:
    return email.strip().lower()


def address_hash(email: str) -> str:
    """What a subscription is looked up by: an HMAC with the secret key, so a copy of the table
    cannot be matched against a list of addresses."""
    return salted_hmac(_HASH_SALT, normalized(email), algorithm="sha256").hexdigest()


def masked(email: str) -> str:
    """`k…@example.org`: enough for a national administrator to tell rows apart."""
    if "@" not in email:
        return ""
    local, domain = email.rsplit("@", 1)
    return f"{local[:1]}…@{domain}"


def _max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.ALERTS_CONFIRM_MAX_AGE_DAYS)


def _fingerprint(subscription) -> str:
    # Changes with every new request (consented_at), so only the latest link works.
    value = f"{subscription.pk}|{subscription.consented_at.isoformat()}"
    return salted_hmac(_CONFIRM_SALT, value, algorithm="sha256").hexdigest()[:32]


def confirmation_token(subscription) -> str:
    return signing.dumps(
        {"s": subscription.pk, "f": _fingerprint(subscription)}, salt=_CONFIRM_SALT
    )


def confirmation_payload(token: str) -> dict:
    """The signed payload of a confirmation link, or a Swedish ValidationError (expired,
    garbled)."""
    try:
        payload = signing.loads(token, salt=_CONFIRM_SALT, max_age=_max_age())
    except signing.SignatureExpired:
        raise ValidationError(
            _(
                "Länken har gått ut. Den gäller i %(days)s dagar. Anmäl dig igen på sidan du "
                "vill följa, så får du en ny länk."
            )
            % {"days": settings.ALERTS_CONFIRM_MAX_AGE_DAYS},
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(_link_broken(), code="invalid") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise ValidationError(_link_broken(), code="invalid")
    return payload


def matches(subscription, payload: dict) -> bool:
    return constant_time_compare(_fingerprint(subscription), str(payload.get("f", "")))


def unsubscribe_token(subscription) -> str:
    return signing.dumps(subscription.pk, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_id(token: str) -> int:
    try:
        pk = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ValidationError(_link_broken(), code="invalid") from None
    if not isinstance(pk, int):
        raise ValidationError(_link_broken(), code="invalid")
    return pk


def _link_broken():
    return _("Länken är ofullständig eller felaktig. Kopiera hela länken ur e-postmeddelandet.")
