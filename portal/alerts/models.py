"""Subscriptions to e-mail alerts and the record of what was sent (imported by `portal.models`)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.history import AuthoredHistoricalRecords

from .addresses import masked


class Subscription(models.Model):
    """One e-mail address following one municipality or one medborgarlöfte.

    The address is kept only to send to; it is found by `email_hash` (an HMAC, so the table
    cannot be searched by address without the secret key) and blanked when the subscription
    ends. The consent is kept as shown: the time and the exact wording the person agreed to."""

    class State(models.TextChoices):
        PENDING = "pending", _("väntar på bekräftelse")
        CONFIRMED = "confirmed", _("bekräftad")
        UNSUBSCRIBED = "unsubscribed", _("avslutad")

    email = models.EmailField(_("e-postadress"), blank=True)
    email_hash = models.CharField(_("adressens kontrollsumma"), max_length=64, db_index=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
    )
    promise = models.ForeignKey(
        "loften.CitizenPromise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medborgarlöfte"),
    )
    state = models.CharField(_("läge"), max_length=12, choices=State.choices, default=State.PENDING)
    language = models.CharField(_("språk"), max_length=8, default="sv")
    consented_at = models.DateTimeField(_("samtycke lämnat"))
    consent_text = models.TextField(
        _("samtyckets lydelse"), help_text=_("Texten exakt som den visades vid anmälan.")
    )
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    # The history records the state and the consent, never the address or its hash.
    history = AuthoredHistoricalRecords(excluded_fields=["email", "email_hash"])

    class Meta:
        verbose_name = _("e-postbevakning")
        verbose_name_plural = _("e-postbevakningar")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=True, promise__isnull=False)
                | Q(municipality__isnull=False, promise__isnull=True),
                name="subscription_follows_one_thing",
                violation_error_message=_(
                    "En bevakning följer antingen en kommun eller ett medborgarlöfte."
                ),
            ),
            models.UniqueConstraint(
                fields=["email_hash", "municipality"],
                condition=Q(municipality__isnull=False),
                name="subscription_one_per_address_and_municipality",
            ),
            models.UniqueConstraint(
                fields=["email_hash", "promise"],
                condition=Q(promise__isnull=False),
                name="subscription_one_per_address_and_promise",
            ),
            models.CheckConstraint(
                condition=~Q(state="confirmed") | Q(confirmed_at__isnull=False),
                name="subscription_confirmed_has_time",
            ),
        ]

    def __str__(self):
        # Shown in the admin, its log and its delete page: never the whole address.
        return f"{masked(self.email) or '–'} → {self.target}"

    @property
    def target(self):
        return self.municipality if self.municipality_id else self.promise

    @property
    def target_name(self):
        if self.municipality_id:
            return self.municipality.long_name
        return self.promise.title


class AlertSent(models.Model):
    """One publication that one subscription has been told of. Written in the same transaction
    as the e-mail is handed to the mailer; the unique constraint makes `send_alerts` send
    nothing twice."""

    class Event(models.TextChoices):
        PROMISE_PUBLISHED = "promise", _("medborgarlöfte publicerat")
        FOLLOWUP_PUBLISHED = "followup", _("uppföljning publicerad")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="sent", verbose_name=_("bevakning")
    )
    event = models.CharField(_("händelse"), max_length=10, choices=Event.choices)
    object_id = models.PositiveBigIntegerField(_("medborgarlöfte eller uppföljning"))
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("skickad bevakning")
        verbose_name_plural = _("skickade bevakningar")
        ordering = ["subscription_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event", "object_id"], name="alertsent_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.get_event_display()} {self.object_id}"
