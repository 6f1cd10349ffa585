"""The structure of a medborgarlöfte as the document itself has it: its parties, its sections
under their own headings, its own focus areas and the groups its löften stand in, each with the
lead-in the document writes ("Polisen lovar att:", "Så här arbetar vi:").

The portal adds no heading or sentence of its own to these: the page and the PDF show the
sections in their order, under their headings, and each group's lead-in exactly.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.history import AuthoredHistoricalRecords
from municipalities.models import Municipality, PoliceArea

from .document import CitizenPromise, FocusArea


class DocumentParty(models.Model):
    """An organisation that the document names as a party: a kommun, a lokalpolisområde, or any
    other that promises something (a housing company, the räddningstjänst, the region …).

    `name` is the name as the document writes it. For a kommun or a police area it is filled in
    from the reference data when left empty, and then kept: a document keeps the name it was
    signed under."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("kommun")
        POLICE_AREA = "police_area", _("lokalpolisområde")
        COMPANY = "company", _("bolag")
        RESCUE_SERVICE = "rescue_service", _("räddningstjänst")
        REGION = "region", _("region")
        SCHOOL = "school", _("skola")
        ASSOCIATION = "association", _("förening")
        OTHER = "other", _("annan organisation")

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("medborgarlöfte"),
    )
    kind = models.CharField(_("typ av part"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_parties",
        verbose_name=_("kommun"),
        help_text=_("Bara för en kommun: dokumentet gäller då i den kommunen."),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_parties",
        verbose_name=_("lokalpolisområde"),
        help_text=_("Bara för ett lokalpolisområde."),
    )
    name = models.CharField(
        _("namn"),
        max_length=200,
        blank=True,
        help_text=_(
            "Som dokumentet skriver det, t.ex. Vingåkers kommun eller AB Katrineholmshem. För en "
            "kommun eller ett lokalpolisområde fylls namnet i av sig självt om du lämnar det tomt."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="municipality") & Q(municipality__isnull=False))
                | (~Q(kind="municipality") & Q(municipality__isnull=True)),
                name="documentparty_municipality_for_kommun",
                violation_error_message=_(
                    "Välj kommunen för en part av typen kommun, och ingen kommun för andra parter."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(kind="police_area") & Q(police_area__isnull=False))
                | (~Q(kind="police_area") & Q(police_area__isnull=True)),
                name="documentparty_police_area_for_police",
                violation_error_message=_(
                    "Välj lokalpolisområdet för en part av typen lokalpolisområde, och inget "
                    "lokalpolisområde för andra parter."
                ),
            ),
            models.UniqueConstraint(
                fields=["promise", "municipality"],
                name="documentparty_municipality_once",
                violation_error_message=_("Kommunen är redan part i medborgarlöftet."),
            ),
            models.UniqueConstraint(
                fields=["promise", "police_area"],
                name="documentparty_police_area_once",
                violation_error_message=_("Lokalpolisområdet är redan part i medborgarlöftet."),
            ),
        ]

    def __str__(self):
        return self.name or self.get_kind_display()

    def save(self, *args, **kwargs):
        if not self.name.strip():
            if self.municipality_id:
                self.name = self.municipality.long_name
            elif self.police_area_id:
                self.name = self.police_area.name
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.name.strip():
            if self.kind == self.Kind.MUNICIPALITY and self.municipality_id:
                self.name = self.municipality.long_name
            elif self.kind == self.Kind.POLICE_AREA and self.police_area_id:
                self.name = self.police_area.name
            elif self.kind not in (self.Kind.MUNICIPALITY, self.Kind.POLICE_AREA):
                raise ValidationError(
                    {"name": _("Skriv partens namn som dokumentet skriver det.")}, code="required"
                )


class Section(models.Model):
    """One section of the document, in its order, under its own heading ("Aktuell lägesbild",
    "Gemensamma aktiviteter under året"). The kind says what the section is; a lägesbild shows
    the underlag and places after its text, a focus-area section the document's focus areas, a
    löften section the groups of löften."""

    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", _("inledning")
        PURPOSE = "purpose", _("syfte")
        BACKGROUND = "background", _("bakgrund")
        SITUATION = "situation", _("lägesbild")
        FOCUS_AREAS = "focus_areas", _("fokusområden")
        COMMITMENTS = "commitments", _("löften")
        EFFECTS = "effects", _("effekter")
        FOLLOWUP_PLAN = "followup_plan", _("uppföljning")
        OTHER = "other", _("annat")

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("medborgarlöfte"),
    )
    kind = models.CharField(_("typ av avsnitt"), max_length=20, choices=Kind.choices)
    heading = models.CharField(
        _("rubrik"),
        max_length=200,
        blank=True,
        help_text=_(
            "Rubriken som dokumentet skriver den, t.ex. Aktuell lägesbild. Lämna tom för text "
            "som står utan rubrik i dokumentet."
        ),
    )
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Avsnittets text. En tom rad mellan två stycken."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")

    def __str__(self):
        return self.heading or self.get_kind_display()


#: What a section of each kind shows after its own text, besides the text itself. Only the first
#: section of the kind shows it; when the document has no such section, it is shown after the
#: sections under a neutral label.
SECTION_PARTS = {
    Section.Kind.SITUATION: "situation",
    Section.Kind.FOCUS_AREAS: "focus_areas",
    Section.Kind.COMMITMENTS: "commitments",
}


def place_parts(sections: Iterable[Any], has: dict[str, Any]) -> tuple[list, list[str]]:
    """The sections, each paired with the part it shows after its text (or None), and the parts
    that no section shows but the document has (`has`: part → anything true when the document
    has it), in SECTION_PARTS order. The one place of the rule above, for the page and the PDF
    alike."""
    placed, pairs = set(), []
    for section in sections:
        part = SECTION_PARTS.get(section.kind)
        if part in placed:
            part = None
        if part:
            placed.add(part)
        pairs.append((section, part))
    unplaced = [part for part in SECTION_PARTS.values() if part not in placed and has[part]]
    return pairs, unplaced


class LocalFocusArea(models.Model):
    """A focus area as the document words it ("Trygg väg till skolan"), in its order, optionally
    mapped to national focus areas: the national views find the löften through the mapping."""

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="local_focus_areas",
        verbose_name=_("medborgarlöfte"),
    )
    name = models.CharField(
        _("namn"), max_length=200, help_text=_("Som dokumentet skriver det, t.ex. Droger.")
    )
    description = models.TextField(
        _("beskrivning"),
        blank=True,
        help_text=_("Dokumentets egen text om fokusområdet, om den finns."),
    )
    national_focus_areas = models.ManyToManyField(
        FocusArea,
        blank=True,
        related_name="local_focus_areas",
        verbose_name=_("nationella fokusområden"),
        help_text=_("Valfritt: de nationella fokusområden som det här motsvarar."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = AuthoredHistoricalRecords(m2m_fields=[national_focus_areas])

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("dokumentets fokusområde")
        verbose_name_plural = _("dokumentets fokusområden")

    def __str__(self):
        return self.name


class CommitmentGroup(models.Model):
    """The löften that stand under one lead-in of the document ("Polisen lovar att:")."""

    promise = models.ForeignKey(
        CitizenPromise,
        on_delete=models.CASCADE,
        related_name="commitment_groups",
        verbose_name=_("medborgarlöfte"),
    )
    lead_in = models.CharField(
        _("inledning"),
        max_length=300,
        blank=True,
        help_text=_(
            "Exakt som dokumentet skriver den före löftena, t.ex. ”Polisen lovar att:” eller "
            "”Så här arbetar vi:”. Lämna tom om löftena står utan inledning."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = AuthoredHistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("grupp av löften")
        verbose_name_plural = _("grupper av löften")

    def __str__(self):
        return self.lead_in or str(_("löften utan inledning"))


def by_group(rows: Iterable[Any], commitment: Callable[[Any], Any] = lambda row: row) -> list:
    """Rows of löften (or of their statuses) as (group, rows) in the document's order: the
    groups by their order, the löften within each by theirs. Each commitment must have its
    group loaded (`select_related("group")`)."""
    groups: dict[int, tuple[CommitmentGroup, list]] = {}
    for row in rows:
        group = commitment(row).group
        groups.setdefault(group.pk, (group, []))[1].append(row)
    ordered = sorted(groups.values(), key=lambda pair: (pair[0].order, pair[0].pk))
    for _group, items in ordered:
        items.sort(key=lambda row: (commitment(row).order, commitment(row).pk))
    return ordered
