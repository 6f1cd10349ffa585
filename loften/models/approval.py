"""A party's approval of a draft's content: a medborgarlöfte is signed only after every party
has approved exactly the same content (the rule is `loften.approval`, the writes are
`loften.services.approvals`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.history import AuthoredHistoricalRecords

from .document import CitizenPromise


class ApprovalQuerySet(models.QuerySet):
    def current(self):
        """Approvals not withdrawn (by the party, or because the content changed)."""
        return self.filter(withdrawn_at__isnull=True)


class Approval(models.Model):
    """One party's approval of the content whose hash it records. Never deleted while its
    document exists: a withdrawal is recorded with its time and reason."""

    class Party(models.TextChoices):
        MUNICIPALITY = "municipality", _("kommunen")
        POLICE = "police", _("polisen")

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name=_("medborgarlöfte"),
    )
    party = models.CharField(_("part"), max_length=20, choices=Party.choices)
    # Null only for approvals recorded outside the portal (the demo data); the name stays
    # readable whatever happens to the user row.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkänt av"),
    )
    approver_name = models.CharField(_("godkänt av (namn)"), max_length=300)
    content_hash = models.CharField(
        _("innehållets kontrollsumma"),
        max_length=64,
        help_text=_("SHA-256 av det innehåll som godkändes (loften.approval.content_hash)."),
    )
    approved_at = models.DateTimeField(_("godkänt"))
    withdrawn_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("skäl till återkallandet"), blank=True)

    history = AuthoredHistoricalRecords()
    objects = ApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["approved_at", "pk"]
        verbose_name = _("godkännande")
        verbose_name_plural = _("godkännanden")
        constraints = [
            models.UniqueConstraint(
                fields=["promise", "party"],
                condition=Q(withdrawn_at__isnull=True),
                name="approval_one_current_per_party",
                violation_error_message=_(
                    "Parten har redan ett gällande godkännande av medborgarlöftet."
                ),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="approval_withdrawn_has_reason",
                violation_error_message=_("Ett återkallat godkännande måste ha ett skäl."),
            ),
        ]

    def __str__(self):
        return f"{self.get_party_display().capitalize()}: {self.approver_name}"

    @property
    def is_current(self):
        return self.withdrawn_at is None
