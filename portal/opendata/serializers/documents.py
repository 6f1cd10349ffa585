"""Documents and their parts, their löften among them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from followup import figures, progress
from followup.calendar import is_overdue
from followup.models import IndicatorValue, Status
from followup.selectors import latest_row
from loften.models import (
    Amendment,
    Attachment,
    CitizenPromise,
    Commitment,
    DocumentParty,
    EffectIndicator,
    LocalFocusArea,
    PartyRole,
    Place,
    Section,
    Signatory,
    Source,
)

from .common import (
    LATEST_PROGRESS,
    MEASURES,
    PERCENT,
    PROGRESS_LABEL,
    RATE,
    CountySerializer,
    MunicipalityRefSerializer,
    PageUrlField,
    PeriodSerializer,
    PoliceAreaRefSerializer,
    ProgressField,
    _county,
    _date,
    _label,
    _municipality_ref,
    _period,
    _police_area_ref,
)


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


class IndicatorValueSerializer(serializers.ModelSerializer):
    """A measured value citizens may see (`followup.indicator_values.public_values_q`)."""

    followup = serializers.IntegerField(source="followup_id", read_only=True, allow_null=True)

    class Meta:
        model = IndicatorValue
        fields = ["year", "measured_on", "value", "note", "correction", "followup"]


class EffectIndicatorSerializer(serializers.ModelSerializer):
    source_label = serializers.SerializerMethodField()
    direction_label = serializers.SerializerMethodField()
    values = IndicatorValueSerializer(source="public_values", many=True, read_only=True)

    class Meta:
        model = EffectIndicator
        fields = [
            "id",
            "name",
            "unit",
            "source",
            "source_label",
            "source_description",
            "baseline_value",
            "baseline_year",
            "target_value",
            "direction",
            "direction_label",
            "values",
        ]

    def get_source_label(self, indicator) -> str:
        return _label(EffectIndicator.Source, indicator.source)

    def get_direction_label(self, indicator) -> str:
        return _label(EffectIndicator.Direction, indicator.direction)


class LatestStatusMixin(serializers.Serializer):
    """A commitment's status in the latest published follow-up
    (`followup.selectors.commitments_with_latest_status`)."""

    latest_status = serializers.ChoiceField(choices=Status.choices, read_only=True, allow_null=True)
    latest_status_label = serializers.SerializerMethodField()
    latest_progress = serializers.SerializerMethodField()
    latest_progress_label = serializers.SerializerMethodField()
    latest_reason = serializers.CharField(read_only=True, allow_null=True)
    measures = serializers.SerializerMethodField()
    rate = serializers.SerializerMethodField()
    latest_followup = serializers.SerializerMethodField()

    def get_latest_status_label(self, commitment) -> str | None:
        return _label(Status, commitment.latest_status)

    @extend_schema_field({**PERCENT, "nullable": True, "description": LATEST_PROGRESS})
    def get_latest_progress(self, commitment):
        return commitment.latest_progress

    @extend_schema_field({"type": "string", "description": PROGRESS_LABEL})
    def get_latest_progress_label(self, commitment):
        return progress.progress_label(commitment.latest_progress)

    @extend_schema_field(MEASURES)
    def get_measures(self, commitment):
        return figures.measures_data(commitment, latest_row(commitment))

    @extend_schema_field(RATE)
    def get_rate(self, commitment):
        return figures.rate_data(commitment, latest_row(commitment))

    @extend_schema_field(PeriodSerializer(allow_null=True))
    def get_latest_followup(self, commitment):
        return _period(
            commitment.promise, commitment.latest_year, commitment.latest_number, self.context
        )


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


class AmendmentChangeSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=_("Vad som ändrades: method, rate (takt), measure (ett mått) eller period.")
    )
    label = serializers.CharField()
    before = serializers.DictField(
        allow_null=True, help_text=_("Fälten före ändringen; tomt för ett nytt mått.")
    )
    after = serializers.DictField(help_text=_("Fälten efter ändringen."))
    before_text = serializers.CharField()
    after_text = serializers.CharField()


class AmendmentSerializer(serializers.ModelSerializer):
    """An approved amendment of a löfte while its document runs: when, what, why."""

    changes = AmendmentChangeSerializer(source="change_rows", many=True, read_only=True)

    class Meta:
        model = Amendment
        fields = ["id", "approved_at", "effective_from", "reason", "changes"]


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
    amendments = AmendmentSerializer(
        source="approved_amendments",
        many=True,
        read_only=True,
        help_text=_(
            "Ändringar under löptiden som alla parter har godkänt, äldst först; löftets fält "
            "visar värdena efter dem."
        ),
    )
    local_focus_areas = serializers.PrimaryKeyRelatedField(
        source="local_focus_area_list",
        many=True,
        read_only=True,
        pk_field=serializers.IntegerField(),  # what the schema says, the source not a field
    )
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
            "starts_on",
            "ends_on",
            "amendments",
            "local_focus_areas",
            "focus_areas",
            "latest_status",
            "latest_status_label",
            "latest_progress",
            "latest_progress_label",
            "latest_reason",
            "measures",
            "rate",
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
        areas = {area.slug for area in commitment.focus_area_list}
        for local in commitment.local_focus_area_list:
            areas |= {area.slug for area in local.national_focus_area_list}
        return sorted(areas)

    def to_representation(self, commitment):
        """The fields above, written out: what DRF's own `to_representation` gives (a test
        compares the two), without its cost per field, for documents with many löften."""
        role = commitment.role()
        row = latest_row(commitment)
        return {
            "id": commitment.pk,
            "party": role,
            "party_label": _label(PartyRole, role),
            "parties": [party.pk for party in commitment.party_rows()],
            "party_names": commitment.party_names(),
            "lead_in": commitment.group.lead_in,
            "text": commitment.text,
            "starts_on": _date(commitment.starts_on),
            "ends_on": _date(commitment.ends_on),
            "amendments": self.fields["amendments"].to_representation(
                commitment.approved_amendments
            ),
            "local_focus_areas": [area.pk for area in commitment.local_focus_area_list],
            "focus_areas": self.get_focus_areas(commitment),
            "latest_status": commitment.latest_status,
            "latest_status_label": self.get_latest_status_label(commitment),
            "latest_progress": self.get_latest_progress(commitment),
            "latest_progress_label": self.get_latest_progress_label(commitment),
            "latest_reason": commitment.latest_reason,
            "measures": figures.measures_data(commitment, row),
            "rate": figures.rate_data(commitment, row),
            "latest_followup": self.get_latest_followup(commitment),
        }


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

    def to_representation(self, commitment):
        promise = commitment.promise
        own = super().to_representation(commitment)
        return {
            "id": own.pop("id"),
            "url": self.fields["url"].to_representation(commitment),
            "promise": promise.pk,
            "municipality": _municipality_ref(promise.municipality),
            "county": _county(promise.municipality.county),
            "police_area": _police_area_ref(promise.police_area),
            **own,
        }


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
    effect_indicators = EffectIndicatorSerializer(many=True, read_only=True)

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
            "cadence",
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
            "effect_indicators",
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

    @extend_schema_field(PeriodSerializer(allow_null=True))
    def get_latest_followup(self, promise):
        return _period(
            promise, promise.latest_followup_year, promise.latest_followup_number, self.context
        )

    def get_followup_overdue(self, promise) -> bool:
        """*Uppföljning försenad*, as the pages say it."""
        return is_overdue(promise, promise.followups.all(), self.context.get("today"))

    def get_replaces(self, promise) -> int | None:
        """The earlier version, when it is public too (a signed one never is)."""
        earlier = promise.replaces
        return earlier.pk if earlier is not None and earlier.is_public else None
