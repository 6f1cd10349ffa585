from django.apps import apps
from django.db import models
from django.db.models import Avg, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities import permissions
from municipalities.models import Municipality, PoliceArea


class FocusArea(models.Model):
    """The national taxonomy of focus areas (fokusområden), shared by all municipalities."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("loften:focus_area", kwargs={"slug": self.slug})


def _followup_models():
    # followup depends on loften; loften's read rules reach back to it lazily.
    return apps.get_model("followup", "FollowUp"), apps.get_model("followup", "CommitmentStatus")


class CitizenPromiseQuerySet(models.QuerySet):
    def published(self):
        """What citizens may see: published documents and withdrawn ones (shown as withdrawn)."""
        return self.filter(state__in=CitizenPromise.PUBLIC_STATES)

    def in_force(self):
        """Published and not withdrawn."""
        return self.filter(state=CitizenPromise.State.PUBLISHED)

    def current(self, on=None):
        """Documents whose validity period includes the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on, valid_until__gte=on)

    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def visible_to(self, user):
        """What `user` may see in the admin, drafts included (see municipalities.permissions)."""
        return self.filter(permissions.visible_q(user))

    def editable_by(self, user):
        """What `user` may change, as far as each document's state allows."""
        return self.filter(permissions.editable_q(user))

    def with_progress(self):
        """Annotates the latest published follow-up (`latest_followup_pk`, `latest_followup_year`,
        `latest_followup_half`) and its `progress` in percent (see followup.progress); None
        where there is none yet."""
        from followup.progress import progress_expression

        FollowUp, CommitmentStatus = _followup_models()

        def latest(promise_ref):
            return FollowUp.objects.filter(
                promise=promise_ref, state=FollowUp.State.PUBLISHED
            ).order_by("-year", "-half")

        progress = (
            CommitmentStatus.objects.filter(
                followup=Subquery(latest(OuterRef(OuterRef("pk"))).values("pk")[:1])
            )
            .order_by()
            .values("followup")
            .annotate(value=Avg(progress_expression()))
            .values("value")
        )
        return self.annotate(
            latest_followup_pk=Subquery(latest(OuterRef("pk")).values("pk")[:1]),
            latest_followup_year=Subquery(latest(OuterRef("pk")).values("year")[:1]),
            latest_followup_half=Subquery(latest(OuterRef("pk")).values("half")[:1]),
            progress=Subquery(progress, output_field=models.FloatField()),
        )

    def for_listing(self):
        """What a list of documents shows per row, fetched in a fixed number of queries."""
        FollowUp, _ = _followup_models()
        return (
            self.select_related("municipality__county", "police_area")
            .with_progress()
            .prefetch_related(
                Prefetch(
                    "followups", queryset=FollowUp.objects.only("promise", "year", "half", "state")
                )
            )
        )


class CitizenPromise(models.Model):
    """A medborgarlöfte: one municipality and one police area, for a validity period."""

    class State(models.TextChoices):
        DRAFT = "draft", _("utkast")
        SIGNED = "signed", _("undertecknat")
        PUBLISHED = "published", _("publicerat")
        WITHDRAWN = "withdrawn", _("tillbakadraget")

    PUBLIC_STATES = (State.PUBLISHED, State.WITHDRAWN)

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="citizen_promises",
        verbose_name=_("kommun"),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.PROTECT,
        related_name="citizen_promises",
        verbose_name=_("lokalpolisområde"),
    )
    title = models.CharField(
        _("titel"), max_length=200, help_text=_("T.ex. Medborgarlöfte Vingåkers kommun 2023–2024.")
    )
    valid_from = models.DateField(_("gäller från"))
    valid_until = models.DateField(_("gäller till"))
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    situation = models.TextField(
        _("lägesbild"),
        blank=True,
        help_text=_("Den gemensamma bilden av läget i kommunen som löftena bygger på."),
    )
    effects = models.TextField(
        _("effekter och mål"), blank=True, help_text=_("Vad löftena ska leda till.")
    )
    followup_plan = models.TextField(
        _("plan för uppföljning"),
        blank=True,
        help_text=_("Hur och när löftena följs upp och var resultatet redovisas."),
    )
    withdrawal_reason = models.TextField(
        _("skäl till tillbakadragande"),
        blank=True,
        help_text=_("Krävs när medborgarlöftet dras tillbaka; visas för invånarna."),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("ersätter"),
        help_text=_("Den tidigare version som detta medborgarlöfte ersätter."),
    )
    signed_at = models.DateTimeField(_("undertecknat"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("tillbakadraget"), null=True, blank=True)
    replaced_at = models.DateTimeField(
        _("ersatt"),
        null=True,
        blank=True,
        help_text=_("När en ny version av medborgarlöftet publicerades."),
    )
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)
    lock_version = models.PositiveIntegerField(
        _("ändringsnummer"),
        default=0,
        help_text=_(
            "Räknas upp vid varje sparning, så att den som sparar sist inte skriver över "
            "någon annans ändringar utan att veta om det."
        ),
    )

    # lock_version only guards against lost updates; history shows what changed.
    history = HistoricalRecords(excluded_fields=["lock_version"])
    objects = CitizenPromiseQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "municipality__name"]
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")
        indexes = [models.Index(fields=["municipality", "-valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("valid_from")),
                name="citizenpromise_valid_until_after_valid_from",
                violation_error_message=_("Giltighetstidens slut måste ligga efter dess början."),
            ),
            models.CheckConstraint(
                condition=~Q(state="withdrawn") | ~Q(withdrawal_reason=""),
                name="citizenpromise_withdrawn_has_reason",
                violation_error_message=_(
                    "Ett tillbakadraget medborgarlöfte måste ha ett skäl till tillbakadragandet."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["published", "withdrawn"]) | Q(published_at__isnull=False),
                name="citizenpromise_public_has_published_at",
                violation_error_message=_(
                    "Ett publicerat medborgarlöfte måste ha en publiceringstid."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(replaces=F("pk")),
                name="citizenpromise_does_not_replace_itself",
                violation_error_message=_("Ett medborgarlöfte kan inte ersätta sig självt."),
            ),
            models.UniqueConstraint(
                fields=["replaces"],
                condition=Q(replaces__isnull=False),
                name="citizenpromise_one_new_version",
                violation_error_message=_(
                    "Det finns redan en ny version av det medborgarlöfte som ska ersättas."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("loften:promise", kwargs={"slug": self.municipality.slug, "pk": self.pk})

    @property
    def is_public(self):
        return self.state in self.PUBLIC_STATES

    @property
    def is_frozen(self):
        """Signed documents and later: their content is corrected only by a new version."""
        return self.state != self.State.DRAFT

    @property
    def is_replaced(self):
        return self.replaced_at is not None

    def is_ongoing(self, on=None):
        on = on or timezone.localdate()
        return self.valid_from <= on <= self.valid_until

    def phase(self, on=None):
        """What a citizen is told first: withdrawn, or where today lies in the validity.
        "Pågående" and "avslutat" are derived from the period, never stored (DESIGN.md)."""
        on = on or timezone.localdate()
        if self.state == self.State.WITHDRAWN:
            return "withdrawn"
        if on > self.valid_until:
            return "ended"
        if on < self.valid_from:
            return "upcoming"
        return "ongoing"


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["promise", "order", "pk"]
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

    history = HistoricalRecords()

    class Meta:
        ordering = ["promise", "order", "pk"]
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


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        """Commitments of documents citizens may see."""
        return self.filter(promise__state__in=CitizenPromise.PUBLIC_STATES)

    def with_latest_status(self):
        """Annotates the status of the latest published follow-up: `latest_status`,
        `latest_reason`, `latest_achieved_number`, `latest_year`, `latest_half` (None if none)."""
        FollowUp, CommitmentStatus = _followup_models()
        latest = CommitmentStatus.objects.filter(
            commitment=OuterRef("pk"), followup__state=FollowUp.State.PUBLISHED
        ).order_by("-followup__year", "-followup__half")
        return self.annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_reason=Subquery(latest.values("reason")[:1]),
            latest_achieved_number=Subquery(latest.values("achieved_number")[:1]),
            latest_year=Subquery(latest.values("followup__year")[:1]),
            latest_half=Subquery(latest.values("followup__half")[:1]),
        )


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

    history = HistoricalRecords(m2m_fields=[focus_areas])
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["promise", "order", "pk"]
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
    """An undertecknare, usually kommunstyrelsens ordförande and lokalpolisområdeschefen."""

    class Side(models.TextChoices):
        POLICE = "police", _("polisen")
        MUNICIPALITY = "municipality", _("kommunen")

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
    side = models.CharField(_("organisation"), max_length=20, choices=Side.choices)
    signed_on = models.DateField(_("undertecknat den"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["promise", "order", "pk"]
        verbose_name = _("undertecknare")
        verbose_name_plural = _("undertecknare")

    def __str__(self):
        return f"{self.name}, {self.title}"
