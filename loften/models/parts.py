"""The parts of a medborgarlöfte's content: underlag, platser, löften (in their groups, by
their parties) and undertecknare. They are edited only inside their document (`loften.services`)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipalities.history import AuthoredHistoricalRecords

from .. import lifecycle
from ..numbers import number
from ..periods import period_text
from .document import CitizenPromise, FocusArea
from .structure import CommitmentGroup, DocumentParty, LocalFocusArea


class Source(models.Model):
    """An underlag of the lägesbild."""

    class Kind(models.TextChoices):
        CITIZEN_DIALOGUE = "citizen_dialogue", _("medborgardialog")
        SAFETY_SURVEY = "safety_survey", _("trygghetsmätning")
        CRIME_STATISTICS = "crime_statistics", _("brottsstatistik")
        POLICE_INTELLIGENCE = "police_intelligence", _("polisens underrättelseinformation")
        STAFF_DIALOGUE = "staff_dialogue", _("medarbetardialog")
        RESIDENT_TIPS = "resident_tips", _("tips från invånare")

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="sources",
        verbose_name=_("medborgarlöfte"),
    )
    kind = models.CharField(_("typ av underlag"), max_length=30, choices=Kind.choices)
    description = models.TextField(
        _("beskrivning"), blank=True, help_text=_("Vad underlaget visade, t.ex. år och omfattning.")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("underlag")
        verbose_name_plural = _("underlag")

    def __str__(self):
        return self.get_kind_display()


class Place(models.Model):
    """A named place in the lägesbild, optionally with WGS 84 coordinates."""

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="places",
        verbose_name=_("medborgarlöfte"),
    )
    name = models.CharField(_("namn"), max_length=150, help_text=_("T.ex. järnvägsstationen."))
    description = models.TextField(_("beskrivning"), blank=True)
    latitude = models.DecimalField(
        _("latitud"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("WGS 84 i decimalgrader, t.ex. 59.04516."),
    )
    longitude = models.DecimalField(
        _("longitud"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("WGS 84 i decimalgrader, t.ex. 15.87123."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("plats")
        verbose_name_plural = _("platser")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_both_coordinates_or_none",
                violation_error_message=_("Ange både latitud och longitud, eller ingen av dem."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
                violation_error_message=_("Latituden måste ligga mellan -90 och 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
                violation_error_message=_("Longituden måste ligga mellan -180 och 180."),
            ),
        ]

    def __str__(self):
        return self.name


class PartyRole(models.TextChoices):
    """Who promises a löfte, in short, for filters and the open data: the police or the kommun
    take part in it (alone or with others), it is shared by more than one party (gemensamt), or
    another organisation takes part."""

    POLICE = "police", _("polisen")
    MUNICIPALITY = "municipality", _("kommunen")
    JOINT = "joint", _("gemensamt")
    OTHER = "other", _("annan part")


#: The kinds of party each role stands for (`JOINT` is any two or more parties).
ROLE_KINDS = {
    PartyRole.POLICE: [DocumentParty.Kind.POLICE_AREA],
    PartyRole.MUNICIPALITY: [DocumentParty.Kind.MUNICIPALITY],
    PartyRole.OTHER: [
        kind
        for kind in DocumentParty.Kind
        if kind not in (DocumentParty.Kind.POLICE_AREA, DocumentParty.Kind.MUNICIPALITY)
    ],
}


class RatePer(models.TextChoices):
    """What a recurring löfte's rate target counts per: "minst 1 trafikkontroll per dygn"."""

    DAY = "day", _("dygn")
    WEEK = "week", _("vecka")
    MONTH = "month", _("månad")
    PERIOD = "period", _("uppföljningsperiod")


RATE_INCOMPLETE = _(
    "Ett återkommande löfte behöver en takt över 0, vad takten gäller per (dygn, vecka, månad "
    "eller uppföljningsperiod) och vad som räknas, t.ex. ”minst 1 trafikkontroller per dygn”. "
    "Fyll i alla tre, eller inget av dem för ett löfte som inte återkommer."
)


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        """Commitments of documents citizens may see."""
        return self.filter(promise__state__in=lifecycle.PUBLIC_STATES)

    def in_document_order(self):
        """As the document has them: group by group, each group's löften in their order, with
        their group and parties loaded (for `by_group` and `party_names`)."""
        return (
            self.select_related("group")
            .prefetch_related("parties")
            .order_by("group__order", "group_id", "order", "pk")
        )

    def with_role(self, role: str):
        """Löften whose parties take the `PartyRole` `role` (see `PartyRole`)."""
        links = Commitment.parties.through.objects
        if role == PartyRole.JOINT:
            shared = (
                links.values("commitment_id")
                .annotate(count=models.Count("pk"))
                .filter(count__gt=1)
                .values("commitment_id")
            )
            return self.filter(pk__in=shared)
        taking_part = links.filter(documentparty__kind__in=ROLE_KINDS[role])
        return self.filter(pk__in=taking_part.values("commitment_id"))

    def in_focus_area(self, area):
        """Löften in a national focus area: tagged with it directly, or through one of the
        document's own focus areas mapped to it. The one place of the rule; no join that
        repeats rows, so counts and pages stay right."""
        return self.filter(focus_area_q(area))


def focus_area_q(area) -> Q:
    """The condition of `CommitmentQuerySet.in_focus_area`; `area` may be an `OuterRef`."""
    direct = Commitment.focus_areas.through.objects.filter(focusarea=area)
    mapped = Commitment.local_focus_areas.through.objects.filter(
        localfocusarea__national_focus_areas=area
    )
    # One IN over the union rather than two INs joined by OR: PostgreSQL can then look the
    # löften up by their keys instead of reading the whole table to test the OR on each row.
    return Q(pk__in=direct.values("commitment_id").union(mapped.values("commitment_id")))


class Commitment(models.Model):
    """One concrete promise in a medborgarlöfte ("Polisen lovar att …")."""

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("medborgarlöfte"),
    )
    group = models.ForeignKey(
        CommitmentGroup,
        # A group with löften is not deleted alone; with its document it is.
        on_delete=models.RESTRICT,
        related_name="commitments",
        verbose_name=_("grupp"),
        help_text=_("Inledningen som löftet står under. Spara grupperna först."),
    )
    parties = models.ManyToManyField(
        DocumentParty,
        blank=True,
        related_name="commitments",
        verbose_name=_("parter"),
        help_text=_("Vem som lovar: en part, eller flera som lovar det gemensamt."),
    )
    text = models.TextField(
        _("löfte"),
        help_text=_("Som dokumentet skriver det, efter gruppens inledning, t.ex. ”genomföra …”."),
    )
    local_focus_areas = models.ManyToManyField(
        LocalFocusArea,
        blank=True,
        related_name="commitments",
        verbose_name=_("dokumentets fokusområden"),
    )
    focus_areas = models.ManyToManyField(
        FocusArea,
        blank=True,
        related_name="commitments",
        verbose_name=_("nationella fokusområden"),
        help_text=_(
            "Behövs bara när löftet inte redan hör till ett nationellt fokusområde genom "
            "dokumentets egna fokusområden."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    rate_target = models.DecimalField(
        _("takt, minst"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "För ett återkommande löfte: hur många minst, t.ex. 1 (trafikkontroll per dygn)."
        ),
    )
    rate_per = models.CharField(_("per"), max_length=10, choices=RatePer.choices, blank=True)
    rate_counted = models.CharField(
        _("vad som räknas"),
        max_length=60,
        blank=True,
        help_text=_("Det som räknas i uppföljningen, t.ex. trafikkontroller."),
    )
    starts_on = models.DateField(
        _("gäller från"),
        null=True,
        blank=True,
        help_text=_("Valfritt: när löftet börjar, om det inte gäller hela giltighetstiden."),
    )
    ends_on = models.DateField(
        _("gäller till"),
        null=True,
        blank=True,
        help_text=_("Valfritt: när löftet slutar, om det inte gäller hela giltighetstiden."),
    )

    history = AuthoredHistoricalRecords(m2m_fields=[parties, local_focus_areas, focus_areas])
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("löfte")
        verbose_name_plural = _("löften")
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_target__isnull=True, rate_per="", rate_counted="")
                | (Q(rate_target__gt=0) & ~Q(rate_per="") & ~Q(rate_counted="")),
                name="commitment_rate_complete_or_none",
                violation_error_message=RATE_INCOMPLETE,
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="commitment_period_ends_after_it_starts",
                violation_error_message=_("Löftets period måste sluta efter att den börjar."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse(
            "loften:commitment",
            kwargs={
                "slug": self.promise.municipality.slug,
                "pk": self.promise_id,
                "commitment_pk": self.pk,
            },
        )

    def party_rows(self) -> list:
        """Its parties: the list prefetched as `party_list` where a query gave one (open data,
        `portal/opendata/querysets.py`), else `parties.all()`. A list read once costs less than
        a related manager for every call, on a page of a thousand löften."""
        listed = getattr(self, "party_list", None)
        return listed if listed is not None else list(self.parties.all())

    def role(self) -> str:
        """The `PartyRole` of this löfte (its parties loaded beforehand): gemensamt when more
        than one party promises it, else its party's; "" without a party."""
        parties = self.party_rows()
        if len(parties) > 1:
            return PartyRole.JOINT
        for role, kinds in ROLE_KINDS.items():
            if parties and parties[0].kind in kinds:
                return role
        return ""

    def rate_target_text(self) -> str:
        """ "minst 1 trafikkontroller per dygn", or "" for a löfte that does not recur."""
        if not self.is_recurring:
            return ""
        return _("minst %(target)s %(counted)s per %(per)s") % {
            "target": number(self.rate_target),
            "counted": self.rate_counted,
            "per": self.get_rate_per_display(),
        }

    def targets_text(self) -> str:
        """The löfte's targets in one line, as the document's PDF prints them: its rate target
        and each measure's ("minst 1 trafikkontroller per dygn; Trafikkontroller: 20 st"); its
        measures loaded beforehand."""
        return "; ".join(
            filter(
                None,
                [
                    self.rate_target_text(),
                    *(
                        f"{m.name}: {m.target_text()}"
                        for m in self.measures.all()
                        if m.target is not None
                    ),
                ],
            )
        )

    @property
    def is_recurring(self) -> bool:
        """Whether the löfte is kept again and again at a rate ("minst en trafikkontroll varje
        dygn"), followed up by a count per follow-up instead of by one target."""
        return self.rate_target is not None

    def period(self) -> str:
        """The löfte's own period in words ("2025-01-01 – 2026-06-30", "till 2026-06-30"), or ""
        when it runs for the document's validity period."""
        return period_text(self.starts_on, self.ends_on)

    def party_names(self) -> str:
        """Who promises, as the document names them (the parties loaded beforehand)."""
        return ", ".join(party.name for party in self.party_rows())

    def clean(self):
        super().clean()
        if self.group_id and self.promise_id and self.group.promise_id != self.promise_id:
            raise ValidationError(
                {"group": _("Välj en grupp i samma medborgarlöfte.")}, code="other_document"
            )
        filled = [self.rate_target is not None, bool(self.rate_per), bool(self.rate_counted)]
        if any(filled) and not all(filled):
            raise ValidationError(RATE_INCOMPLETE, code="rate_incomplete")


class Measure(models.Model):
    """A mått of a löfte: something counted in each follow-up ("trafikkontroller",
    "misstänkta rattfyllerister"), with an optional target. A löfte may have several; each
    follow-up records an achieved value per measure (`followup.models.MeasureValue`). Part of
    the document's content, so frozen once it is signed."""

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("medborgarlöfte"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("löfte"),
        help_text=_("Löftet som måttet följer upp. Spara löftena först."),
    )
    name = models.CharField(_("mått"), max_length=150, help_text=_("T.ex. trafikkontroller."))
    unit = models.CharField(
        _("enhet"), max_length=60, blank=True, help_text=_("T.ex. st, platser eller timmar.")
    )
    target = models.DecimalField(
        _("mål"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Valfritt, t.ex. 20."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("mått")
        verbose_name_plural = _("mått")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gt=0),
                name="measure_target_above_zero",
                violation_error_message=_("Ett mål måste vara större än 0, eller tomt."),
            ),
        ]

    def __str__(self):
        return self.name

    def target_text(self) -> str:
        """ "120 st", or "" without a target."""
        if self.target is None:
            return ""
        return " ".join(filter(None, [number(self.target), self.unit]))

    def clean(self):
        super().clean()
        if self.commitment_id and self.promise_id and self.commitment.promise_id != self.promise_id:
            raise ValidationError(
                {"commitment": _("Välj ett löfte i samma medborgarlöfte.")}, code="other_document"
            )


class Signatory(models.Model):
    """An undertecknare as the document names them: any number, of any organisation (a kommun,
    a lokalpolisområde, a housing company, the räddningstjänst …). The signing place and date
    are the document's own (`CitizenPromise.signed_place`, `signed_on`). A document that names
    no signatories says so instead (`CitizenPromise.names_no_signatories`)."""

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("medborgarlöfte"),
    )
    name = models.CharField(_("namn"), max_length=150)
    title = models.CharField(
        _("titel"), max_length=150, help_text=_("T.ex. kommunstyrelsens ordförande.")
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        help_text=_(
            "Som dokumentet skriver den, t.ex. Vingåkers kommun, Lokalpolisområde Katrineholm "
            "eller Vingåkers Bostäder AB."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("undertecknare")
        verbose_name_plural = _("undertecknare")

    def __str__(self):
        return f"{self.name}, {self.title}"

    def clean(self):
        super().clean()
        promise = getattr(self, "promise", None)  # None before the row has its document
        if promise is not None and promise.names_no_signatories:
            raise ValidationError(
                _(
                    "Medborgarlöftet är markerat med ”Dokumentet namnger inga undertecknare”. "
                    "Ta bort den markeringen om dokumentet namnger %(name)s, eller ta bort "
                    "undertecknaren."
                )
                % {"name": self.name or _("undertecknaren")},
                code="names_no_signatories",
            )
