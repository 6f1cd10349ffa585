"""The medborgarlöfte's admin with its follow-ups: `loften.admin` knows nothing of follow-ups,
so this app registers the document's admin again, extended with the progress and "försenad"
columns of the list and the box of follow-up periods on the change page."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loften import lifecycle
from loften.admin.promise import CitizenPromiseAdmin
from loften.models import CitizenPromise
from municipalities import permissions

from ..calendar import is_overdue
from ..progress import progress_label
from ..selectors import followup_overview, promises_for_listing


class FollowedUpCitizenPromiseAdmin(CitizenPromiseAdmin):
    change_form_template = "admin/followup/citizenpromise_change_form.html"
    list_display = [*CitizenPromiseAdmin.list_display, "progress_display", "followup_display"]

    def get_queryset(self, request):
        # Progress from the latest published follow-up and the follow-ups for the calendar, in a
        # fixed number of queries (the same read rule as the public lists).
        return promises_for_listing(super().get_queryset(request))

    @admin.display(description=gettext_lazy("genomfört"), ordering="progress")
    def progress_display(self, obj):
        return progress_label(obj.progress)

    @admin.display(description=gettext_lazy("uppföljning"))
    def followup_display(self, obj):
        if is_overdue(obj, obj.followups.all()):
            return format_html("<strong>{}</strong>", _("Försenad"))
        return "–"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(followups_context(request, obj))
            context.update(indicators_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)


def followups_context(request, promise):
    """The follow-up box on a medborgarlöfte's change page: each period with its state and
    follow-up, and the button for the next one. A draft is not followed up yet."""
    if promise.state == CitizenPromise.State.DRAFT:
        return {}
    overview = followup_overview(promise, list(promise.followups.all()))
    can_create = (
        overview["next"] is not None
        and promise.state in lifecycle.FOLLOWED_UP_STATES
        and permissions.can_edit(request.user, promise)
    )
    return {
        "followup_entries": overview["entries"],
        "next_followup": overview["next"] if can_create else None,
        "create_followup_url": reverse("admin:followup_followup_create_next", args=[promise.pk])
        if can_create
        else None,
    }


def indicators_context(request, promise):
    """The box of effect indicators on a signed or published document's change page: how many
    values each has, and where the parties' editors add the next one. One query."""
    if promise.state == CitizenPromise.State.DRAFT:
        return {}
    indicators = promise.effect_indicators.annotate(value_count=Count("values"))
    return {
        "indicator_rows": list(indicators),
        "indicator_add_url": reverse("admin:followup_indicatorvalue_add")
        if promise.state in lifecycle.FOLLOWED_UP_STATES
        and permissions.can_edit(request.user, promise)
        else None,
        "indicator_list_url": reverse("admin:followup_indicatorvalue_changelist"),
    }


admin.site.unregister(CitizenPromise)
admin.site.register(CitizenPromise, FollowedUpCitizenPromiseAdmin)
