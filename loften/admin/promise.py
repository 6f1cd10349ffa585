"""The editorial admin of a medborgarlöfte.

Who sees what comes from `municipalities.permissions` (through `.base`); what a document's state
allows from `loften.lifecycle`, and every write from `loften.services`. The change form shows the
document's state, the parties' approvals (`.approvals`) and the steps that may follow (godkänn,
underteckna, publicera, dra tillbaka, skapa ny version); each step is a confirmation page
(`ConfirmStep`) that calls one service.

`followup.admin` and `portal.admin` extend this admin with the follow-ups and the preview.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities import permissions

from .. import lifecycle, services
from ..models import CitizenPromise
from . import amendments, approvals, importer
from .base import (
    ConfirmStep,
    ConfirmStepMixin,
    LockedEditForm,
    OrganisationScopedAdmin,
    ServiceWritesMixin,
)
from .parts import (
    AttachmentInline,
    CommitmentGroupInline,
    CommitmentInline,
    DocumentPartyInline,
    EffectIndicatorInline,
    LocalFocusAreaInline,
    MeasureInline,
    PlaceInline,
    SectionInline,
    SignatoryInline,
    SourceInline,
)


class CitizenPromiseAdminForm(LockedEditForm):
    """The document's own fields. The user's organisation must be a party to what the form
    names; the rules themselves are in loften.services."""

    incomplete_message = gettext_lazy(
        "Formuläret är ofullständigt. Öppna medborgarlöftet på nytt och försök igen."
    )

    class Meta:
        model = CitizenPromise
        fields = list(lifecycle.CONTENT_FIELDS)  # the admin's fieldsets choose what is shown

    def check_before_lock(self, cleaned_data):
        municipality = cleaned_data.get(
            "municipality", getattr(self.instance, "municipality", None)
        )
        police_area = cleaned_data.get("police_area", getattr(self.instance, "police_area", None))
        if (
            municipality is not None
            and police_area is not None
            and not permissions.can_edit_parties(
                self.request_user, municipality_id=municipality.pk, police_area_id=police_area.pk
            )
        ):
            raise ValidationError(
                _(
                    "Du kan bara skriva medborgarlöften där din kommun eller ditt "
                    "lokalpolisområde är part."
                )
            )

    def lock_for_edit(self, lock_version):
        services.citizen_promise_lock_for_edit(
            promise=self.instance, lock_version=lock_version, user=self.request_user
        )


class WithdrawForm(forms.Form):
    withdrawal_reason = forms.CharField(
        label=gettext_lazy("Skäl till tillbakadragandet"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Visas för invånarna tillsammans med medborgarlöftet."),
    )


def _step(name, service, done, **options):
    """A life-cycle step of `lifecycle.STEPS` as a confirmation page that calls `service`."""
    return ConfirmStep(
        run=lambda promise, user, **arguments: service(promise=promise, user=user, **arguments),
        done=lambda result: done % {"title": result.title},
        available=lambda promise: name in services.available_transitions(promise),
        **options,
    )


#: The confirmation page of each step in `lifecycle.STEPS`.
STEPS = {
    **approvals.STEPS,
    "sign": _step(
        "sign",
        services.citizen_promise_sign,
        gettext_lazy("”%(title)s” är undertecknat. Nästa steg är att publicera det."),
        title=gettext_lazy("Underteckna medborgarlöftet"),
        explanation=gettext_lazy(
            "När medborgarlöftet är undertecknat låses innehållet: lägesbild, löften, underlag, "
            "platser, undertecknare, bilagor och giltighetstid kan inte längre ändras. "
            "Rättelser görs därefter i en ny version. Alla parter måste först ha godkänt exakt "
            "det innehåll som undertecknas."
        ),
        button=gettext_lazy("Underteckna"),
        problems=services.citizen_promise_sign_problems,
    ),
    "publish": _step(
        "publish",
        services.citizen_promise_publish,
        gettext_lazy("”%(title)s” är publicerat och syns nu för invånarna."),
        title=gettext_lazy("Publicera medborgarlöftet"),
        explanation=gettext_lazy(
            "När medborgarlöftet publiceras blir det synligt för alla på webbplatsen. Om det "
            "ersätter en tidigare version markeras den som ersatt."
        ),
        button=gettext_lazy("Publicera"),
    ),
    "withdraw": _step(
        "withdraw",
        services.citizen_promise_withdraw,
        gettext_lazy("”%(title)s” är tillbakadraget."),
        title=gettext_lazy("Dra tillbaka medborgarlöftet"),
        explanation=gettext_lazy(
            "Ett tillbakadraget medborgarlöfte finns kvar på webbplatsen, märkt som "
            "tillbakadraget och med skälet du anger. Det kan inte ångras."
        ),
        button=gettext_lazy("Dra tillbaka"),
        form=WithdrawForm,
        arguments=lambda data: {"reason": data["withdrawal_reason"]},
    ),
    "new_version": _step(
        "new_version",
        services.citizen_promise_new_version,
        gettext_lazy("Ett nytt utkast är skapat. Gör ändringarna här."),
        title=gettext_lazy("Skapa en ny version"),
        explanation=gettext_lazy(
            "Innehållet kopieras till ett nytt utkast som du kan ändra, bilagorna också. "
            "Datumet för underskrift töms, eftersom den nya versionen undertecknas på nytt. "
            "När den nya versionen publiceras markeras den här som ersatt."
        ),
        button=gettext_lazy("Skapa ny version"),
    ),
    # Offered per löfte in the box of amendments (`amendments.amendment_context`).
    "amend": amendments.PROPOSE,
}


@admin.register(CitizenPromise)
class CitizenPromiseAdmin(ConfirmStepMixin, ServiceWritesMixin, OrganisationScopedAdmin):
    form = CitizenPromiseAdminForm
    change_form_template = "admin/loften/citizenpromise/change_form.html"
    change_list_template = "admin/loften/citizenpromise/change_list.html"
    list_display = ["title", "municipality", "police_area", "valid_from", "valid_until", "state"]
    list_filter = [
        "state",
        "municipality__county__police_region",
        "municipality__county",
        ("valid_from", admin.DateFieldListFilter),
    ]
    list_select_related = ["municipality", "police_area"]
    search_fields = ["title", "municipality__name", "municipality__code", "police_area__name"]
    date_hierarchy = "valid_from"
    list_per_page = 50
    show_full_result_count = False
    # The document's own rows first; löften choose among its groups, parties and focus areas.
    inlines = [
        DocumentPartyInline,
        SectionInline,
        SourceInline,
        PlaceInline,
        LocalFocusAreaInline,
        CommitmentGroupInline,
        CommitmentInline,
        MeasureInline,
        EffectIndicatorInline,
        SignatoryInline,
        AttachmentInline,
    ]
    actions = ["delete_selected", "sign_selected", "publish_selected"]
    deleted_with = services.PART_MODELS

    def get_fieldsets(self, request, obj=None):
        first = [
            "title",
            ("municipality", "police_area"),
            "district",
            ("valid_from", "valid_until"),
            ("followed_up_here", "cadence"),
        ]
        if obj is not None and self.has_change_permission(request, obj):
            first.append("lock_version")
        lifecycle_fields = [
            "state",
            "replaces",
            "withdrawal_reason",
            ("signed_at", "published_at", "withdrawn_at", "replaced_at"),
            ("created_at", "updated_at"),
        ]
        return [
            (None, {"fields": first}),
            (
                _("Diarienummer och beslut"),
                {"fields": ["case_number", ("decided_by", "decided_on")]},
            ),
            (
                _("Underskrifter och bilagor"),
                {
                    "fields": [
                        ("signed_place", "signed_on"),
                        "names_no_signatories",
                        "commitments_in_attachment",
                    ],
                    "description": _(
                        "Undertecknarna och bilagorna läggs till längre ned på sidan."
                    ),
                },
            ),
            (_("Livscykel"), {"fields": lifecycle_fields if obj is not None else ["state"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*lifecycle.LIFECYCLE_FIELDS, "created_at", "updated_at"]
        if obj is not None and (obj.is_frozen or obj.replaces_id):
            # A new version stays with the document it replaces.
            readonly.append("municipality")
        if obj is not None and obj.is_frozen:
            readonly += [f for f in lifecycle.CONTENT_FIELDS if f not in readonly]
        return readonly

    def get_autocomplete_fields(self, request):
        # National administrators choose among all; members get short lists of their own.
        if permissions.is_national_admin(request.user):
            return ["municipality", "police_area"]
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = permissions.municipalities_for_editing(request.user)
        elif db_field.name == "police_area":
            kwargs["queryset"] = permissions.police_areas_for_editing(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    # Writes go through the services.

    def is_frozen(self, obj):
        return obj.is_frozen

    def frozen_delete_message(self, frozen):
        return _(
            "Inget raderades. Undertecknade och publicerade medborgarlöften raderas "
            "aldrig: %(titles)s. Välj bara utkast."
        ) % {"titles": ", ".join(f"”{p.title}”" for p in frozen)}

    def save_model(self, request, obj, form, change):
        services.citizen_promise_save(promise=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for part in formset.deleted_objects:
            services.citizen_promise_part_delete(part=part, user=request.user)
        forms = {id(subform.instance): subform for subform in formset.forms}
        for part in instances:
            # A row's links (a löfte's parties and focus areas …) go through the service with
            # it (not formset.save_m2m()), so that a changed link counts as a change to the
            # content: it withdraws the approvals of the content before it.
            data = forms[id(part)].cleaned_data
            related = {f.name: data[f.name] for f in part._meta.many_to_many if f.name in data}
            services.citizen_promise_part_save(part=part, user=request.user, related=related)

    def delete_model(self, request, obj):
        services.citizen_promise_delete(promise=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for promise in queryset:
            services.citizen_promise_delete(promise=promise, user=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:loften_citizenpromise_change", args=[object_id]))

    # Actions.

    @admin.action(
        permissions=["delete"],
        description=gettext_lazy("Radera valda utkast till %(verbose_name_plural)s"),
    )
    def delete_selected(self, request, queryset):
        return super().delete_selected(request, queryset)

    def _run_action(self, request, queryset, service, done):
        editable = queryset.editable_by(request.user)
        skipped = queryset.count() - editable.count()
        succeeded = 0
        for promise in editable:
            try:
                service(promise=promise, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, done % {"count": succeeded}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                _("%(count)s hoppades över eftersom du bara får läsa dem.") % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(
        permissions=["change"], description=gettext_lazy("Underteckna valda medborgarlöften")
    )
    def sign_selected(self, request, queryset):
        self._run_action(
            request, queryset, services.citizen_promise_sign, _("%(count)s undertecknades.")
        )

    @admin.action(
        permissions=["change"], description=gettext_lazy("Publicera valda medborgarlöften")
    )
    def publish_selected(self, request, queryset):
        self._run_action(
            request, queryset, services.citizen_promise_publish, _("%(count)s publicerades.")
        )

    # The change form's steps.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        steps = [
            path(
                f"<path:object_id>/{name.replace('_', '-')}/",
                self.admin_site.admin_view(self.transition_view),
                {"transition": name},
                name=f"{info[0]}_{info[1]}_{name}",
            )
            for name in STEPS
        ]
        read_file = path(
            "importera/",
            self.admin_site.admin_view(partial(importer.import_view, self)),
            name=f"{info[0]}_{info[1]}_import",
        )
        return [read_file, *steps, *super().get_urls()]

    def available_steps(self, request, promise, offered_approval_steps=()):
        """The steps offered as buttons; an approval step only where the user's organisation
        can take it now (`approvals.approval_context`)."""
        if not self.has_change_permission(request, promise):
            return []
        return [
            {"name": name, "label": STEPS[name].button, "url": self.step_url(name, promise)}
            for name in services.available_transitions(promise)
            if (name not in approvals.STEPS or name in offered_approval_steps) and name != "amend"
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            approval_context, offered = approvals.approval_context(request.user, obj)
            context.update(approval_context)
            steps = self.available_steps(request, obj, offered)
            # The approval buttons stand beside the parties' state; the other steps at the top.
            context["steps"] = [step for step in steps if step["name"] not in approvals.STEPS]
            context["approval_steps"] = [step for step in steps if step["name"] in approvals.STEPS]
            if obj.is_frozen:
                # Signed and later: the official PDF (loften/pdf) can be exported.
                context["pdf_export_url"] = reverse("loften:promise_pdf_export", args=[obj.pk])
                context["frozen_message"] = services.frozen_message(obj)
                context.update(
                    show_save=False, show_save_and_continue=False, show_save_and_add_another=False
                )
            context["successor"] = CitizenPromise.objects.filter(replaces=obj).first()
            context.update(amendments.amendment_context(request.user, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def transition_view(self, request, object_id, transition):
        promise = self.get_object(request, unquote(object_id))
        step = STEPS[transition]
        if transition == "amend":
            step = amendments.propose_step(promise, request.GET)
        return self.confirm_step_view(request, promise, step)
