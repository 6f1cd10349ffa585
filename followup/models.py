from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models
from django.db.models import Avg, FloatField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loften import lifecycle
from loften.locking import VersionedModel
from loften.models import CitizenPromise, Commitment, DocumentParty, Measure
from municipalities import permissions
from municipalities.history import AuthoredHistoricalRecords
from municipalities.models import EXACTLY_ONE_ORGANISATION

from .periods import Period, periods_per_year

#: Texts an official writes may not hold a NUL character: PostgreSQL cannot store one, so saving
#: it would fail with a server error. Django's form fields refuse it already; on the model it
#: also holds for the spreadsheet import and every other caller of `full_clean()`.
NO_NUL = ProhibitNullCharactersValidator()


def published_q(prefix=""):
    """The one rule for what citizens see of follow-ups: published follow-ups of public
    documents. `prefix` leads from a row to its follow-up ("followup__" for a status)."""
    return Q(
        **{
            f"{prefix}state": FollowUp.State.PUBLISHED,
            f"{prefix}promise__state__in": lifecycle.PUBLIC_STATES,
        }
    )


class FollowUpQuerySet(models.QuerySet):
    def published(self):
        """Published follow-ups of documents citizens may see."""
        return self.filter(published_q())

    def visible_to(self, user):
        """Follow-ups of the documents `user` may see (see municipalities.permissions)."""
        return self.filter(permissions.visible_q(user, prefix="promise__"))

    def editable_by(self, user):
        return self.filter(permissions.editable_q(user, prefix="promise__"))

    def before(self, period):
        """Follow-ups of periods earlier than the given one."""
        return self.filter(Q(year__lt=period.year) | Q(year=period.year, number__lt=period.number))

    def with_progress(self):
        """Annotates each follow-up's own `progress` in percent, the average of its rows' figures
        (see followup.progress); None for one without statuses. A subquery per follow-up rather
        than a join and GROUP BY, so that a page of follow-ups averages only its own rows (and
        counting the page's list needs no statuses at all)."""
        rows = (
            CommitmentStatus.objects.filter(followup=OuterRef("pk"))
            .order_by()
            .values("followup")
            .annotate(value=Avg("progress"))
            .values("value")
        )
        return self.annotate(progress=Subquery(rows, output_field=FloatField()))


class FollowUp(VersionedModel):
    """The follow-up report (uppföljning) of one medborgarlöfte for one period of its cadence
    (`period`: half-year, tertial, year or the whole validity; see followup.periods)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("utkast")
        PUBLISHED = "published", _("publicerad")

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name=_("medborgarlöfte"),
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    number = models.PositiveSmallIntegerField(
        _("period"),
        help_text=_(
            "Periodens nummer under året: halvår 1–2, tertial 1–3; 1 för helår och för hela "
            "perioden."
        ),
    )
    summary = models.TextField(
        _("sammanfattning"),
        blank=True,
        help_text=_("Hur arbetet gick under perioden, i korthet."),
        validators=[NO_NUL],
    )
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
    )
    is_latest = models.BooleanField(
        _("senaste publicerade"),
        default=False,
        editable=False,
        help_text=_("Medborgarlöftets senaste publicerade uppföljning."),
    )
    history = AuthoredHistoricalRecords(excluded_fields=["lock_version", "is_latest"])
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        # By the column, not the document: ordering by "promise" would add the document's own
        # ordering (and its joins) to every query of follow-ups.
        ordering = ["promise_id", "year", "number"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        constraints = [
            models.UniqueConstraint(
                fields=["promise", "year", "number"],
                name="followup_one_per_promise_and_period",
                violation_error_message=_(
                    "Det finns redan en uppföljning för det här medborgarlöftet och perioden."
                ),
            ),
            # The cadence's own range is checked by clean(); no cadence has more than three.
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=3),
                name="followup_number_1_to_3",
                violation_error_message=_("Periodens nummer ska vara 1, 2 eller 3."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="followup_year_plausible",
                violation_error_message=_("Året ska ligga mellan 2000 och 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="followup_published_has_published_at",
                violation_error_message=_("En publicerad uppföljning måste ha en publiceringstid."),
            ),
            # Also the index that reads each document's latest follow-up in one join.
            models.UniqueConstraint(
                fields=["promise"],
                condition=Q(is_latest=True),
                name="followup_one_latest_per_promise",
            ),
        ]
        # The start page's latest follow-ups: read newest first, only as far as needed.
        indexes = [
            models.Index(
                fields=["-published_at"],
                condition=Q(state="published"),
                name="followup_published_newest",
            )
        ]

    def __str__(self):
        return f"{self.promise} – {self.period}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.state == self.State.PUBLISHED or self.is_latest:
            refresh_latest_followup(self.promise_id)
        if self.state == self.State.PUBLISHED:
            refresh_latest(self.statuses.values_list("commitment_id", flat=True))

    def get_absolute_url(self):
        return reverse(
            "followup:followup",
            kwargs={
                "slug": self.promise.municipality.slug,
                "pk": self.promise_id,
                "period": self.period.slug,
            },
        )

    @property
    def is_public(self):
        """The instance's side of `published_q`: published, of a public document."""
        return self.state == self.State.PUBLISHED and self.promise.is_public

    @property
    def period(self):
        """The period this follow-up covers, of its document's cadence (its `start`, `end`, its
        name in words and its `slug` in URLs)."""
        return Period.of(self.promise, self.year, self.number)

    def clean(self):
        super().clean()
        if self.promise_id is None or self.number is None or not 2000 <= (self.year or 0) <= 2100:
            return
        promise = self.promise
        count = periods_per_year(promise.cadence)
        if not 1 <= self.number <= count:
            values = {"cadence": promise.get_cadence_display(), "count": count}
            message = (
                _("Medborgarlöftet följs upp %(cadence)s och har bara period 1.")
                if count == 1
                else _("Medborgarlöftet följs upp %(cadence)s: välj period 1–%(count)s.")
            )
            raise ValidationError({"number": message % values})
        if (
            promise.cadence == promise.Cadence.END_OF_PERIOD
            and self.year != promise.valid_until.year
        ):
            raise ValidationError(
                {
                    "year": _(
                        "Medborgarlöftet följs upp en gång vid periodens slut. Ange året då "
                        "giltighetstiden slutar, %(year)s."
                    )
                    % {"year": promise.valid_until.year}
                }
            )
        period = self.period
        if not period.overlaps(promise.valid_from, promise.valid_until):
            raise ValidationError(
                {
                    "year": _(
                        "%(period)s ligger utanför medborgarlöftets giltighetstid "
                        "%(start)s – %(end)s. Välj en period inom giltighetstiden."
                    )
                    % {
                        "period": period,
                        "start": promise.valid_from.isoformat(),
                        "end": promise.valid_until.isoformat(),
                    }
                }
            )


class Status(models.TextChoices):
    """The fixed vocabulary of how a commitment went in one follow-up."""

    NOT_STARTED = "not_started", _("ej påbörjad")
    IN_PROGRESS = "in_progress", _("pågår")
    DONE = "done", _("genomförd")
    PARTLY_DONE = "partly_done", _("delvis genomförd")
    NOT_DONE = "not_done", _("ej genomförd")
    POSTPONED = "postponed", _("framflyttad")
    ON_TRACK = "on_track", _("löper enligt plan")
    BELOW_PLAN = "below_plan", _("under plan")


#: Statuses that must say why.
STATUSES_REQUIRING_REASON = (
    Status.PARTLY_DONE,
    Status.NOT_DONE,
    Status.POSTPONED,
    Status.BELOW_PLAN,
)

#: Statuses only a recurring löfte (`Commitment.is_recurring`) may have.
RECURRING_STATUSES = (Status.ON_TRACK, Status.BELOW_PLAN)


def status_from_text(text):
    """The status a person wrote, as its code ("in_progress") or its Swedish label ("Pågår"),
    in any case and with surrounding spaces; None when it is neither."""
    wanted = " ".join((text or "").split()).casefold()
    for status in Status:
        if wanted in (status.value.casefold(), str(status.label).casefold()):
            return status
    return None


class CommitmentStatusQuerySet(models.QuerySet):
    def published(self):
        """Statuses in follow-ups citizens may see."""
        return self.filter(published_q("followup__"))


class CommitmentStatus(models.Model):
    """How one commitment went in one follow-up."""

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("uppföljning")
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="statuses", verbose_name=_("löfte")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    reason = models.TextField(
        _("skäl"),
        blank=True,
        help_text=_("Krävs för ej genomförd, delvis genomförd och framflyttad."),
        validators=[NO_NUL],
    )
    comment = models.TextField(_("kommentar"), blank=True, validators=[NO_NUL])
    party = models.ForeignKey(
        DocumentParty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporterande part"),
        help_text=_(
            "Den part vars del av löftet statusen gäller. Tom: statusen gäller hela löftet, "
            "gemensamt för alla dess parter."
        ),
    )
    circumstance = models.ForeignKey(
        "Circumstance",
        # Not deleted while a status gives it as its reason, except with its follow-up.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="statuses",
        verbose_name=_("omständighet"),
        help_text=_(
            "En omständighet i samma uppföljning som förklarar statusen, i stället för eller "
            "utöver ett eget skäl."
        ),
    )
    count = models.PositiveIntegerField(
        _("antal under perioden"),
        null=True,
        blank=True,
        help_text=_(
            "För ett återkommande löfte: hur många gånger det hölls under uppföljningens period, "
            "t.ex. 142 trafikkontroller."
        ),
    )
    progress = models.PositiveSmallIntegerField(
        _("genomfört (%)"),
        null=True,
        editable=False,
        help_text=_(
            "Räknas fram av regeln i followup/progress.py när raden eller dess mått sparas."
        ),
    )

    is_latest = models.BooleanField(
        _("senaste publicerade"),
        default=False,
        editable=False,
        help_text=_("Löftets status i den senaste publicerade uppföljningen."),
    )

    history = AuthoredHistoricalRecords(excluded_fields=["is_latest", "progress"])
    objects = CommitmentStatusQuerySet.as_manager()

    class Meta:
        ordering = ["followup_id", "commitment__order", "commitment_id", "party_id"]
        verbose_name = _("status för löfte")
        verbose_name_plural = _("status för löften")
        constraints = [
            models.UniqueConstraint(
                fields=["followup", "commitment", "party"],
                condition=Q(party__isnull=False),
                name="commitmentstatus_one_per_followup_commitment_party",
                violation_error_message=_(
                    "Parten har redan rapporterat sin del av löftet i den här uppföljningen."
                ),
            ),
            models.UniqueConstraint(
                fields=["followup", "commitment"],
                condition=Q(party__isnull=True),
                name="commitmentstatus_one_joint_per_followup_and_commitment",
                violation_error_message=_(
                    "Löftet har redan en gemensam status i den här uppföljningen."
                ),
            ),
            # Also the index that reads each löfte's latest status in one join.
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(is_latest=True),
                name="commitmentstatus_one_latest_per_commitment",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in STATUSES_REQUIRING_REASON])
                | ~Q(reason="")
                | Q(circumstance__isnull=False),
                name="commitmentstatus_reason_required",
                violation_error_message=_(
                    "Ange ett skäl när löftet är ej genomfört, delvis genomfört, framflyttat "
                    "eller under plan."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.commitment} – {self.get_status_display()}"

    def save(self, *args, **kwargs):
        from .progress import refresh_progress

        super().save(*args, **kwargs)
        refresh_progress([self.pk])
        if self.followup.state == FollowUp.State.PUBLISHED:
            refresh_latest([self.commitment_id])

    def clean(self):
        super().clean()
        errors = {}
        # Also one new in the same save, not stored yet (`status_inputs.CircumstanceInput.label`).
        circumstance = self.circumstance
        if (
            self.status in STATUSES_REQUIRING_REASON
            and not self.reason.strip()
            and circumstance is None
        ):
            errors["reason"] = _("Ange ett skäl när status är ”%(status)s”.") % {
                "status": self.get_status_display()
            }
        if (
            self.party_id is not None
            and self.commitment_id is not None
            and self.party_id not in {p.pk for p in self.commitment.parties.all()}
        ):
            errors["party"] = _(
                "”%(party)s” är inte part i löftet. Välj en av löftets parter, eller lämna "
                "fältet tomt för en gemensam status."
            ) % {"party": self.party.name}
        if (
            circumstance is not None
            and self.followup_id is not None
            and circumstance.followup_id != self.followup_id
        ):
            errors["circumstance"] = _(
                "Omständigheten hör till en annan uppföljning. Välj en omständighet ur den här "
                "uppföljningen."
            )
        if (
            self.followup_id is not None
            and self.commitment_id is not None
            and self.commitment.promise_id != self.followup.promise_id
        ):
            errors["commitment"] = _(
                "Löftet hör till ett annat medborgarlöfte än uppföljningen. "
                "Välj ett löfte ur ”%(promise)s”."
            ) % {"promise": self.followup.promise}
        if self.commitment_id is not None and not self.commitment.is_recurring:
            if self.status in RECURRING_STATUSES:
                errors["status"] = _(
                    "”%(status)s” gäller bara återkommande löften, och det här löftet har ingen "
                    "takt. Välj en annan status, eller ge löftet en takt i medborgarlöftet."
                ) % {"status": self.get_status_display()}
            if self.count is not None:
                errors["count"] = _(
                    "Antal under perioden fylls i bara för återkommande löften. Lämna fältet "
                    "tomt, eller skriv siffrorna under löftets mått."
                )
        if errors:
            raise ValidationError(errors)


class MeasureValue(models.Model):
    """What one measure (`loften.models.Measure`) reached by one follow-up, possibly
    approximate ("ca 100", "ett hundratal")."""

    status = models.ForeignKey(
        CommitmentStatus,
        on_delete=models.CASCADE,
        related_name="measure_values",
        verbose_name=_("status för löfte"),
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="values", verbose_name=_("mått")
    )
    value = models.DecimalField(
        _("uppnått"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    approximate = models.BooleanField(
        _("ungefär"), default=False, help_text=_("Visas som ”ca”, t.ex. ”ca 100”.")
    )

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["status_id", "measure__order", "measure_id"]
        verbose_name = _("uppnått värde")
        verbose_name_plural = _("uppnådda värden")
        constraints = [
            models.UniqueConstraint(
                fields=["status", "measure"],
                name="measurevalue_one_per_status_and_measure",
                violation_error_message=_("Måttet har redan ett värde i den här uppföljningen."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="measurevalue_not_negative",
                violation_error_message=_("Ett uppnått värde kan inte vara negativt."),
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {'ca ' if self.approximate else ''}{self.value}"

    def save(self, *args, **kwargs):
        from .progress import refresh_progress

        super().save(*args, **kwargs)
        refresh_progress([self.status_id])

    def delete(self, *args, **kwargs):
        from .progress import refresh_progress

        result = super().delete(*args, **kwargs)
        refresh_progress([self.status_id])
        return result

    def clean(self):
        super().clean()
        if (
            self.status_id is not None
            and self.measure_id is not None
            and self.measure.commitment_id != self.status.commitment_id
        ):
            raise ValidationError(
                {
                    "measure": _(
                        "Måttet ”%(measure)s” hör till ett annat löfte än statusen. Välj ett av "
                        "löftets egna mått."
                    )
                    % {"measure": self.measure}
                }
            )


class FollowUpPart(models.Model):
    """Something a follow-up states besides its statuses. Written only while the follow-up is
    a draft, in the admin's change form of the follow-up (`CircumstanceInline`,
    `OtherWorkInline`: read-only once published, like the statuses) or from its spreadsheet
    (`status_inputs.FollowUpParts`). Each kind adds its `followup`."""

    title = models.CharField(_("rubrik"), max_length=200, validators=[NO_NUL])
    text = models.TextField(_("text"), blank=True, validators=[NO_NUL])
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        abstract = True
        ordering = ["followup_id", "order", "pk"]

    def __str__(self):
        return self.title


class Circumstance(FollowUpPart):
    """A circumstance stated once in a follow-up (a pandemic, forest fires …) and given as the
    reason of several statuses (`CommitmentStatus.circumstance`)."""

    followup = models.ForeignKey(
        FollowUp,
        on_delete=models.CASCADE,
        related_name="circumstances",
        verbose_name=_("uppföljning"),
    )
    history = AuthoredHistoricalRecords()

    class Meta(FollowUpPart.Meta):
        verbose_name = _("omständighet")
        verbose_name_plural = _("omständigheter")

    @property
    def anchor(self):
        """The id of its place on the follow-up page and in the PDF."""
        return f"omstandighet-{self.pk}"


class OtherWork(FollowUpPart):
    """Work a party did in the period that no löfte covers (övrigt arbete)."""

    followup = models.ForeignKey(
        FollowUp,
        on_delete=models.CASCADE,
        related_name="other_work",
        verbose_name=_("uppföljning"),
    )
    party = models.ForeignKey(
        DocumentParty, on_delete=models.PROTECT, related_name="+", verbose_name=_("part")
    )
    history = AuthoredHistoricalRecords()

    class Meta(FollowUpPart.Meta):
        verbose_name = _("övrigt arbete")
        verbose_name_plural = _("övrigt arbete")

    def clean(self):
        super().clean()
        if (
            self.followup_id is not None
            and self.party_id is not None
            and self.party.promise_id != self.followup.promise_id
        ):
            raise ValidationError(
                {
                    "party": _(
                        "”%(party)s” är inte part i medborgarlöftet. Välj en av dess parter."
                    )
                    % {"party": self.party.name}
                }
            )


def refresh_latest(commitment_ids: Iterable[int]) -> None:
    """Marks `is_latest` on each given löfte's status in its latest follow-up that citizens may
    see (`published_q`), and on no other of its statuses. The one place that writes the mark:
    `FollowUp.save` and `CommitmentStatus.save` call it for a published follow-up, so the
    services, the admin, the demo and the tests' factories all keep it right. Nothing else
    needs to: a published follow-up is frozen and never deleted, follow-ups are published only
    for published documents, and a public document stays public. Pages read the latest status
    through the mark in one join (`followup.selectors.commitments_with_latest_status`) instead
    of searching every follow-up of the country."""
    ids = set(commitment_ids)
    latest: dict[int, int] = {}
    rows = (
        CommitmentStatus.objects.published()
        .filter(commitment__in=ids)
        # One mark per löfte: a löfte reported in parts is listed by its first party's part
        # (the document's order of parties); the follow-up page shows every part.
        .order_by(
            "commitment_id", "-followup__year", "-followup__number", "party__order", "party_id"
        )
        .values_list("commitment_id", "pk")
    )
    for commitment_id, pk in rows:
        latest.setdefault(commitment_id, pk)
    statuses = CommitmentStatus.objects.filter(commitment__in=ids)
    statuses.filter(is_latest=True).exclude(pk__in=latest.values()).update(is_latest=False)
    statuses.filter(pk__in=latest.values(), is_latest=False).update(is_latest=True)


def refresh_latest_followup(promise_id: int) -> None:
    """Marks `FollowUp.is_latest` on the document's latest follow-up that citizens may see
    (`published_q`: the latest period), and on no other of its follow-ups. The one place that
    writes the mark, called by `FollowUp.save` for a published follow-up; as for
    `refresh_latest`, nothing else needs to (published follow-ups are frozen and never deleted,
    a public document stays public). Lists of documents read their latest follow-up and its
    progress through the mark in one join (`followup.selectors.promises_with_progress`)."""
    followups = FollowUp.objects.filter(promise=promise_id)
    latest = followups.published().order_by("-year", "-number").values_list("pk", flat=True).first()
    followups.filter(is_latest=True).exclude(pk=latest).update(is_latest=False)
    if latest is not None:
        followups.filter(pk=latest, is_latest=False).update(is_latest=True)


class ReminderSent(models.Model):
    """One reminder e-mail about due and overdue follow-ups, sent to one member of one
    organisation on one day (`manage.py followup_reminders`). The unique constraints make the
    command idempotent per day: a second run finds the row and sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followup_reminders",
        verbose_name=_("mottagare"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
    )
    police_area = models.ForeignKey(
        "municipalities.PoliceArea",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lokalpolisområde"),
    )
    sent_on = models.DateField(_("skickad den"))
    email = models.EmailField(_("e-postadress"))
    periods = models.TextField(
        _("perioder"), help_text=_("De uppföljningar som påminnelsen gällde, en per rad.")
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "user__username"]
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        constraints = [
            models.CheckConstraint(
                condition=EXACTLY_ONE_ORGANISATION,
                name="remindersent_exactly_one_organisation",
                violation_error_message=_(
                    "En påminnelse gäller antingen en kommun eller ett lokalpolisområde."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "sent_on"],
                condition=Q(municipality__isnull=False),
                name="remindersent_once_a_day_per_municipality",
                violation_error_message=_(
                    "Påminnelsen för den här kommunen är redan skickad i dag."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "police_area", "sent_on"],
                condition=Q(police_area__isnull=False),
                name="remindersent_once_a_day_per_police_area",
                violation_error_message=_(
                    "Påminnelsen för det här lokalpolisområdet är redan skickad i dag."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.municipality or self.police_area} – {self.sent_on}"


# The indicator values live in their own module; imported here so that Django finds the model.
from .indicator_values import IndicatorValue  # noqa: E402, F401
