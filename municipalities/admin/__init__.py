"""The admin of the municipalities app: reference data here (national administrators only),
the people of organisations in `people.py` (users, memberships) and `invitations.py`."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..admin_access import NationalAdminOnly
from ..models import County, Municipality, PoliceArea, PoliceRegion


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


@admin.register(Municipality)
class MunicipalityAdmin(NationalAdminOnly):
    list_display = ["name", "code", "county"]
    list_filter = ["county__police_region", "county"]
    list_select_related = ["county"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["county"]


@admin.register(PoliceArea)
class PoliceAreaAdmin(NationalAdminOnly):
    list_display = ["name", "region", "municipality_names"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "municipalities__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region", "municipalities"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("kommuner"))
    def municipality_names(self, obj):
        return ", ".join(m.name for m in obj.municipalities.all())


# Imported for their registrations; PortalUserAdmin is extended by config/user_admin.py.
from .invitations import InvitationAdmin  # noqa: E402
from .people import MembershipAdmin, PortalUserAdmin  # noqa: E402

__all__ = ["InvitationAdmin", "MembershipAdmin", "PortalUserAdmin"]
