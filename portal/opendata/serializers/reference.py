"""Reference data: kommuner, police areas, focus areas."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from loften.models import FocusArea
from municipalities.models import Municipality, PoliceArea

from .common import CountySerializer, PageUrlField


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
