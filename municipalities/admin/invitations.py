"""Invitations in the admin: one form to invite a person (e-mail, organisation, role), the list
with its state, and the actions "send again" and "revoke". The rules are in
`municipalities/invitations.py`; who may do what in `municipalities/permissions.py`."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import invitations, permissions
from ..admin_access import PeopleAdmin
from ..models import Invitation, Membership


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-postadress"),
        help_text=gettext_lazy("Personen får en länk hit och väljer själv sitt lösenord."),
    )
    organisation = forms.ChoiceField(label=gettext_lazy("Organisation"))
    role = forms.ChoiceField(
        label=gettext_lazy("Roll"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        help_text=Membership._meta.get_field("role").help_text,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._municipalities = {
            f"m{m.pk}": m for m in permissions.municipalities_for_inviting(user)
        }
        self._police_areas = {f"p{a.pk}": a for a in permissions.police_areas_for_inviting(user)}
        groups = [
            (_("Kommuner"), [(key, m.long_name) for key, m in self._municipalities.items()]),
            (_("Lokalpolisområden"), [(key, a.name) for key, a in self._police_areas.items()]),
        ]
        choices = [(label, options) for label, options in groups if options]
        keys = [*self._municipalities, *self._police_areas]
        field = self.fields["organisation"]
        if len(keys) == 1:
            field.choices = choices
            field.initial = keys[0]
        else:
            field.choices = [("", _("Välj organisation")), *choices]

    def invitation_kwargs(self):
        key = self.cleaned_data["organisation"]
        return {
            "email": self.cleaned_data["email"],
            "role": self.cleaned_data["role"],
            "municipality": self._municipalities.get(key),
            "police_area": self._police_areas.get(key),
        }


class StateFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Invitation.State.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(effective_state=self.value())
        return queryset


@admin.register(Invitation)
class InvitationAdmin(PeopleAdmin):
    list_display = [
        "email",
        "organisation",
        "role",
        "state_display",
        "invited_by",
        "sent_at",
        "expires_at",
        "accepted_by",
    ]
    list_filter = [StateFilter, "role"]
    list_select_related = ["municipality", "police_area", "invited_by", "accepted_by"]
    search_fields = ["email"]
    actions = ["resend", "revoke"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_effective_state()

    def has_add_permission(self, request):
        return permissions.manages_people(request.user)

    def has_manage_permission(self, request):
        return permissions.manages_people(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # changed only by the actions, through the services

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: who invited whom stays on record

    @admin.display(description=gettext_lazy("organisation"))
    def organisation(self, obj):
        return obj.organisation_name

    @admin.display(description=gettext_lazy("status"), ordering="effective_state")
    def state_display(self, obj):
        return obj.current_state.label

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InvitationForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            kwargs = form.invitation_kwargs()
            try:
                invitations.invitation_create(inviter=request.user, request=request, **kwargs)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # The same answer whether or not the address has an account.
                self.message_user(
                    request,
                    _("En inbjudan har skickats till %(email)s.") % {"email": kwargs["email"]},
                    messages.SUCCESS,
                )
                return redirect("admin:municipalities_invitation_changelist")
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": _("Bjud in en person"),
            "opts": self.opts,
            "form": form,
            "days": settings.INVITATION_MAX_AGE_DAYS,
        }
        return TemplateResponse(request, "admin/municipalities/invitation/invite.html", context)

    @admin.action(
        description=gettext_lazy("Skicka valda inbjudningar igen"), permissions=["manage"]
    )
    def resend(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        try:
            count = invitations.invitation_resend(
                user=request.user, invitation_ids=ids, request=request
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d inbjudan skickades igen med en ny länk; den gamla länken fungerar "
                "inte längre.",
                "%(count)d inbjudningar skickades igen med nya länkar; de gamla länkarna "
                "fungerar inte längre.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(description=gettext_lazy("Återkalla valda inbjudningar"), permissions=["manage"])
    def revoke(self, request, queryset):
        count = invitations.invitation_revoke(
            user=request.user, invitation_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d inbjudan återkallades.",
                "%(count)d inbjudningar återkallades.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
