import datetime

import simple_history
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .history import AuthoredHistoricalRecords, UserHistoricalRecords


class PoliceRegion(models.Model):
    """One of the seven police regions since the 2015 reorganisation."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("polisregion")
        verbose_name_plural = _("polisregioner")

    def __str__(self):
        return self.name


class County(models.Model):
    """A län, with SCB's two-digit county code."""

    code = models.CharField(
        _("länskod"), max_length=2, unique=True, help_text=_("SCB:s tvåsiffriga länskod, t.ex. 04.")
    )
    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    police_region = models.ForeignKey(
        PoliceRegion,
        on_delete=models.PROTECT,
        related_name="counties",
        verbose_name=_("polisregion"),
    )

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("län")
        verbose_name_plural = _("län")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2}$"),
                name="county_code_two_digits",
                violation_error_message=_("Länskoden ska vara två siffror."),
            ),
        ]

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def without_police_area(self, day: datetime.date) -> "MunicipalityQuerySet":
        """The kommuner that no police area known to exist on `day` serves."""
        served = PoliceArea.objects.current(day).filter(municipalities=OuterRef("pk"))
        return self.filter(~Exists(served))


class Municipality(models.Model):
    """A kommun, with SCB's four-digit kommunkod."""

    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        help_text=_("SCB:s fyrsiffriga kommunkod, t.ex. 0428 för Vingåker."),
    )
    name = models.CharField(_("namn"), max_length=100)
    slug = models.SlugField(
        _("kortnamn"),
        max_length=100,
        unique=True,
        help_text=_("Används i adressen, t.ex. vingaker."),
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("län")
    )

    history = AuthoredHistoricalRecords()
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"),
                name="municipality_code_four_digits",
                violation_error_message=_("Kommunkoden ska vara fyra siffror."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("loften:municipality", kwargs={"slug": self.slug})

    @property
    def long_name(self):
        """The name as documents write it: 'Vingåker' → 'Vingåkers kommun', 'Strängnäs' →
        'Strängnäs kommun'."""
        name = self.name
        return f"{name} kommun" if name[-1:].lower() in "sxz" else f"{name}s kommun"


class PoliceDistrict(models.Model):
    """A polisområde: the level between a police region and its lokalpolisområden."""

    name = models.CharField(
        _("namn"), max_length=150, unique=True, help_text=_("T.ex. Polisområde Sörmland.")
    )
    slug = models.SlugField(_("kortnamn"), max_length=150, unique=True)
    region = models.ForeignKey(
        PoliceRegion,
        on_delete=models.PROTECT,
        related_name="districts",
        verbose_name=_("polisregion"),
    )

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("polisområde")
        verbose_name_plural = _("polisområden")

    def __str__(self):
        return self.name


class PoliceAreaQuerySet(models.QuerySet):
    def current(self, day: datetime.date) -> "PoliceAreaQuerySet":
        """The areas that exist on `day`: their known validity covers it and no successor has
        taken over by then (an area renamed on an unknown date has no `valid_until`, only a
        successor)."""
        taken_over = PoliceArea.predecessors.through.objects.filter(
            to_policearea=OuterRef("pk")
        ).filter(
            Q(from_policearea__valid_from__isnull=True) | Q(from_policearea__valid_from__lte=day)
        )
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            ~Exists(taken_over),
        )


class PoliceArea(models.Model):
    """A lokalpolisområde; it serves one or more municipalities, and a municipality may be
    served by several (Stockholm, Göteborg and Malmö are split between areas).

    Areas are renamed, merged and split over the years. A new area names its `predecessors`;
    the old record stays, so a document keeps pointing at the area it was signed under, with
    its name. `valid_from` and `valid_until` say what is known of its lifetime."""

    class Confidence(models.TextChoices):
        CONFIRMED = "confirmed", _("bekräftad")
        INFERRED = "inferred", _("härledd")

    name = models.CharField(
        _("namn"), max_length=150, unique=True, help_text=_("T.ex. Lokalpolisområde Katrineholm.")
    )
    slug = models.SlugField(_("kortnamn"), max_length=150, unique=True)
    region = models.ForeignKey(
        PoliceRegion,
        on_delete=models.PROTECT,
        related_name="police_areas",
        verbose_name=_("polisregion"),
    )
    district = models.ForeignKey(
        PoliceDistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="police_areas",
        verbose_name=_("polisområde"),
        help_text=_("Tomt när det inte är känt vilket polisområde lokalpolisområdet hör till."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="police_areas",
        blank=True,
        verbose_name=_("kommuner"),
        help_text=_(
            "De kommuner som lokalpolisområdet betjänar, helt eller delvis. En kommun kan "
            "betjänas av flera lokalpolisområden."
        ),
    )
    valid_from = models.DateField(
        _("känt från"),
        null=True,
        blank=True,
        help_text=_("Första dag lokalpolisområdet är känt att finnas. Tomt om det inte är känt."),
    )
    valid_until = models.DateField(
        _("känt till"),
        null=True,
        blank=True,
        help_text=_("Sista dag lokalpolisområdet är känt att finnas. Tomt om det finns kvar."),
    )
    predecessors = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="successors",
        blank=True,
        verbose_name=_("föregångare"),
        help_text=_(
            "Lokalpolisområden som detta ersatte: ett tidigare namn, områden som slogs ihop "
            "till detta, eller ett område som delades."
        ),
    )
    source_url = models.URLField(
        _("källa"),
        max_length=500,
        blank=True,
        help_text=_("Den offentliga källan när uppgiften kommer från registret; tomt annars."),
    )
    source_date = models.CharField(
        _("källans datum"),
        max_length=200,
        blank=True,
        help_text=_("Som källan anger det, t.ex. 2017-05 eller c. 2022."),
    )
    confidence = models.CharField(
        _("säkerhet"),
        max_length=20,
        choices=Confidence.choices,
        blank=True,
        help_text=_(
            "Bekräftad: källan nämner kommunerna. Härledd: någon kommun bygger bara på "
            "områdets namn. Tomt för områden som lagts in för hand."
        ),
    )

    history = AuthoredHistoricalRecords(m2m_fields=[municipalities, predecessors])
    objects = PoliceAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("lokalpolisområde")
        verbose_name_plural = _("lokalpolisområden")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="policearea_valid_until_after_valid_from",
                violation_error_message=_(
                    "Lokalpolisområdet kan inte upphöra innan det börjar: ”känt till” ska vara "
                    "samma dag som eller senare än ”känt från”."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("loften:police_area", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.district_id and self.region_id and self.district.region_id != self.region_id:
            raise ValidationError(
                {
                    "district": _(
                        "%(district)s hör till %(region)s; välj det polisområdet eller byt "
                        "polisregion."
                    )
                    % {"district": self.district, "region": self.district.region}
                }
            )


#: A row that belongs to a municipality or to a police area, never both and never neither.
EXACTLY_ONE_ORGANISATION = (Q(municipality__isnull=False) & Q(police_area__isnull=True)) | (
    Q(municipality__isnull=True) & Q(police_area__isnull=False)
)


class Membership(models.Model):
    """A user's role in one organisation: a municipality or a police area, never both."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("redaktör")
        REVIEWER = "reviewer", _("granskare")
        # An editor who also invites people into the organisation and manages its memberships
        # (municipalities.permissions: the roles are a ladder, reviewer < editor < admin).
        ADMIN = "admin", _("administratör")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("användare"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("kommun"),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("lokalpolisområde"),
    )
    role = models.CharField(
        _("roll"),
        max_length=20,
        choices=Role.choices,
        default=Role.EDITOR,
        help_text=_(
            "Granskare läser organisationens medborgarlöften; redaktörer ändrar dem; "
            "administratörer är redaktörer som också bjuder in personer och hanterar "
            "organisationens medlemskap."
        ),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.CheckConstraint(
                condition=EXACTLY_ONE_ORGANISATION,
                name="membership_exactly_one_organisation",
                violation_error_message=_(
                    "Ett medlemskap gäller antingen en kommun eller ett lokalpolisområde: "
                    "välj exakt en av dem."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=Q(municipality__isnull=False),
                name="membership_unique_user_municipality",
                violation_error_message=_("Användaren är redan medlem i den här kommunen."),
            ),
            models.UniqueConstraint(
                fields=["user", "police_area"],
                condition=Q(police_area__isnull=False),
                name="membership_unique_user_police_area",
                violation_error_message=_(
                    "Användaren är redan medlem i det här lokalpolisområdet."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def organisation(self):
        return self.municipality or self.police_area

    @property
    def organisation_name(self):
        """ "Vingåkers kommun", "Lokalpolisområde Katrineholm"."""
        return self.municipality.long_name if self.municipality_id else self.police_area.name


class InvitationQuerySet(models.QuerySet):
    def with_effective_state(self):
        """Annotate `effective_state`: the stored state, except that a pending invitation past
        its expiry is `expired` (see `Invitation.current_state`)."""
        State = Invitation.State
        return self.annotate(
            effective_state=models.Case(
                models.When(
                    state=State.PENDING,
                    expires_at__lte=timezone.now(),
                    then=models.Value(State.EXPIRED),
                ),
                default=models.F("state"),
                output_field=models.CharField(),
            )
        )


class Invitation(models.Model):
    """An invitation of a person, by e-mail address, into one organisation in one role. The
    link is a signed token naming the invitation and its `key`; sending it again makes a new
    key, so the previous link stops working (`municipalities.invitations`)."""

    class State(models.TextChoices):
        PENDING = "pending", _("väntar")
        ACCEPTED = "accepted", _("accepterad")
        REVOKED = "revoked", _("återkallad")
        # Never stored: a pending invitation past `expires_at` is expired, without a job that
        # would have to run for it to be so (`current_state`, `with_effective_state`).
        EXPIRED = "expired", _("utgången")

    email = models.EmailField(_("e-postadress"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("kommun"),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("lokalpolisområde"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Membership.Role.choices)
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=[(s.value, s.label) for s in (State.PENDING, State.ACCEPTED, State.REVOKED)],
        default=State.PENDING,
    )
    # Users are never deleted (municipalities.history), so these keys hold.
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("inbjuden av"),
        help_text=_("Tom för en inbjudan som skapats med kommandot invite."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senast skickad av"),
    )
    sent_at = models.DateTimeField(_("senast skickad"))
    expires_at = models.DateTimeField(_("gäller till"))
    # The secret half of the link; a new one each time the invitation is sent.
    key = models.CharField(max_length=64, editable=False)
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("accepterad av"),
    )
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återkallad av"),
    )

    history = AuthoredHistoricalRecords(excluded_fields=["key"])
    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        constraints = [
            models.CheckConstraint(
                condition=EXACTLY_ONE_ORGANISATION,
                name="invitation_exactly_one_organisation",
                violation_error_message=_(
                    "En inbjudan gäller antingen en kommun eller ett lokalpolisområde: "
                    "välj exakt en av dem."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.email} – {self.organisation} ({self.get_role_display()})"

    @property
    def organisation(self):
        return self.municipality or self.police_area

    @property
    def organisation_name(self):
        """ "Vingåkers kommun", "Lokalpolisområde Katrineholm"."""
        return self.municipality.long_name if self.municipality_id else self.police_area.name

    @property
    def current_state(self):
        if self.state == self.State.PENDING and self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State(self.state)


# Changes to user accounts are kept like every other change, without the password hash and the
# time of the last login. The historical model lives in this app (not in django.contrib.auth,
# whose migrations are not ours).
simple_history.register(
    get_user_model(),
    app="municipalities",
    records_class=UserHistoricalRecords,
    excluded_fields=["password", "last_login"],
)
