"""The admin's user list with each person's two-factor state (a confirmed app, backup codes
left) and the action "Skicka en ny länk för tvåstegsverifiering".

Registered over the portal's user admin (`municipalities.admin.PortalUserAdmin`, which
deactivates users and never deletes them) once every app's admin is loaded
(`config.apps.PortalAdminConfig.ready`). A national administrator who removes a lost phone under
*TOTP devices* can send its owner a new set-up link at once; the owner also gets one at their next
sign-in. Either way the link goes to the owner's registered address, never to the administrator.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config import two_factor
from municipalities.admin import PortalUserAdmin


class TwoFactorUserAdmin(PortalUserAdmin):
    """The portal's user admin (deactivate, never delete: `municipalities.admin`) with the
    action that sends a new set-up link."""

    actions = [*PortalUserAdmin.actions, "send_two_factor_link"]
    list_display = [*PortalUserAdmin.list_display, "has_app", "backup_codes"]
    facts = (*PortalUserAdmin.facts, "has_app", "backup_codes")

    def get_queryset(self, request):
        # Both figures for every row of the list in the list's own query.
        tokens = (
            StaticToken.objects.filter(device__user=OuterRef("pk"), device__confirmed=True)
            .values("device__user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                app_confirmed=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                ),
                backup_codes_left=Coalesce(Subquery(tokens, output_field=IntegerField()), Value(0)),
            )
        )

    @admin.display(description=gettext_lazy("autentiseringsapp"), boolean=True)
    def has_app(self, obj):
        return obj.app_confirmed

    @admin.display(description=gettext_lazy("reservkoder kvar"), ordering="backup_codes_left")
    def backup_codes(self, obj):
        return obj.backup_codes_left

    @admin.action(
        description=gettext_lazy("Skicka en ny länk för tvåstegsverifiering"),
        permissions=["change"],
    )
    def send_two_factor_link(self, request, queryset):
        sent = 0
        for user in queryset:
            try:
                two_factor.send_enrolment_link(request=request, user=user)
            except ValidationError as error:
                self.message_user(request, _refusal(user, error), messages.WARNING)
                continue
            self.log_change(request, user, _("Skickade en ny länk för tvåstegsverifiering."))
            sent += 1
        if sent:
            self.message_user(
                request,
                _("Länken skickades till %(count)s användare.") % {"count": sent},
                messages.SUCCESS,
            )


def _refusal(user, error):
    username = user.get_username()
    if error.code == "no_email":
        return _("Användaren %(user)s har ingen e-postadress. Lägg in en och försök igen.") % {
            "user": username
        }
    if error.code == "too_soon":
        return _("Användaren %(user)s fick en länk för mindre än %(minutes)s minuter sedan.") % {
            "user": username,
            "minutes": settings.TWO_FACTOR_LINK_RESEND_MINUTES,
        }
    return f"{username}: {error.messages[0]}"


def register(site):
    User = get_user_model()
    if site.is_registered(User):
        site.unregister(User)
    site.register(User, TwoFactorUserAdmin)
