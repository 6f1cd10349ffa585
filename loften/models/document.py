"""The document itself: a medborgarlöfte and the national focus areas its löften refer to."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from municipalities import permissions
from municipalities.history import AuthoredHistoricalRecords
from municipalities.models import Municipality, PoliceArea

from .. import lifecycle
from ..locking import VersionedModel


class SubqueryCount(models.Subquery):
    """The number of rows of a subquery (its rows counted in the database)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = models.IntegerField()


class FocusAreaQuerySet(models.QuerySet):
    def active(self):
        """The areas offered for new tags and listed publicly."""
        return self.filter(is_active=True)

    def offered_for(self, row=None, field="focus_areas"):
        """What tagging `row` (a löfte, or with `field="national_focus_areas"` a document's own
        focus area) offers: the active areas, and any it already has, so that saving it keeps
        an area that was deactivated after it was chosen."""
        condition = Q(is_active=True)
        if row is not None and row.pk is not None:
            condition |= Q(pk__in=getattr(row, field).values("pk"))
        return self.filter(condition)

    def with_published_commitment_count(self):
        """Each area with `commitment_count`: the published löften in it, tagged directly or
        through a document's own focus area (`CommitmentQuerySet.in_focus_area`), each once."""
        commitment_model = self.model._meta.get_field("commitments").related_model
        in_area = (
            commitment_model.objects.published()
            .in_focus_area(OuterRef(OuterRef("pk")))
            .values("pk")
        )
        return self.annotate(commitment_count=SubqueryCount(in_area))

    def delete(self):
        """Delete one area at a time through `FocusArea.delete()`, so that a bulk delete (the
        admin's action, the shell) obeys the same rule and leaves the same history."""
        total, per_model = 0, {}
        with transaction.atomic():
            for area in self:
                count, counts = area.delete()
                total += count
                for label, number in counts.items():
                    per_model[label] = per_model.get(label, 0) + number
        return total, per_model


class FocusArea(models.Model):
    """The national taxonomy of focus areas (fokusområden), shared by all municipalities.

    An area that a signed, published or withdrawn document uses is never deleted: those
    documents are frozen, and deleting the area would change them. It is deactivated instead
    (`is_active`): no longer offered for new löften or listed publicly, still shown where used."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    is_active = models.BooleanField(
        _("aktivt"),
        default=True,
        help_text=_(
            "Bara aktiva fokusområden kan väljas för löften och visas i listan över "
            "fokusområden. Ett inaktivt fokusområde står kvar på de medborgarlöften som redan "
            "har det."
        ),
    )

    history = AuthoredHistoricalRecords()
    objects = FocusAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("loften:focus_area", kwargs={"slug": self.slug})

    def frozen_document_count(self, *, lock=False):
        """How many signed, published or withdrawn documents have a löfte in this area. With
        `lock` (inside a transaction) their rows are locked, so that none is signed meanwhile."""
        documents = CitizenPromise.objects.filter(
            Q(pk__in=self.commitments.values("promise_id"))
            | Q(pk__in=self.local_focus_areas.values("promise_id"))
        )
        if lock:
            documents = documents.select_for_update()
        states = documents.values_list("state", flat=True)
        return sum(1 for state in states if lifecycle.is_frozen(state))

    def deletion_refusal(self, *, lock=False):
        """Why the area may not be deleted, or None. The one place of the rule."""
        count = self.frozen_document_count(lock=lock)
        if not count:
            return None
        return ngettext(
            "Fokusområdet ”%(name)s” används av %(count)s undertecknat, publicerat eller "
            "tillbakadraget medborgarlöfte och kan inte raderas, eftersom det som har "
            "undertecknats ska stå kvar som det var. Avaktivera det i stället (kryssa ur "
            "”Aktivt”): då erbjuds det inte för nya löften men står kvar där det används.",
            "Fokusområdet ”%(name)s” används av %(count)s undertecknade, publicerade eller "
            "tillbakadragna medborgarlöften och kan inte raderas, eftersom det som har "
            "undertecknats ska stå kvar som det var. Avaktivera det i stället (kryssa ur "
            "”Aktivt”): då erbjuds det inte för nya löften men står kvar där det används.",
            count,
        ) % {"name": self.name, "count": count}

    def delete(self, *args, user=None, **kwargs):
        """Refused (ValidationError) while a frozen document uses the area. Drafts' löften (and
        their own focus areas mapped to it) lose it one at a time, so that each one's history
        records the removal: deleting the area alone would empty the link table without a trace
        in any history."""
        with transaction.atomic():
            refusal = self.deletion_refusal(lock=True)
            if refusal:
                raise ValidationError(refusal, code="in_use")
            reason = gettext("Fokusområdet ”%(name)s” raderades") % {"name": self.name}
            for commitment in self.commitments.all():
                if user is not None:
                    commitment._history_user = user
                commitment._change_reason = reason
                commitment.focus_areas.remove(self)
            for local in self.local_focus_areas.all():
                if user is not None:
                    local._history_user = user
                local._change_reason = reason
                local.national_focus_areas.remove(self)
            if user is not None:
                self._history_user = user
            return super().delete(*args, **kwargs)


def covers_q(municipality) -> Q:
    """Documents that cover a kommun: the one each belongs to (whose officials edit it) and the
    kommuner it names as parties, such as one promise of three kommuner. `municipality` may be
    an `OuterRef`. The one place of the rule; no join that repeats rows."""
    # The parties are read in a subquery of the documents' query: an outer reference to the
    # kommun is one level further out from there.
    inner = OuterRef(municipality) if isinstance(municipality, OuterRef) else municipality
    named = CitizenPromise.parties.rel.related_model.objects.filter(municipality=inner)
    return Q(municipality=municipality) | Q(pk__in=named.values("promise_id"))


def covered_by_q(documents) -> Q:
    """Kommuner that any of `documents` covers: `covers_q` seen from the kommun, for lists of
    kommuner. Two subqueries that do not refer to the kommun, so the database reads each once
    for the whole list instead of once per kommun."""
    named = CitizenPromise.parties.rel.related_model.objects.filter(
        promise__in=documents, municipality__isnull=False
    )
    return Q(pk__in=documents.values("municipality_id")) | Q(pk__in=named.values("municipality_id"))


class CitizenPromiseQuerySet(models.QuerySet):
    def published(self):
        """What citizens may see: published documents and withdrawn ones (shown as withdrawn)."""
        return self.filter(state__in=lifecycle.PUBLIC_STATES)

    def in_force(self):
        """Published and not withdrawn."""
        return self.filter(state=CitizenPromise.State.PUBLISHED)

    def current(self, on=None):
        """Documents whose validity period includes the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on, valid_until__gte=on)

    def in_phase(self, phase, on=None):
        """Documents in a phase as `CitizenPromise.phase()` tells it ("withdrawn", "ended",
        "upcoming", "ongoing"), for filtering lists; the two must agree."""
        on = on or timezone.localdate()
        not_withdrawn = self.exclude(state=lifecycle.State.WITHDRAWN)
        if phase == "withdrawn":
            return self.filter(state=lifecycle.State.WITHDRAWN)
        if phase == "ended":
            return not_withdrawn.filter(valid_until__lt=on)
        if phase == "upcoming":
            return not_withdrawn.filter(valid_from__gt=on)
        if phase == "ongoing":
            return not_withdrawn.current(on)
        raise ValueError(f"unknown phase {phase!r}")

    def for_municipality(self, municipality):
        """Documents that cover `municipality` (`covers_q`)."""
        return self.filter(covers_q(municipality))

    def visible_to(self, user):
        """What `user` may see in the admin, drafts included (see municipalities.permissions)."""
        return self.filter(permissions.visible_q(user))

    def editable_by(self, user):
        """What `user` may change, as far as each document's state allows."""
        return self.filter(permissions.editable_q(user))


class Cadence(models.TextChoices):
    """How often a document is followed up (its uppföljningsintervall); the periods each one
    makes are `followup.periods.Period`."""

    HALF_YEARLY = "half_yearly", _("halvårsvis")
    TERTIAL = "tertial", _("per tertial")
    YEARLY = "yearly", _("årsvis")
    END_OF_PERIOD = "end_of_period", _("en gång vid periodens slut")


class CitizenPromise(VersionedModel):
    """A medborgarlöfte: the document of its parties (`parties`) for a validity period, in its
    own sections (`sections`). `municipality` is the kommun it belongs to, whose officials edit
    it and under whose address it is published; `police_area` the police area that takes part
    in editing it."""

    State = lifecycle.State
    PUBLIC_STATES = lifecycle.PUBLIC_STATES
    Cadence = Cadence

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
    district = models.CharField(
        _("del av kommunen"),
        max_length=150,
        blank=True,
        help_text=_(
            "Fyll bara i om medborgarlöftet gäller en namngiven del av kommunen, t.ex. Järva."
        ),
    )
    followed_up_here = models.BooleanField(
        _("följs upp i portalen"),
        default=True,
        help_text=_(
            "Kryssa ur för ett historiskt medborgarlöfte som inte följs upp här: inget halvår blir "
            "då försenat och inga påminnelser skickas. Ett medborgarlöfte som följs upp här är "
            "skyldigt uppföljningar från det halvår då det publicerades i portalen."
        ),
    )
    cadence = models.CharField(
        _("uppföljningsintervall"),
        max_length=20,
        choices=Cadence.choices,
        default=Cadence.HALF_YEARLY,
        help_text=_(
            "Hur ofta medborgarlöftet följs upp: varje halvår, per tertial (januari–april, "
            "maj–augusti, september–december), varje år eller en gång när perioden är slut."
        ),
    )
    # --- What the document says about itself: case number, decision, signing, signatories and
    # commitments in an attachment. Each is shown only when the document says it.
    case_number = models.CharField(
        _("diarienummer"), max_length=60, blank=True, help_text=_("T.ex. KS 2022/123.")
    )
    decided_by = models.CharField(
        _("beslutat av"),
        max_length=200,
        blank=True,
        help_text=_("Det organ som fattade beslutet, t.ex. Kommunstyrelsen."),
    )
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    signed_place = models.CharField(
        _("ort för underskrift"),
        max_length=100,
        blank=True,
        help_text=_("Orten som dokumentet anger vid underskrifterna, t.ex. Vingåker."),
    )
    signed_on = models.DateField(
        _("datum för underskrift"),
        null=True,
        blank=True,
        help_text=_(
            "Datumet som dokumentet anger vid underskrifterna; en gång för hela dokumentet."
        ),
    )
    names_no_signatories = models.BooleanField(
        _("dokumentet namnger inga undertecknare"),
        default=False,
        help_text=_(
            "Kryssa i när dokumentet inte namnger några undertecknare. Sidan och PDF:en säger "
            "då det. Ett medborgarlöfte med undertecknare kan inte ha den här markeringen."
        ),
    )
    commitments_in_attachment = models.BooleanField(
        _("löftena finns i en bilaga"),
        default=False,
        help_text=_(
            "Kryssa i när dokumentets löften står i en bilaga (t.ex. en handlingsplan) i stället "
            "för i texten. Lägg då till bilagan; löften i texten behövs inte."
        ),
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
    # lock_version only guards against lost updates; history shows what changed.
    history = AuthoredHistoricalRecords(excluded_fields=["lock_version"])
    objects = CitizenPromiseQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "municipality__name"]
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")
        indexes = [
            models.Index(fields=["municipality", "-valid_from"]),
            # The start page's latest documents: read newest first, only as far as needed.
            models.Index(
                fields=["-published_at"],
                condition=Q(state__in=lifecycle.PUBLIC_STATES),
                name="citizenpromise_public_newest",
            ),
        ]
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
        return lifecycle.is_public(self.state)

    @property
    def is_frozen(self):
        """Signed documents and later: their content is corrected only by a new version."""
        return lifecycle.is_frozen(self.state)

    @property
    def is_replaced(self):
        return self.replaced_at is not None

    def is_ongoing(self, on=None):
        on = on or timezone.localdate()
        return self.valid_from <= on <= self.valid_until

    def phase(self, on=None):
        """What a citizen is told first: withdrawn, or where today lies in the validity.
        "Pågående" and "avslutat" are derived from the period, never stored."""
        on = on or timezone.localdate()
        if self.state == self.State.WITHDRAWN:
            return "withdrawn"
        if on > self.valid_until:
            return "ended"
        if on < self.valid_from:
            return "upcoming"
        return "ongoing"
