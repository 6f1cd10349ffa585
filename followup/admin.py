"""The admin for follow-ups (uppföljningar): members of a party to the document see and edit them,
reviewers read them; publishing and deleting go through followup.services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loften.models import Commitment
from municipalities import permissions
from municipalities.admin_access import OrganisationScopedAdmin, ViewOnlyPartAdmin

from . import services
from .models import CommitmentStatus, FollowUp


class CommitmentStatusInline(admin.TabularInline):
    model = CommitmentStatus
    extra = 0
    fields = ["commitment", "status", "reason", "comment", "achieved_number"]

    # Permissions follow the follow-up's document (obj is the follow-up, None when adding).
    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.is_member(request.user)
        return permissions.can_view(request.user, obj.promise)

    def has_add_permission(self, request, obj):
        if obj is None:
            return permissions.is_editor(request.user)
        return permissions.can_edit(request.user, obj.promise)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the commitments of the follow-up's own medborgarlöfte.
        if db_field.name == "commitment":
            followup_id = resolve(request.path_info).kwargs.get("object_id")
            queryset = Commitment.objects.select_related("promise")
            if followup_id:
                queryset = queryset.filter(
                    promise__followups__pk=followup_id,
                    promise__in=permissions.promises_visible_to(request.user),
                )
            else:
                queryset = queryset.none()
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class FollowUpAdminForm(forms.ModelForm):
    """Checks, with the row locked, that nobody saved the follow-up since the form was opened."""

    request_user = None  # set per request by FollowUpAdmin.get_form

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FollowUp
        fields = ["promise", "year", "half", "summary"]  # the admin passes its own list

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            lock_version = cleaned_data.get("lock_version")
            if lock_version is None:
                raise ValidationError(
                    _("Formuläret är ofullständigt. Öppna uppföljningen på nytt och försök igen.")
                )
            services.followup_lock_for_edit(
                followup=self.instance, lock_version=lock_version, user=self.request_user
            )
        return cleaned_data


PUBLISH_STEP = {
    "title": gettext_lazy("Publicera uppföljningen"),
    "explanation": gettext_lazy(
        "När uppföljningen publiceras syns den för invånarna på medborgarlöftets sida. Den kan "
        "rättas efteråt (ändringarna sparas i historiken) men inte raderas."
    ),
    "button": gettext_lazy("Publicera"),
}


@admin.register(FollowUp)
class FollowUpAdmin(OrganisationScopedAdmin):
    promise_path = "promise"
    form = FollowUpAdminForm
    change_form_template = "admin/followup/followup/change_form.html"
    list_display = ["promise", "year", "half", "state", "published_at"]
    list_filter = ["state", "year", "half", "promise__municipality__county"]
    list_select_related = ["promise"]
    search_fields = ["promise__title", "promise__municipality__name", "summary"]
    inlines = [CommitmentStatusInline]
    actions = ["delete_selected", "publish_selected"]

    def get_fields(self, request, obj=None):
        fields = ["promise", "year", "half", "summary", "state", "published_at", "published_by"]
        if obj is not None and self.has_change_permission(request, obj):
            fields.append("lock_version")
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = ["state", "published_at", "published_by"]
        if obj is not None:
            readonly.append("promise")  # a follow-up stays with its document
        return readonly

    def get_autocomplete_fields(self, request):
        return ["promise"] if permissions.is_national_admin(request.user) else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "promise":
            kwargs["queryset"] = permissions.promises_editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def has_delete_permission(self, request, obj=None):
        published = obj is not None and obj.state == FollowUp.State.PUBLISHED
        return super().has_delete_permission(request, obj) and not published

    def save_model(self, request, obj, form, change):
        services.followup_save(followup=obj, user=request.user)

    def delete_model(self, request, obj):
        services.followup_delete(followup=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for followup in queryset:
            services.followup_delete(followup=followup, user=request.user)

    def get_deleted_objects(self, objs, request):
        # Statuses go with their follow-up; their own admin being read-only is no reason to refuse.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        status_name = str(CommitmentStatus._meta.verbose_name)
        return deleted, counts, {name for name in perms_needed if name != status_name}, protected

    @admin.action(
        permissions=["delete"],
        description=gettext_lazy("Radera valda utkast till %(verbose_name_plural)s"),
    )
    def delete_selected(self, request, queryset):
        published = [f for f in queryset if f.state == FollowUp.State.PUBLISHED]
        if published:
            self.message_user(
                request,
                _(
                    "Inget raderades. Publicerade uppföljningar raderas aldrig: %(names)s. Välj "
                    "bara utkast."
                )
                % {"names": ", ".join(f"”{f}”" for f in published)},
                messages.ERROR,
            )
            return None
        return django_delete_selected(self, request, queryset)

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

    def get_urls(self):
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="followup_followup_publish",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if (
            obj is not None
            and obj.state == FollowUp.State.DRAFT
            and self.has_change_permission(request, obj)
        ):
            context["publish_url"] = reverse("admin:followup_followup_publish", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def publish_view(self, request, object_id):
        followup = self.get_object(request, unquote(object_id))
        if not self.has_change_permission(request, followup):
            raise PermissionDenied
        change_url = reverse("admin:followup_followup_change", args=[followup.pk])
        form = forms.Form(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.followup_publish(followup=followup, user=request.user)
            except ValidationError as error:
                form.add_error(None, ValidationError(error.messages))
                followup.refresh_from_db()
            else:
                self.message_user(
                    request,
                    _("Uppföljningen ”%(followup)s” är publicerad.") % {"followup": followup},
                    messages.SUCCESS,
                )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": PUBLISH_STEP["title"],
            "subtitle": str(followup),
            "opts": self.opts,
            "original": followup,
            "step": PUBLISH_STEP,
            "form": form,
            "problems": [],
            "available": followup.state == FollowUp.State.DRAFT,
            "change_url": change_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/transition_confirm.html", context)


@admin.register(CommitmentStatus)
class CommitmentStatusAdmin(ViewOnlyPartAdmin):
    promise_path = "followup__promise"
    list_display = ["commitment", "followup_link", "status", "achieved_number"]
    list_filter = ["status"]
    list_select_related = ["commitment", "followup__promise"]
    search_fields = ["commitment__text", "reason", "comment", "followup__promise__title"]

    @admin.display(description=gettext_lazy("uppföljning"))
    def followup_link(self, obj):
        url = reverse("admin:followup_followup_change", args=[obj.followup_id])
        return format_html('<a href="{}">{}</a>', url, obj.followup)
