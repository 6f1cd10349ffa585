"""The alerts' e-mail. Every message, the confirmation included, carries a one-click
unsubscribe link in its text and in the `List-Unsubscribe` header, with
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so a mail program's own
"unsubscribe" button works without opening a page.

Links are built on `PORTAL_URL`, never on a request's Host header."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import addresses
from .models import Subscription


def absolute(path: str) -> str:
    return settings.PORTAL_URL + path


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("alerts:unsubscribe", args=[addresses.unsubscribe_token(subscription)]))


def _message(subscription: Subscription, subject: str, template: str, context: dict):
    link = unsubscribe_url(subscription)
    body = render_to_string(
        template,
        {
            **context,
            "subscription": subscription,
            "target_name": subscription.target_name,
            "target_url": absolute(subscription.target.get_absolute_url()),
            "unsubscribe_url": link,
            "portal_url": settings.PORTAL_URL,
        },
    )
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # An automatic message: no out-of-office replies, please (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )


def confirmation_message(subscription: Subscription) -> EmailMessage:
    with override(subscription.language):
        link = absolute(
            reverse("alerts:confirm", args=[addresses.confirmation_token(subscription)])
        )
        return _message(
            subscription,
            _("Bekräfta att du vill följa %(target)s") % {"target": subscription.target_name},
            "portal/alerts/email/confirm.txt",
            {"confirm_url": link, "days": settings.ALERTS_CONFIRM_MAX_AGE_DAYS},
        )


def already_following_message(subscription: Subscription) -> EmailMessage:
    """Sent instead of a confirmation when the address already follows the target: the form
    answers the same either way, and only the address's owner learns which it was."""
    with override(subscription.language):
        return _message(
            subscription,
            _("Du följer redan %(target)s") % {"target": subscription.target_name},
            "portal/alerts/email/already_following.txt",
            {},
        )


def alert_message(subscription: Subscription, events: list) -> EmailMessage:
    with override(subscription.language):
        return _message(
            subscription,
            _("Nytt om %(target)s") % {"target": subscription.target_name},
            "portal/alerts/email/alert.txt",
            {"events": [(event.describe(), absolute(event.path)) for event in events]},
        )
