"""Users and memberships. National administrators see and change everyone; an organisation's
administrator sees the people of their organisations, read-only, and changes or removes those
organisations' memberships (a removed membership takes effect on the member's next request:
`municipalities.permissions`). People join through invitations (`invitations.py`)."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import permissions, services
from ..admin_access import PeopleAdmin
from ..models import Membership


@admin.register(Membership)
class MembershipAdmin(PeopleAdmin):
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

    def _may_manage(self, request, obj):
        if obj is None:
            return permissions.manages_people(request.user)
        return permissions.can_manage_people(
            request.user, municipality_id=obj.municipality_id, police_area_id=obj.police_area_id
        )

    def has_change_permission(self, request, obj=None):
        return self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_manage(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if permissions.is_national_admin(request.user):
            return super().get_readonly_fields(request, obj)
        # An organisation's administrator changes the role; the person and the organisation
        # stay, so that nobody moves a membership into an organisation they do not manage.
        return ["user", "municipality", "police_area"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PortalUserAdmin(PeopleAdmin, UserAdmin):
    """Users are deactivated, never deleted: deleting one would take their name off the history
    and delete their entries in the admin's log (`municipalities.history`). Only national
    administrators change accounts; an organisation's administrator reads those of their
    organisations' members, without groups, permissions or the staff and superuser flags."""

    actions = ["deactivate"]
    list_display = ["username", "full_name", "email", "membership_list", "is_active"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    #: Read-only facts shown on the change page, after the account's own fields.
    facts = ("membership_list",)

    def scope_q(self, user):
        return permissions.users_q(user)

    def get_queryset(self, request):
        # A person's memberships, as far as the viewer may see them, in one query for the page.
        visible = Membership.objects.filter(permissions.people_q(request.user)).select_related(
            "municipality", "police_area"
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("memberships", visible, to_attr="visible_memberships"))
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def get_list_filter(self, request):
        if permissions.is_national_admin(request.user):
            return self.list_filter
        # Not by role: a role in another organisation would show through the filter.
        return ["is_active"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        facts = (_("Medlemskap och inloggning"), {"fields": self.facts})
        if permissions.is_national_admin(request.user):
            return [*super().get_fieldsets(request, obj), facts]
        return [
            (None, {"fields": ("username",)}),
            (_("Personuppgifter"), {"fields": ("first_name", "last_name", "email")}),
            facts,
            (_("Viktiga datum"), {"fields": ("is_active", "last_login", "date_joined")}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return super().get_readonly_fields(request, obj)
        return [*super().get_readonly_fields(request, obj), *self.facts]

    @admin.display(description=_("namn"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("medlemskap"))
    def membership_list(self, obj):
        memberships = getattr(obj, "visible_memberships", None)
        if memberships is None:  # the change page of a user row not from get_queryset
            memberships = []
        return format_html_join(
            # Accepted (bandit): a constant.
            mark_safe("<br>"),  # nosec B308
            '<a href="{}">{} ({})</a>',
            (
                (
                    reverse("admin:municipalities_membership_change", args=[m.pk]),
                    m.organisation_name,
                    m.get_role_display(),
                )
                for m in memberships
            ),
        ) or _("inga")

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
