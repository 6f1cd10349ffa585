"""An amendment (ändring) of a löfte while its signed document runs: what changed (before and
after), why, from when, and each party's approval. The table of what may change is
`loften.amendable`; the writes are `loften.services.amendments`. An amendment changes the löfte
itself, never the document's version, state or signature."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.history import AuthoredHistoricalRecords

from ..amendable import BY_KEY
from ..locking import VersionedModel
from .approval import Approval
from .parts import Commitment


class AmendmentQuerySet(models.QuerySet):
    def approved(self):
        """Amendments in force: approved by every party and applied to their löfte."""
        return self.filter(state=Amendment.State.APPROVED)

    def published(self):
        """What citizens see: approved amendments of löften of public documents."""
        return self.approved().filter(commitment__in=Commitment.objects.published())

    def in_effect_by(self, day):
        """Amendments in force on `day`: approved, and in effect from then or earlier."""
        return self.approved().filter(effective_from__lte=day)


class Amendment(VersionedModel):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("föreslagen")
        APPROVED = "approved", _("godkänd")
        WITHDRAWN = "withdrawn", _("återkallad")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="amendments",
        verbose_name=_("löfte"),
    )
    # [{"key": "period", "before": {...}, "after": {...}, "before_text": "…", "after_text": "…"}]
    # (`loften.amendable`): the values, and the words citizens read, at the time of the proposal.
    changes = models.JSONField(_("ändringar"), default=list)
    reason = models.TextField(
        _("skäl"),
        help_text=_("Varför löftet ändras. Visas för invånarna tillsammans med ändringen."),
    )
    effective_from = models.DateField(_("gäller från"))
    state = models.CharField(
        _("läge"), max_length=20, choices=State.choices, default=State.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("föreslagen av"),
    )
    proposed_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)
    approved_at = models.DateTimeField(_("godkänd"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    history = AuthoredHistoricalRecords()
    objects = AmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["proposed_at", "pk"]
        verbose_name = _("ändring")
        verbose_name_plural = _("ändringar")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(state="proposed"),
                name="amendment_one_proposal_per_commitment",
                violation_error_message=_(
                    "Löftet har redan en föreslagen ändring. Godkänn eller återkalla den först."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="amendment_has_reason",
                violation_error_message=_("En ändring måste ha ett skäl."),
            ),
            models.CheckConstraint(
                condition=~Q(state="approved") | Q(approved_at__isnull=False),
                name="amendment_approved_has_time",
                violation_error_message=_("En godkänd ändring måste ha en tidpunkt."),
            ),
        ]

    def __str__(self):
        return _("Ändring av ”%(commitment)s”") % {"commitment": str(self.commitment)[:60]}

    def change_rows(self) -> list[dict]:
        """The changes with the label of what changed, for pages, the API and the PDF."""
        return [
            {
                "label": str(BY_KEY[c["key"]].label) if c["key"] in BY_KEY else c["key"],
                **c,
            }
            for c in self.changes
        ]


class AmendmentApproval(models.Model):
    """One party's approval of an amendment; never withdrawn (the amendment is withdrawn
    instead)."""

    amendment = models.ForeignKey(
        Amendment,
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name=_("ändring"),
    )
    party = models.CharField(_("part"), max_length=20, choices=Approval.Party.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkänt av"),
    )
    approver_name = models.CharField(_("godkänt av (namn)"), max_length=300)
    approved_at = models.DateTimeField(_("godkänt"))

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["approved_at", "pk"]
        verbose_name = _("godkännande av ändring")
        verbose_name_plural = _("godkännanden av ändringar")
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "party"],
                name="amendment_approval_one_per_party",
                violation_error_message=_("Parten har redan godkänt ändringen."),
            ),
        ]

    def __str__(self):
        return f"{self.get_party_display().capitalize()}: {self.approver_name}"
