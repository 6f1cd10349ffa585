"""The admin of the municipalities app: reference data here (national administrators only),
the people of organisations in `people.py` (users, memberships) and `invitations.py`."""

from django.contrib import admin
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..admin_access import NationalAdminOnly
from ..models import County, Municipality, PoliceArea, PoliceDistrict, PoliceRegion

#: Said on the police area list and on every kommun's police areas in the admin.
INCOMPLETE_REGISTER = _(
    "Listan över lokalpolisområden är ofullständig tills Polismyndighetens hela register har "
    "lästs in (manage.py import_police_areas). Kommuner utan känt lokalpolisområde visas under "
    "Kommuner med filtret ”Lokalpolisområde: saknas”."
)


@admin.register(PoliceRegion)
class PoliceRegionAdmin(NationalAdminOnly):
    list_display = ["name", "county_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(county_count=Count("counties"))

    @admin.display(description=_("antal län"), ordering="county_count")
    def county_count(self, obj):
        return obj.county_count


@admin.register(County)
class CountyAdmin(NationalAdminOnly):
    list_display = ["code", "name", "police_region"]
    list_filter = ["police_region"]
    list_select_related = ["police_region"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


class KnownPoliceAreaFilter(admin.SimpleListFilter):
    title = _("lokalpolisområde")
    parameter_name = "lokalpolisomrade"

    def lookups(self, request, model_admin):
        return [("kant", _("känt")), ("saknas", _("saknas"))]

    def queryset(self, request, queryset):
        unserved = Municipality.objects.without_police_area(timezone.localdate())
        if self.value() == "saknas":
            return queryset.filter(pk__in=unserved.values("pk"))
        if self.value() == "kant":
            return queryset.exclude(pk__in=unserved.values("pk"))
        return queryset


@admin.register(Municipality)
class MunicipalityAdmin(NationalAdminOnly):
    list_display = ["name", "code", "county", "police_area_names"]
    list_filter = [KnownPoliceAreaFilter, "county__police_region", "county"]
    list_select_related = ["county"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["county"]

    def get_queryset(self, request):
        current = PoliceArea.objects.current(timezone.localdate()).order_by("name")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("police_areas", queryset=current, to_attr="current_areas"))
        )

    @admin.display(description=_("lokalpolisområden i dag"))
    def police_area_names(self, obj):
        return ", ".join(area.name for area in obj.current_areas) or _("uppgift saknas")


@admin.register(PoliceDistrict)
class PoliceDistrictAdmin(NationalAdminOnly):
    list_display = ["name", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region"]


@admin.register(PoliceArea)
class PoliceAreaAdmin(NationalAdminOnly):
    list_display = [
        "name",
        "district",
        "region",
        "municipality_names",
        "valid_from",
        "valid_until",
        "confidence",
    ]
    list_filter = ["region", "district", "confidence"]
    list_select_related = ["region", "district"]
    search_fields = ["name", "municipalities__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region", "district", "municipalities", "predecessors"]
    readonly_fields = ["successor_names"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "region", "district", "municipalities"]}),
        (
            _("Över tid"),
            {"fields": [("valid_from", "valid_until"), "predecessors", "successor_names"]},
        ),
        (_("Källa"), {"fields": ["source_url", "source_date", "confidence"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities", "successors")

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "incomplete_register": INCOMPLETE_REGISTER}
        )

    @admin.display(description=_("kommuner"))
    def municipality_names(self, obj):
        return ", ".join(m.name for m in obj.municipalities.all())

    @admin.display(description=_("efterföljare"))
    def successor_names(self, obj):
        return ", ".join(area.name for area in obj.successors.all()) or "–"


# Imported for their registrations; PortalUserAdmin is extended by config/user_admin.py.
from .invitations import InvitationAdmin  # noqa: E402
from .people import MembershipAdmin, PortalUserAdmin  # noqa: E402

__all__ = ["InvitationAdmin", "MembershipAdmin", "PortalUserAdmin"]
