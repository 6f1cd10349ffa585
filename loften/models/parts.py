"""The parts of a medborgarlöfte's content: underlag, platser, löften (by party) and
undertecknare. They are edited only inside their document (`loften.services`)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipalities.history import AuthoredHistoricalRecords

from .. import lifecycle
from .document import CitizenPromise, FocusArea


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


class Party(models.TextChoices):
    """Who gives a commitment."""

    POLICE = "police", _("polisen")
    MUNICIPALITY = "municipality", _("kommunen")
    JOINT = "joint", _("gemensamt")


#: The lead-in above each party's löften, on the page, in the follow-up and in the PDF alike.
PARTY_HEADINGS = {
    Party.POLICE: _("Polisen lovar att"),
    Party.MUNICIPALITY: _("Kommunen lovar att"),
    Party.JOINT: _("Polisen och kommunen lovar gemensamt att"),
}


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        """Commitments of documents citizens may see."""
        return self.filter(promise__state__in=lifecycle.PUBLIC_STATES)


class Commitment(models.Model):
    """One concrete promise in a medborgarlöfte ("Polisen lovar att …")."""

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("medborgarlöfte"),
    )
    party = models.CharField(_("part"), max_length=20, choices=Party.choices)
    text = models.TextField(
        _("löfte"), help_text=_('Skriv fortsättningen på "… lovar att", t.ex. "genomföra …".')
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="commitments", verbose_name=_("fokusområden")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    target_number = models.PositiveIntegerField(
        _("mål (antal)"),
        null=True,
        blank=True,
        help_text=_("Valfritt mätbart mål, t.ex. 20."),
    )
    target_unit = models.CharField(
        _("enhet"),
        max_length=60,
        blank=True,
        help_text=_("Enheten för målet, t.ex. trafikkontroller."),
    )

    history = AuthoredHistoricalRecords(m2m_fields=[focus_areas])
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("löfte")
        verbose_name_plural = _("löften")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_number__isnull=True, target_unit="")
                | (Q(target_number__isnull=False) & ~Q(target_unit="")),
                name="commitment_target_number_and_unit_together",
                violation_error_message=_(
                    "Ett mätbart mål behöver både antal och enhet (eller inget av dem)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_party_display().capitalize()}: {self.text[:80]}"

    def get_absolute_url(self):
        return reverse(
            "loften:commitment",
            kwargs={
                "slug": self.promise.municipality.slug,
                "pk": self.promise_id,
                "commitment_pk": self.pk,
            },
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
