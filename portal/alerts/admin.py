"""Subscriptions in the admin, for national administrators only: to answer a question about
consent or remove someone's subscription on request. The address is never shown, only masked
(`k…@example.org`); search finds a subscription by the whole address, through its hash."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from municipalities.admin_access import NationalAdminOnly

from . import addresses
from .models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(NationalAdminOnly):
    list_display = ["masked_email", "target", "state", "consented_at", "confirmed_at"]
    list_filter = ["state"]
    list_select_related = ["municipality", "promise"]
    search_fields = ["email_hash"]
    search_help_text = _("Sök på hela e-postadressen; den visas aldrig, bara om den finns.")
    fields = [
        "masked_email",
        "municipality",
        "promise",
        "state",
        "language",
        "consented_at",
        "consent_text",
        "confirmed_at",
        "unsubscribed_at",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("e-postadress"))
    def masked_email(self, obj):
        return addresses.masked(obj.email) or "–"

    @admin.display(description=_("följer"))
    def target(self, obj):
        return obj.target

    def get_search_results(self, request, queryset, search_term):
        # Only an exact address matches: a part of one would need the addresses in the clear.
        if not search_term.strip():
            return queryset, False
        return queryset.filter(email_hash=addresses.address_hash(search_term)), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
