"""The admin of effect indicator values: editors of a signed or published document's parties add
them at any time; everyone of the parties reads them. Writes go through `followup.indicators`,
which also decides that a public value is corrected with a reason, never removed."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy

from loften import lifecycle
from loften.admin.base import OrganisationScopedAdmin
from loften.models import EffectIndicator
from municipalities import permissions

from .. import indicators
from ..indicator_values import IndicatorValue, public_values_q
from ..models import FollowUp


class IndicatorValueForm(forms.ModelForm):
    """Refuses, beside the fields, what the service would refuse (`indicators.check_value_save`):
    a document that is not followed up, or a change to a public value without a correction."""

    request_user = None  # set per request by the admin's get_form

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "value", "year", "measured_on", "followup", "note", "correction"]

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.instance.indicator_id is None:
            return
        try:
            indicators.check_value_save(self.instance, self.request_user)
        except ValidationError as error:
            self.add_error(None, error)


def _public(value):
    """Whether citizens see `value`: the list's annotation, or asked (a version in the history)."""
    public = getattr(value, "public", None)
    return indicators.is_public(value) if public is None else public


@admin.register(IndicatorValue)
class IndicatorValueAdmin(OrganisationScopedAdmin):
    promise_path = "indicator__promise"
    form = IndicatorValueForm
    list_display = ["indicator", "when_display", "value_display", "followup", "public_display"]
    list_filter = ["year"]
    list_select_related = ["indicator", "followup"]
    search_fields = ["indicator__name", "indicator__promise__title"]
    actions = None  # a value is removed one at a time, through its service

    def get_queryset(self, request):
        # Whether each row is public, for the list and the permissions, in the same query.
        public = ExpressionWrapper(public_values_q(), output_field=BooleanField())
        return super().get_queryset(request).annotate(public=public)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def get_readonly_fields(self, request, obj=None):
        return ["indicator"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _public(obj):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator":
            kwargs["queryset"] = EffectIndicator.objects.filter(
                permissions.editable_q(request.user, "promise__"),
                promise__state__in=lifecycle.FOLLOWED_UP_STATES,
            ).select_related("promise")
        elif db_field.name == "followup":
            kwargs["queryset"] = FollowUp.objects.editable_by(request.user).select_related(
                "promise"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("mätt"), ordering="year")
    def when_display(self, obj):
        return obj.when_label()

    @admin.display(description=gettext_lazy("värde"), ordering="value")
    def value_display(self, obj):
        return obj.label()

    @admin.display(description=gettext_lazy("publikt"), boolean=True)
    def public_display(self, obj):
        return _public(obj)

    def save_model(self, request, obj, form, change):
        indicators.indicator_value_save(value=obj, user=request.user)

    def delete_model(self, request, obj):
        indicators.indicator_value_delete(value=obj, user=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:followup_indicatorvalue_change", args=[object_id]))
