from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .admin_access import NationalAdminOnly
from .models import County, Membership, Municipality, PoliceArea, PoliceRegion

# Reference data and memberships are for national administrators only (municipalities.permissions).


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


@admin.register(Membership)
class MembershipAdmin(NationalAdminOnly):
    list_display = ["user", "municipality", "police_area", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "municipality", "police_area"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "municipality__name",
        "police_area__name",
    ]
    autocomplete_fields = ["user", "municipality", "police_area"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PortalUserAdmin(NationalAdminOnly, UserAdmin):
    """Users are deactivated, never deleted: deleting one would take their name off the history
    and delete their entries in the admin's log (`municipalities.history`)."""

    actions = ["deactivate"]
    list_display = [*UserAdmin.list_display, "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Inaktivera valda användare"), permissions=["change"])
    def deactivate(self, request, queryset):
        try:
            count = services.user_deactivate(
                user=request.user, user_ids=list(queryset.values_list("pk", flat=True))
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d användare inaktiverades. Kontot finns kvar med sin historik.",
                "%(count)d användare inaktiverades. Kontona finns kvar med sin historik.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
