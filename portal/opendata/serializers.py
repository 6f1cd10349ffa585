"""How each row reads in JSON (and, flattened, in CSV: `tables.py` reads these same values).
Figures come from the annotations of `querysets.py` and are rounded as every page rounds them
(`followup.progress.rounded`); keys are English, as in the per-document API (`portal/api.py`)."""

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from followup import progress
from followup.calendar import is_overdue
from followup.models import Circumstance, CommitmentStatus, FollowUp, OtherWork, Status
from loften.models import (
    Attachment,
    CitizenPromise,
    Commitment,
    DocumentParty,
    FocusArea,
    LocalFocusArea,
    PartyRole,
    Place,
    Section,
    Signatory,
    Source,
)
from municipalities.models import County, Municipality, PoliceArea


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the row's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


#: A löfte's progress (`followup.progress`), described as the documentation shows it.
PERCENT = {"type": "integer", "minimum": 0, "maximum": 100}
RULE = lazy(progress.table_in_words, str)()
LATEST_PROGRESS = format_lazy(
    _(
        "Hur långt löftet har kommit enligt den senaste uppföljningen, i hela procent "
        "({rule}). Tomt före den första uppföljningen."
    ),
    rule=RULE,
)
ROW_PROGRESS = format_lazy(
    _("Hur långt löftet har kommit i uppföljningen, i hela procent ({rule})."), rule=RULE
)
PROGRESS_LABEL = _(
    "Samma värde som sidorna skriver det: ”12 av 20 trafikkontroller (60 %)” där det mäts, "
    "”25 %” där statusen ger det, ”–” utan uppföljning."
)


@extend_schema_field({**PERCENT, "nullable": True})
class ProgressField(serializers.Field):
    """A progress annotation in whole percent, None before the first follow-up."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return progress.rounded(value)


def _label(choices, value):
    return str(choices(value).label) if value else None


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["code", "name"]


class MunicipalityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "name", "slug"]


class PoliceAreaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PoliceArea
        fields = ["slug", "name"]


class HalfYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    half = serializers.IntegerField(min_value=1, max_value=2)


# --- Reference data ------------------------------------------------------------------------------


class MunicipalitySerializer(serializers.ModelSerializer):
    county = CountySerializer(read_only=True)
    police_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    has_current_promise = serializers.BooleanField(
        read_only=True, help_text=_("Om ett medborgarlöfte gäller i kommunen i dag.")
    )
    url = PageUrlField()

    class Meta:
        model = Municipality
        fields = ["code", "name", "slug", "county", "police_areas", "has_current_promise", "url"]


class PoliceAreaSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", read_only=True)
    district = serializers.CharField(
        source="district.name",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("Polisområdet; null när det inte är känt."),
    )
    municipalities = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    predecessors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    url = PageUrlField()

    class Meta:
        model = PoliceArea
        fields = [
            "slug",
            "name",
            "region",
            "district",
            "municipalities",
            "valid_from",
            "valid_until",
            "predecessors",
            "source_url",
            "source_date",
            "confidence",
            "url",
        ]


class FocusAreaSerializer(serializers.ModelSerializer):
    published_commitment_count = serializers.IntegerField(read_only=True)
    url = PageUrlField()

    class Meta:
        model = FocusArea
        fields = ["slug", "name", "description", "is_active", "published_commitment_count", "url"]


# --- Documents and their parts -------------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Source
        fields = ["kind", "kind_label", "description"]


class PlaceSerializer(serializers.ModelSerializer):
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Place
        fields = ["name", "description", "latitude", "longitude"]


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Signatory
        fields = ["name", "title", "organisation"]


class AttachmentSerializer(serializers.ModelSerializer):
    """A bilaga: its file's address (the public download), type, size and SHA-256."""

    url = PageUrlField()

    class Meta:
        model = Attachment
        fields = ["title", "url", "content_type", "size", "sha256"]


class LatestStatusMixin(serializers.Serializer):
    """A commitment's status in the latest published follow-up
    (`followup.selectors.commitments_with_latest_status`)."""

    latest_status = serializers.ChoiceField(choices=Status.choices, read_only=True, allow_null=True)
    latest_status_label = serializers.SerializerMethodField()
    latest_progress = serializers.SerializerMethodField()
    latest_progress_label = serializers.SerializerMethodField()
    latest_reason = serializers.CharField(read_only=True, allow_null=True)
    achieved_number = serializers.IntegerField(
        source="latest_achieved_number", read_only=True, allow_null=True
    )
    latest_followup = serializers.SerializerMethodField()

    def get_latest_status_label(self, commitment) -> str | None:
        return _label(Status, commitment.latest_status)

    @extend_schema_field({**PERCENT, "nullable": True, "description": LATEST_PROGRESS})
    def get_latest_progress(self, commitment):
        return progress.latest_progress(commitment)

    @extend_schema_field({"type": "string", "description": PROGRESS_LABEL})
    def get_latest_progress_label(self, commitment):
        return progress.latest_progress_label(commitment)

    @extend_schema_field(HalfYearSerializer(allow_null=True))
    def get_latest_followup(self, commitment):
        if commitment.latest_year is None:
            return None
        return {"year": commitment.latest_year, "half": commitment.latest_half}


class DocumentPartySerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(
        source="municipality.code", read_only=True, allow_null=True, default=None
    )
    police_area = serializers.CharField(
        source="police_area.slug", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = DocumentParty
        fields = ["id", "kind", "name", "municipality", "police_area"]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["kind", "heading", "body"]


class LocalFocusAreaSerializer(serializers.ModelSerializer):
    national_focus_areas = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )

    class Meta:
        model = LocalFocusArea
        fields = ["id", "name", "description", "national_focus_areas"]


class PromiseCommitmentSerializer(LatestStatusMixin, serializers.ModelSerializer):
    """A commitment inside its document."""

    party = serializers.SerializerMethodField(
        help_text=_(
            "Vem som lovar, i korthet: police, municipality, joint (fler än en part) eller "
            "other. Parterna själva står i parties."
        )
    )
    party_label = serializers.SerializerMethodField()
    parties = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    party_names = serializers.CharField(read_only=True)
    lead_in = serializers.CharField(source="group.lead_in", read_only=True)
    local_focus_areas = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    focus_areas = serializers.SerializerMethodField(
        help_text=_(
            "De nationella fokusområdena: löftets egna och dem som dokumentets fokusområden är "
            "kopplade till."
        )
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "party",
            "party_label",
            "parties",
            "party_names",
            "lead_in",
            "text",
            "target_number",
            "target_unit",
            "local_focus_areas",
            "focus_areas",
            "latest_status",
            "latest_status_label",
            "latest_progress",
            "latest_progress_label",
            "latest_reason",
            "achieved_number",
            "latest_followup",
        ]

    @extend_schema_field(
        {"type": "string", "enum": [*PartyRole.values, ""], "description": "PartyRole"}
    )
    def get_party(self, commitment) -> str:
        return commitment.role()

    def get_party_label(self, commitment) -> str | None:
        return _label(PartyRole, commitment.role())

    def get_focus_areas(self, commitment) -> list[str]:
        areas = {area.slug for area in commitment.focus_areas.all()}
        for local in commitment.local_focus_areas.all():
            areas |= {area.slug for area in local.national_focus_areas.all()}
        return sorted(areas)


class CommitmentSerializer(PromiseCommitmentSerializer):
    """A commitment on its own, with the document it belongs to."""

    promise = serializers.IntegerField(source="promise_id", read_only=True)
    municipality = MunicipalityRefSerializer(source="promise.municipality", read_only=True)
    county = CountySerializer(source="promise.municipality.county", read_only=True)
    police_area = PoliceAreaRefSerializer(source="promise.police_area", read_only=True)
    url = PageUrlField()

    class Meta(PromiseCommitmentSerializer.Meta):
        fields = [
            "id",
            "url",
            "promise",
            "municipality",
            "county",
            "police_area",
            *PromiseCommitmentSerializer.Meta.fields[1:],
        ]


class PromiseSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    municipality = MunicipalityRefSerializer(read_only=True)
    county = CountySerializer(source="municipality.county", read_only=True)
    police_area = PoliceAreaRefSerializer(read_only=True)
    phase = serializers.SerializerMethodField()
    progress = ProgressField()
    latest_followup = serializers.SerializerMethodField()
    followup_overdue = serializers.SerializerMethodField()
    replaces = serializers.SerializerMethodField()
    situation = serializers.SerializerMethodField()
    effects = serializers.SerializerMethodField()
    followup_plan = serializers.SerializerMethodField()
    parties = DocumentPartySerializer(many=True, read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    local_focus_areas = LocalFocusAreaSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)
    places = PlaceSerializer(many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    commitments = PromiseCommitmentSerializer(many=True, read_only=True)

    class Meta:
        model = CitizenPromise
        fields = [
            "id",
            "title",
            "url",
            "municipality",
            "county",
            "police_area",
            "valid_from",
            "valid_until",
            "state",
            "phase",
            "published_at",
            "withdrawal_reason",
            "district",
            "parties",
            "sections",
            "situation",
            "effects",
            "followup_plan",
            "case_number",
            "decided_by",
            "decided_on",
            "signed_place",
            "signed_on",
            "names_no_signatories",
            "commitments_in_attachment",
            "local_focus_areas",
            "progress",
            "latest_followup",
            "followup_overdue",
            "replaces",
            "sources",
            "places",
            "signatories",
            "attachments",
            "commitments",
        ]

    @staticmethod
    def _sections_text(promise, kind) -> str:
        """The text of the document's sections of one kind (kept for readers of the fields
        from before the document had sections); `sections` has them all, with headings."""
        return "\n\n".join(s.body for s in promise.sections.all() if s.kind == kind)

    def get_situation(self, promise) -> str:
        """The lägesbild's text: the sections of kind situation."""
        return self._sections_text(promise, Section.Kind.SITUATION)

    def get_effects(self, promise) -> str:
        """The sections of kind effects."""
        return self._sections_text(promise, Section.Kind.EFFECTS)

    def get_followup_plan(self, promise) -> str:
        """The sections of kind followup_plan."""
        return self._sections_text(promise, Section.Kind.FOLLOWUP_PLAN)

    @extend_schema_field({"type": "string", "enum": ["ongoing", "upcoming", "ended", "withdrawn"]})
    def get_phase(self, promise):
        return promise.phase(self.context.get("today"))

    @extend_schema_field(HalfYearSerializer(allow_null=True))
    def get_latest_followup(self, promise):
        if promise.latest_followup_year is None:
            return None
        return {"year": promise.latest_followup_year, "half": promise.latest_followup_half}

    def get_followup_overdue(self, promise) -> bool:
        """*Uppföljning försenad*, as the pages say it."""
        return is_overdue(promise, promise.followups.all(), self.context.get("today"))

    def get_replaces(self, promise) -> int | None:
        """The earlier version, when it is public too (a signed one never is)."""
        earlier = promise.replaces
        return earlier.pk if earlier is not None and earlier.is_public else None


# --- Follow-ups ----------------------------------------------------------------------------------


class PartyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentParty
        fields = ["id", "kind", "name"]


class CircumstanceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Circumstance
        fields = ["id", "title"]


class CircumstanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Circumstance
        fields = ["id", "title", "text"]


class OtherWorkSerializer(serializers.ModelSerializer):
    party = PartyRefSerializer(read_only=True)

    class Meta:
        model = OtherWork
        fields = ["id", "party", "title", "text"]


class FollowUpStatusSerializer(serializers.ModelSerializer):
    """One status row: for the whole löfte (`party` null, gemensamt) or one reporting party's
    part of it; `circumstance` is a shared circumstance given as its reason."""

    commitment = serializers.IntegerField(source="commitment_id", read_only=True)
    party = PartyRefSerializer(read_only=True, allow_null=True)
    circumstance = CircumstanceRefSerializer(read_only=True, allow_null=True)
    status_label = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    progress_label = serializers.SerializerMethodField()

    class Meta:
        model = CommitmentStatus
        fields = [
            "commitment",
            "party",
            "status",
            "status_label",
            "progress",
            "progress_label",
            "reason",
            "circumstance",
            "comment",
            "achieved_number",
        ]

    def get_status_label(self, row) -> str:
        return _label(Status, row.status)

    @extend_schema_field({**PERCENT, "description": ROW_PROGRESS})
    def get_progress(self, row):
        return progress.row_progress(row)

    @extend_schema_field({"type": "string", "description": PROGRESS_LABEL})
    def get_progress_label(self, row):
        return progress.row_progress_label(row)


class FollowUpSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    promise = serializers.IntegerField(source="promise_id", read_only=True)
    municipality = MunicipalityRefSerializer(source="promise.municipality", read_only=True)
    progress = ProgressField()
    statuses = FollowUpStatusSerializer(many=True, read_only=True)
    circumstances = CircumstanceSerializer(many=True, read_only=True)
    other_work = OtherWorkSerializer(many=True, read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "url",
            "promise",
            "municipality",
            "year",
            "half",
            "published_at",
            "summary",
            "progress",
            "statuses",
            "circumstances",
            "other_work",
        ]


class StatusSerializer(FollowUpStatusSerializer):
    """One commitment's status in one follow-up, with where it belongs."""

    followup = serializers.IntegerField(source="followup_id", read_only=True)
    promise = serializers.IntegerField(source="followup.promise_id", read_only=True)
    municipality = MunicipalityRefSerializer(source="followup.promise.municipality", read_only=True)
    year = serializers.IntegerField(source="followup.year", read_only=True)
    half = serializers.IntegerField(source="followup.half", read_only=True)

    class Meta(FollowUpStatusSerializer.Meta):
        fields = [
            "id",
            "followup",
            "promise",
            "municipality",
            "year",
            "half",
            *FollowUpStatusSerializer.Meta.fields,
        ]


def serializer_context(request):
    """What every serializer here needs: the request (for absolute addresses) and one "today"
    for the whole response."""
    return {"request": request, "today": timezone.localdate()}
