"""Follow-ups and their status rows."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from followup import figures, progress
from followup.models import Circumstance, CommitmentStatus, FollowUp, OtherWork, Status
from loften.models import CitizenPromise, DocumentParty

from .common import (
    MEASURES,
    PERCENT,
    PROGRESS_LABEL,
    RATE,
    ROW_PROGRESS,
    MunicipalityRefSerializer,
    PageUrlField,
    ProgressField,
    _label,
    _municipality_ref,
)


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
    measures = serializers.SerializerMethodField()
    rate = serializers.SerializerMethodField()

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
            "measures",
            "rate",
        ]

    def get_status_label(self, row) -> str:
        return _label(Status, row.status)

    @extend_schema_field({**PERCENT, "description": ROW_PROGRESS})
    def get_progress(self, row):
        return row.progress

    @extend_schema_field({"type": "string", "description": PROGRESS_LABEL})
    def get_progress_label(self, row):
        return progress.progress_label(row.progress)

    @extend_schema_field(MEASURES)
    def get_measures(self, row):
        return figures.measures_data(row.commitment, row)

    @extend_schema_field(RATE)
    def get_rate(self, row):
        return figures.rate_data(row.commitment, row)

    def to_representation(self, row):
        """The fields above, written out (as `PromiseCommitmentSerializer.to_representation`):
        a page of follow-ups has hundreds of rows."""
        party, circumstance = row.party, row.circumstance
        return {
            "commitment": row.commitment_id,
            "party": None
            if party is None
            else {"id": party.pk, "kind": party.kind, "name": party.name},
            "status": row.status,
            "status_label": self.get_status_label(row),
            "progress": row.progress,
            "progress_label": self.get_progress_label(row),
            "reason": row.reason,
            "circumstance": None
            if circumstance is None
            else {"id": circumstance.pk, "title": circumstance.title},
            "comment": row.comment,
            "measures": self.get_measures(row),
            "rate": self.get_rate(row),
        }


class FollowUpSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    promise = serializers.IntegerField(source="promise_id", read_only=True)
    municipality = MunicipalityRefSerializer(source="promise.municipality", read_only=True)
    progress = ProgressField()
    statuses = FollowUpStatusSerializer(many=True, read_only=True)
    cadence = serializers.ChoiceField(
        source="promise.cadence", choices=CitizenPromise.Cadence.choices, read_only=True
    )
    period_name = serializers.CharField(source="period.name", read_only=True)
    period_start = serializers.DateField(source="period.start", read_only=True)
    period_end = serializers.DateField(source="period.end", read_only=True)
    circumstances = CircumstanceSerializer(many=True, read_only=True)
    other_work = OtherWorkSerializer(many=True, read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "url",
            "promise",
            "municipality",
            "cadence",
            "year",
            "number",
            "period_name",
            "period_start",
            "period_end",
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
    cadence = serializers.ChoiceField(
        source="followup.promise.cadence", choices=CitizenPromise.Cadence.choices, read_only=True
    )
    number = serializers.IntegerField(source="followup.number", read_only=True)
    period_name = serializers.CharField(source="followup.period.name", read_only=True)

    class Meta(FollowUpStatusSerializer.Meta):
        fields = [
            "id",
            "followup",
            "promise",
            "municipality",
            "cadence",
            "year",
            "number",
            "period_name",
            *FollowUpStatusSerializer.Meta.fields,
        ]

    def to_representation(self, row):
        followup = row.followup
        promise = followup.promise
        return {
            "id": row.pk,
            "followup": row.followup_id,
            "promise": followup.promise_id,
            "municipality": _municipality_ref(promise.municipality),
            "cadence": promise.cadence,
            "year": followup.year,
            "number": followup.number,
            "period_name": str(followup.period.name),
            **super().to_representation(row),
        }
