"""The admin for follow-ups (uppföljningar): members of a party to the document see them, editors
create, fill in and publish them, reviewers read them. Every write goes through
followup.services; the one-page form, the spreadsheet pages and "create the next follow-up" are
in `views.py`."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loften import lifecycle
from loften.admin.base import (
    ConfirmStep,
    ConfirmStepMixin,
    LockedEditForm,
    OrganisationScopedAdmin,
    ServiceWritesMixin,
    ViewOnlyPartAdmin,
)
from loften.models import CitizenPromise, DocumentParty
from municipalities import permissions

from .. import calendar, services
from ..figures import row_texts
from ..models import (
    Circumstance,
    CommitmentStatus,
    FollowUp,
    MeasureValue,
    OtherWork,
    ReminderSent,
)
from ..progress import progress_label, rows_for_figures
from . import views


class CommitmentStatusInline(admin.TabularInline):
    """The rows, for reading: they are filled in on the one-page form or from a spreadsheet,
    which save them all at once through `services.followup_statuses_save`."""

    model = CommitmentStatus
    extra = 0
    fields = [
        "commitment",
        "party",
        "status",
        "reason",
        "circumstance",
        "comment",
        "figures_display",
        "progress_display",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("genomfört"))
    def progress_display(self, obj):
        return progress_label(obj.progress)

    @admin.display(description=gettext_lazy("antal och mått"))
    def figures_display(self, obj):
        return "; ".join(row_texts(obj)) or "–"

    # Permissions follow the follow-up's document (obj is the follow-up).
    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.is_member(request.user)
        return permissions.can_view(request.user, obj.promise)

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return rows_for_figures(super().get_queryset(request)).select_related(
            "party", "circumstance"
        )


class FollowUpTextInline(admin.StackedInline):
    """A draft follow-up's circumstances and other work, written by the editors of a party to
    its document, in the change form's transaction: the form (`FollowUpAdminForm`) has locked
    the follow-up and checked that it is still a draft and unchanged by others. A published
    follow-up shows them read-only."""

    extra = 0
    view_on_site = False

    def _editable(self, request, followup):
        if followup is None:
            return False  # a new follow-up gets them once created
        return (
            permissions.can_edit(request.user, followup.promise)
            and followup.state == FollowUp.State.DRAFT
        )

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.is_member(request.user)
        return permissions.can_view(request.user, obj.promise)

    def has_add_permission(self, request, obj):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)


class CircumstanceInline(FollowUpTextInline):
    """One circumstance, stated once, that statuses of the follow-up give as their reason (the
    one-page form chooses it). One still in use is not deleted (the statuses protect it)."""

    model = Circumstance
    fields = ["title", "text", "order"]


class OtherWorkFormSet(forms.BaseInlineFormSet):
    """Only the document's own parties are offered."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get("party")
        if field is not None and self.instance.pk:
            field.queryset = DocumentParty.objects.filter(promise=self.instance.promise_id)


class OtherWorkInline(FollowUpTextInline):
    model = OtherWork
    formset = OtherWorkFormSet
    fields = ["party", "title", "text", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("party")


class FollowUpAdminForm(LockedEditForm):
    """A new follow-up needs a document that can be followed up; a change is checked, with the
    row locked, against what someone else may have saved since the form was opened."""

    incomplete_message = gettext_lazy(
        "Formuläret är ofullständigt. Öppna uppföljningen på nytt och försök igen."
    )

    class Meta:
        model = FollowUp
        fields = ["promise", "year", "number", "summary"]  # the admin passes its own list

    def check_before_lock(self, cleaned_data):
        promise = cleaned_data.get("promise")
        if self.instance.pk is None and promise is not None:
            services.check_creatable(promise)

    def lock_for_edit(self, lock_version):
        services.followup_lock_for_edit(
            followup=self.instance, lock_version=lock_version, user=self.request_user
        )


PUBLISH_STEP = ConfirmStep(
    title=gettext_lazy("Publicera uppföljningen"),
    explanation=gettext_lazy(
        "När uppföljningen publiceras syns den för invånarna på medborgarlöftets sida. Därefter "
        "är den låst: den kan varken ändras eller raderas. Rättelser skrivs i nästa "
        "periods uppföljning."
    ),
    button=gettext_lazy("Publicera"),
    run=lambda followup, user: services.followup_publish(followup=followup, user=user),
    done=lambda followup: _("Uppföljningen ”%(followup)s” är publicerad.") % {"followup": followup},
    available=lambda followup: followup.state == FollowUp.State.DRAFT,
    problems=services.followup_publish_problems,
)


@admin.register(FollowUp)
class FollowUpAdmin(ConfirmStepMixin, ServiceWritesMixin, OrganisationScopedAdmin):
    promise_path = "promise"
    form = FollowUpAdminForm
    change_form_template = "admin/followup/followup/change_form.html"
    change_list_template = "admin/followup/followup/change_list.html"
    list_display = [
        "promise",
        "period_display",
        "state",
        "progress_display",
        "due_display",
        "form_link",
    ]
    list_filter = ["state", "year", "number", "promise__municipality__county"]
    list_select_related = ["promise__municipality"]
    search_fields = ["promise__title", "promise__municipality__name", "summary"]
    actions = ["delete_selected", "publish_selected"]
    deleted_with = (CommitmentStatus, Circumstance, OtherWork)

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    def get_inlines(self, request, obj):
        # A new follow-up gets its rows from services.followup_create; they are filled in on
        # the one-page form.
        return [] if obj is None else [CircumstanceInline, CommitmentStatusInline, OtherWorkInline]

    def get_fields(self, request, obj=None):
        fields = ["promise", "year", "number", "summary", "state", "published_at", "published_by"]
        if obj is None:
            return ["promise", "year", "number", "summary"]
        if self._editable(request, obj):
            fields.append("lock_version")
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = ["state", "published_at", "published_by"]
        if obj is not None:
            readonly.append("promise")  # a follow-up stays with its document
        if obj is not None and obj.state == FollowUp.State.PUBLISHED:
            readonly += ["year", "number", "summary"]  # frozen, see services.check_editable
        return readonly

    def view_on_site(self, obj):
        # A draft follow-up has no public page yet.
        return obj.get_absolute_url() if obj.is_public else None

    def _editable(self, request, obj):
        return self.has_change_permission(request, obj) and obj.state == FollowUp.State.DRAFT

    def get_autocomplete_fields(self, request):
        return ["promise"] if permissions.is_national_admin(request.user) else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "promise":
            kwargs["queryset"] = CitizenPromise.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # The list.

    @admin.display(description=gettext_lazy("period"), ordering="year")
    def period_display(self, obj):
        return str(obj.period)

    @admin.display(description=gettext_lazy("genomfört"), ordering="progress")
    def progress_display(self, obj):
        return progress_label(obj.progress)

    @admin.display(description=gettext_lazy("ska publiceras senast"))
    def due_display(self, obj):
        due = calendar.due_date(obj.period).isoformat()
        if calendar.is_followup_overdue(obj):
            return format_html("{} <strong>{}</strong>", due, _("Försenad"))
        return due

    @admin.display(description=gettext_lazy("formulär"))
    def form_link(self, obj):
        url = reverse("admin:followup_followup_form", args=[obj.pk])
        label = _("Visa") if obj.state == FollowUp.State.PUBLISHED else _("Fyll i")
        return format_html('<a href="{}">{}</a>', url, label)

    def changelist_view(self, request, extra_context=None):
        to_create = []
        if permissions.is_editor(request.user):
            promises = (
                CitizenPromise.objects.filter(state__in=lifecycle.FOLLOWED_UP_STATES)
                .editable_by(request.user)
                .select_related("municipality")
                .prefetch_related("followups")
                .order_by("municipality__name", "-valid_from")
            )
            for promise in promises:
                period = calendar.next_to_create(promise, promise.followups.all())
                if period is not None:
                    to_create.append(
                        {
                            "promise": promise,
                            "period": period,
                            "due": calendar.due_date(period),
                            "url": reverse(
                                "admin:followup_followup_create_next", args=[promise.pk]
                            ),
                        }
                    )
        return super().changelist_view(request, {**(extra_context or {}), "to_create": to_create})

    # Writes go through the services.

    def save_model(self, request, obj, form, change):
        if change:
            services.followup_save(followup=obj, user=request.user)
            return
        created = services.followup_create(
            promise=obj.promise,
            year=obj.year,
            number=obj.number,
            user=request.user,
            summary=obj.summary,
        )
        obj.pk, obj._state = created.pk, created._state

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            _(
                "Uppföljningen %(period)s är skapad med en rad per löfte, ifylld från "
                "föregående uppföljning. Fyll i hur det har gått."
            )
            % {"period": obj.period},
            messages.SUCCESS,
        )
        return redirect("admin:followup_followup_form", obj.pk)

    def delete_model(self, request, obj):
        services.followup_delete(followup=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for followup in queryset:
            services.followup_delete(followup=followup, user=request.user)

    def is_frozen(self, obj):
        return obj.state == FollowUp.State.PUBLISHED

    def frozen_delete_message(self, frozen):
        return _(
            "Inget raderades. Publicerade uppföljningar raderas aldrig: %(names)s. Välj "
            "bara utkast."
        ) % {"names": ", ".join(f"”{f}”" for f in frozen)}

    @admin.action(
        permissions=["delete"],
        description=gettext_lazy("Radera valda utkast till %(verbose_name_plural)s"),
    )
    def delete_selected(self, request, queryset):
        return super().delete_selected(request, queryset)

    @admin.action(permissions=["change"], description=gettext_lazy("Publicera valda uppföljningar"))
    def publish_selected(self, request, queryset):
        succeeded = 0
        for followup in queryset.editable_by(request.user):
            try:
                services.followup_publish(followup=followup, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(
                request, _("%(count)s publicerades.") % {"count": succeeded}, messages.SUCCESS
            )

    # The follow-up's own pages (views.py) and the publish step.

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, self))

        return [
            path(
                "nasta/<int:promise_id>/",
                view(views.create_next_view),
                name="followup_followup_create_next",
            ),
            path(
                "<path:object_id>/formular/",
                view(views.status_form_view),
                name="followup_followup_form",
            ),
            path(
                "<path:object_id>/csv/",
                view(views.csv_export_view),
                name="followup_followup_csv",
            ),
            path(
                "<path:object_id>/importera/",
                view(views.csv_import_view),
                name="followup_followup_import",
            ),
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="followup_followup_publish",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            can_edit = self.has_change_permission(request, obj)
            context.update(views.page_links(obj, can_edit))
            if obj.state == FollowUp.State.PUBLISHED:
                context["frozen_message"] = services.frozen_message(obj)
                context.update(
                    show_save=False, show_save_and_continue=False, show_save_and_add_another=False
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def publish_view(self, request, object_id):
        followup = self.get_object(request, unquote(object_id))
        return self.confirm_step_view(request, followup, PUBLISH_STEP)


@admin.register(CommitmentStatus)
class CommitmentStatusAdmin(ViewOnlyPartAdmin):
    promise_path = "followup__promise"
    list_display = [
        "commitment",
        "party",
        "followup_link",
        "status",
        "figures_display",
        "progress_display",
    ]
    list_filter = ["status"]
    search_fields = ["commitment__text", "reason", "comment", "followup__promise__title"]

    def get_queryset(self, request):
        return rows_for_figures(super().get_queryset(request)).select_related("party")

    @admin.display(description=gettext_lazy("genomfört"))
    def progress_display(self, obj):
        return progress_label(obj.progress)

    @admin.display(description=gettext_lazy("antal och mått"))
    def figures_display(self, obj):
        return "; ".join(row_texts(obj)) or "–"

    @admin.display(description=gettext_lazy("uppföljning"))
    def followup_link(self, obj):
        url = reverse("admin:followup_followup_change", args=[obj.followup_id])
        return format_html('<a href="{}">{}</a>', url, obj.followup)


@admin.register(Circumstance)
class CircumstanceAdmin(ViewOnlyPartAdmin):
    """For finding and reading; written in the follow-up's change form (`CircumstanceInline`) or
    its spreadsheet."""

    promise_path = "followup__promise"
    list_display = ["title", "followup"]
    search_fields = ["title", "text", "followup__promise__title"]
    list_select_related = ["followup"]


@admin.register(OtherWork)
class OtherWorkAdmin(ViewOnlyPartAdmin):
    """For finding and reading; written in the follow-up's change form (`OtherWorkInline`) or its
    spreadsheet."""

    promise_path = "followup__promise"
    list_display = ["title", "party", "followup"]
    search_fields = ["title", "text", "followup__promise__title"]
    list_select_related = ["followup", "party"]


@admin.register(MeasureValue)
class MeasureValueAdmin(ViewOnlyPartAdmin):
    """For finding and reading; written with its status in the one-page form or the
    spreadsheet (`followup.services`)."""

    promise_path = "status__followup__promise"
    list_display = ["measure", "value", "approximate", "status"]
    search_fields = [
        "measure__name",
        "status__commitment__text",
        "status__followup__promise__title",
    ]
    list_select_related = ["measure", "status__commitment", "status__followup"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """What `manage.py followup_reminders` has sent, for national administrators. Deleting a row
    lets the command send that reminder again the same day."""

    list_display = ["sent_on", "user", "municipality", "police_area", "email"]
    list_filter = ["sent_on"]
    list_select_related = ["user", "municipality", "police_area"]
    search_fields = ["user__username", "email", "periods"]
    date_hierarchy = "sent_on"

    def has_module_permission(self, request):
        return permissions.is_national_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_national_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return permissions.is_national_admin(request.user)
