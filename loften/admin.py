"""The editorial admin for medborgarlöften.

Who sees what comes from `municipalities.permissions` (through `municipalities.admin_access`);
what a document's state allows, and every write, from `loften.services`. The change form of a
document shows its state and the next steps (förhandsgranska, underteckna, publicera, dra
tillbaka, skapa ny version); each step is a confirmation page that calls one service.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.admin_views import promise_followups_context
from followup.calendar import is_overdue
from followup.progress import progress_label
from municipalities import permissions
from municipalities.admin_access import (
    NationalAdminOnly,
    OrganisationScopedAdmin,
    ViewOnlyPartAdmin,
)

from . import services
from .models import CitizenPromise, Commitment, FocusArea, Place, Signatory, Source

State = CitizenPromise.State


@admin.register(FocusArea)
class FocusAreaAdmin(NationalAdminOnly):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# --- The document's parts, edited inside it ------------------------------------------------------


class PromisePartInline:
    """A part can be added, changed and removed while its document is a draft that the user may
    edit; otherwise it is shown read-only."""

    view_on_site = False  # a draft's parts have no public page yet

    def _editable(self, request, promise):
        if promise is None:
            return permissions.is_editor(request.user)
        return permissions.can_edit(request.user, promise) and not promise.is_frozen

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.is_member(request.user)
        return permissions.can_view(request.user, obj)

    def has_add_permission(self, request, obj):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)


class CommitmentInline(PromisePartInline, admin.StackedInline):
    model = Commitment
    extra = 0
    fields = [("party", "order"), "text", "focus_areas", ("target_number", "target_unit")]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "focus_areas":
            # A short national list: checkboxes work for everyone, keyboard included.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SourceInline(PromisePartInline, admin.TabularInline):
    model = Source
    extra = 0
    fields = ["kind", "description", "order"]


class PlaceInline(PromisePartInline, admin.TabularInline):
    model = Place
    extra = 0
    fields = ["name", "description", "latitude", "longitude", "order"]


class SignatoryInline(PromisePartInline, admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["name", "title", "side", "signed_on", "order"]


# --- The document --------------------------------------------------------------------------------


class CitizenPromiseAdminForm(forms.ModelForm):
    """Checks, inside the admin's transaction and with the row locked, that the document may be
    saved: the user's organisation is a party, it is still a draft, and nobody else saved it
    since the form was opened (`lock_version`). The rules themselves are in loften.services."""

    request_user = None  # set per request by CitizenPromiseAdmin.get_form

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CitizenPromise
        fields = [
            "title",
            "municipality",
            "police_area",
            "valid_from",
            "valid_until",
        ]  # see get_form

    def clean(self):
        cleaned_data = super().clean()
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
        if self.instance.pk is not None:
            lock_version = cleaned_data.get("lock_version")
            if lock_version is None:
                raise ValidationError(
                    _("Formuläret är ofullständigt. Öppna medborgarlöftet på nytt och försök igen.")
                )
            services.citizen_promise_lock_for_edit(
                promise=self.instance, lock_version=lock_version, user=self.request_user
            )
        return cleaned_data


class WithdrawForm(forms.Form):
    withdrawal_reason = forms.CharField(
        label=gettext_lazy("Skäl till tillbakadragandet"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Visas för invånarna tillsammans med medborgarlöftet."),
    )


#: The confirmation page of each step: title, explanation, button, done message.
TRANSITIONS = {
    "sign": {
        "service": services.citizen_promise_sign,
        "title": gettext_lazy("Underteckna medborgarlöftet"),
        "explanation": gettext_lazy(
            "När medborgarlöftet är undertecknat låses innehållet: lägesbild, löften, underlag, "
            "platser, undertecknare och giltighetstid kan inte längre ändras. Rättelser görs "
            "därefter i en ny version."
        ),
        "button": gettext_lazy("Underteckna"),
        "done": gettext_lazy("”%(title)s” är undertecknat. Nästa steg är att publicera det."),
    },
    "publish": {
        "service": services.citizen_promise_publish,
        "title": gettext_lazy("Publicera medborgarlöftet"),
        "explanation": gettext_lazy(
            "När medborgarlöftet publiceras blir det synligt för alla på webbplatsen. Om det "
            "ersätter en tidigare version markeras den som ersatt."
        ),
        "button": gettext_lazy("Publicera"),
        "done": gettext_lazy("”%(title)s” är publicerat och syns nu för invånarna."),
    },
    "withdraw": {
        "service": services.citizen_promise_withdraw,
        "form": WithdrawForm,
        "arguments": lambda data: {"reason": data["withdrawal_reason"]},
        "title": gettext_lazy("Dra tillbaka medborgarlöftet"),
        "explanation": gettext_lazy(
            "Ett tillbakadraget medborgarlöfte finns kvar på webbplatsen, märkt som "
            "tillbakadraget och med skälet du anger. Det kan inte ångras."
        ),
        "button": gettext_lazy("Dra tillbaka"),
        "done": gettext_lazy("”%(title)s” är tillbakadraget."),
    },
    "new_version": {
        "service": services.citizen_promise_new_version,
        "title": gettext_lazy("Skapa en ny version"),
        "explanation": gettext_lazy(
            "Innehållet kopieras till ett nytt utkast som du kan ändra. Undertecknarnas datum "
            "töms, eftersom den nya versionen undertecknas på nytt. När den nya versionen "
            "publiceras markeras den här som ersatt."
        ),
        "button": gettext_lazy("Skapa ny version"),
        "done": gettext_lazy("Ett nytt utkast är skapat. Gör ändringarna här."),
    },
}

CONTENT_FIELDS = [
    "title",
    "municipality",
    "police_area",
    "valid_from",
    "valid_until",
    "situation",
    "effects",
    "followup_plan",
]
LIFECYCLE_READONLY = [
    "state",
    "replaces",
    "withdrawal_reason",
    "signed_at",
    "published_at",
    "withdrawn_at",
    "replaced_at",
    "created_at",
    "updated_at",
]


@admin.register(CitizenPromise)
class CitizenPromiseAdmin(OrganisationScopedAdmin):
    form = CitizenPromiseAdminForm
    change_form_template = "admin/loften/citizenpromise/change_form.html"
    list_display = [
        "title",
        "municipality",
        "police_area",
        "valid_from",
        "valid_until",
        "state",
        "progress_display",
        "followup_display",
    ]
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
    inlines = [SourceInline, PlaceInline, CommitmentInline, SignatoryInline]
    actions = ["delete_selected", "sign_selected", "publish_selected"]

    def get_queryset(self, request):
        # Progress from the latest published follow-up and the follow-ups for the calendar, in a
        # fixed number of queries (the same read rule as the public lists).
        return super().get_queryset(request).for_listing()

    @admin.display(description=gettext_lazy("genomfört"), ordering="progress")
    def progress_display(self, obj):
        return progress_label(obj.progress)

    @admin.display(description=gettext_lazy("uppföljning"))
    def followup_display(self, obj):
        if is_overdue(obj, obj.followups.all()):
            return format_html("<strong>{}</strong>", _("Försenad"))
        return "–"

    def get_fieldsets(self, request, obj=None):
        first = ["title", ("municipality", "police_area"), ("valid_from", "valid_until")]
        if obj is not None and self.has_change_permission(request, obj):
            first.append("lock_version")
        lifecycle = [
            "state",
            "replaces",
            "withdrawal_reason",
            ("signed_at", "published_at", "withdrawn_at", "replaced_at"),
            ("created_at", "updated_at"),
        ]
        return [
            (None, {"fields": first}),
            (_("Lägesbild"), {"fields": ["situation"]}),
            (_("Effekter och uppföljning"), {"fields": ["effects", "followup_plan"]}),
            (_("Livscykel"), {"fields": lifecycle if obj is not None else ["state"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(LIFECYCLE_READONLY)
        if obj is not None and (obj.is_frozen or obj.replaces_id):
            # A new version stays with the document it replaces.
            readonly += ["municipality"]
        if obj is not None and obj.is_frozen:
            readonly += [f for f in CONTENT_FIELDS if f not in readonly]
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def has_delete_permission(self, request, obj=None):
        # Signed and published documents are never deleted (loften.services).
        return super().has_delete_permission(request, obj) and not (obj and obj.is_frozen)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    # Writes go through the services.

    def save_model(self, request, obj, form, change):
        services.citizen_promise_save(promise=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for part in formset.deleted_objects:
            services.citizen_promise_part_delete(part=part, user=request.user)
        for part in instances:
            services.citizen_promise_part_save(part=part, user=request.user)
        formset.save_m2m()

    def delete_model(self, request, obj):
        services.citizen_promise_delete(promise=obj, user=request.user)

    def get_deleted_objects(self, objs, request):
        # A draft's parts go with it; their own admin is read-only, which is not a reason to
        # refuse (the service decides).
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        parts = {str(model._meta.verbose_name) for model in services.PART_MODELS}
        return deleted, counts, {name for name in perms_needed if name not in parts}, protected

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
        frozen = [p for p in queryset if p.is_frozen]
        if frozen:
            self.message_user(
                request,
                _(
                    "Inget raderades. Undertecknade och publicerade medborgarlöften raderas "
                    "aldrig: %(titles)s. Välj bara utkast."
                )
                % {"titles": ", ".join(f"”{p.title}”" for p in frozen)},
                messages.ERROR,
            )
            return None
        return django_delete_selected(self, request, queryset)

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

    # The change form's steps and the preview.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        steps = [
            path(
                f"<path:object_id>/{name.replace('_', '-')}/",
                view(self.transition_view),
                {"transition": name},
                name=f"{info[0]}_{info[1]}_{name}",
            )
            for name in TRANSITIONS
        ]
        return [
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name=f"{info[0]}_{info[1]}_preview",
            ),
            *steps,
            *super().get_urls(),
        ]

    def available_steps(self, request, promise):
        if not self.has_change_permission(request, promise):
            return []
        names = services.available_transitions(promise)
        return [
            {
                "name": name,
                "label": TRANSITIONS[name]["button"],
                "url": reverse(f"admin:loften_citizenpromise_{name}", args=[promise.pk]),
            }
            for name in names
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["steps"] = self.available_steps(request, obj)
            if not obj.is_public:  # a public document has its real page ("Visa på webbplats")
                context["preview_url"] = reverse(
                    "admin:loften_citizenpromise_preview", args=[obj.pk]
                )
            if obj.is_frozen:
                # Signed and later: the official PDF (loften/pdf) can be exported.
                context["pdf_export_url"] = reverse("loften:promise_pdf_export", args=[obj.pk])
                context["frozen_message"] = services.frozen_message(obj)
                context.update(
                    show_save=False, show_save_and_continue=False, show_save_and_add_another=False
                )
            context["successor"] = CitizenPromise.objects.filter(replaces=obj).first()
            context.update(promise_followups_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_view(self, request, object_id):
        """The draft exactly as citizens will see it, marked as a preview."""
        from .views import promise_context

        promise = self.get_object(request, unquote(object_id))
        response = TemplateResponse(
            request, "loften/promise_detail.html", {**promise_context(promise), "preview": True}
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def transition_view(self, request, object_id, transition):
        promise = self.get_object(request, unquote(object_id))
        if not self.has_change_permission(request, promise):
            raise PermissionDenied
        step = TRANSITIONS[transition]
        form_class = step.get("form", forms.Form)
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                arguments = step["arguments"](form.cleaned_data) if "arguments" in step else {}
                result = step["service"](promise=promise, user=request.user, **arguments)
            except ValidationError as error:
                if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
                    form.add_error(None, error)
                else:
                    form.add_error(None, ValidationError(error.messages))
                promise.refresh_from_db()
            else:
                self.message_user(request, step["done"] % {"title": result.title}, messages.SUCCESS)
                return redirect(reverse("admin:loften_citizenpromise_change", args=[result.pk]))
        problems = []
        if transition == "sign" and promise.state == State.DRAFT:
            problems = services.citizen_promise_sign_problems(promise)
        context = {
            **self.admin_site.each_context(request),
            "title": step["title"],
            "subtitle": promise.title,
            "opts": self.opts,
            "original": promise,
            "step": step,
            "form": form,
            "problems": problems,
            "available": transition in services.available_transitions(promise),
            "change_url": reverse("admin:loften_citizenpromise_change", args=[promise.pk]),
            "media": self.media + forms.Form().media,
            "errors": helpers.AdminErrorList(form, []),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/transition_confirm.html", context)


# --- Read-only lists of the parts ----------------------------------------------------------------


class PartAdmin(ViewOnlyPartAdmin):
    promise_path = "promise"

    @admin.display(description=gettext_lazy("medborgarlöfte"))
    def promise_link(self, obj):
        url = reverse("admin:loften_citizenpromise_change", args=[obj.promise_id])
        return format_html('<a href="{}">{}</a>', url, obj.promise)


@admin.register(Commitment)
class CommitmentAdmin(PartAdmin):
    list_display = ["__str__", "party", "promise_link", "target_number", "target_unit"]
    list_filter = ["party", "focus_areas"]
    search_fields = ["text", "promise__title", "promise__municipality__name"]


@admin.register(Source)
class SourceAdmin(PartAdmin):
    list_display = ["kind", "promise_link", "order"]
    list_filter = ["kind"]
    search_fields = ["description", "promise__title"]


@admin.register(Place)
class PlaceAdmin(PartAdmin):
    list_display = ["name", "promise_link", "latitude", "longitude"]
    search_fields = ["name", "promise__title", "promise__municipality__name"]


@admin.register(Signatory)
class SignatoryAdmin(PartAdmin):
    list_display = ["name", "title", "side", "signed_on", "promise_link"]
    list_filter = ["side"]
    search_fields = ["name", "title", "promise__title"]
