"""The admin of a medborgarlöfte's parts: edited inline in their document while it is a draft,
listed read-only on their own; and the national focus areas."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from municipalities import permissions
from municipalities.admin_access import NationalAdminOnly

from ..models import (
    Approval,
    Attachment,
    Commitment,
    CommitmentGroup,
    DocumentParty,
    EffectIndicator,
    FocusArea,
    LocalFocusArea,
    Measure,
    Place,
    Section,
    Signatory,
    Source,
)
from .base import ViewOnlyPartAdmin


@admin.register(FocusArea)
class FocusAreaAdmin(NationalAdminOnly):
    """An area in use by a frozen document is not deleted but deactivated; the rule and the
    history of the löften that lose an area are `FocusArea.delete()`'s. Here the refusal is said
    before the confirmation page, instead of after it."""

    list_display = ["name", "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["delete_selected"]

    def delete_view(self, request, object_id, extra_context=None):
        area = self.get_object(request, unquote(object_id))
        refusal = area.deletion_refusal() if area is not None else None
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            return redirect("admin:loften_focusarea_change", area.pk)
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as refused:  # a document was signed in between
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return redirect("admin:loften_focusarea_change", area.pk)

    @admin.action(
        permissions=["delete"], description=gettext_lazy("Radera markerade %(verbose_name_plural)s")
    )
    def delete_selected(self, request, queryset):
        refusals = [refusal for area in queryset if (refusal := area.deletion_refusal())]
        for refusal in refusals:
            self.message_user(request, refusal, messages.ERROR)
        if refusals:
            return None
        try:
            return django_delete_selected(self, request, queryset)
        except ValidationError as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return None

    def delete_model(self, request, obj):
        obj.delete(user=request.user)

    def delete_queryset(self, request, queryset):
        for area in queryset:
            area.delete(user=request.user)


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


class DocumentRowsFormSet(forms.BaseInlineFormSet):
    """Choices of a document's own rows (its groups, parties and focus areas) limited to that
    document: the formset knows its document (`self.instance`), the form alone does not. A new
    document has none yet: save them first, then add the löften."""

    #: field name -> the related name of the document's rows offered in it
    own_rows = {
        "group": "commitment_groups",
        "parties": "parties",
        "local_focus_areas": "local_focus_areas",
        "commitment": "commitments",
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, related in self.own_rows.items():
            field = form.fields.get(name)
            if field is None:
                continue
            rows = getattr(self.instance, related).all() if self.instance.pk else None
            field.queryset = rows if rows is not None else field.queryset.none()


class NationalFocusAreasForm(forms.ModelForm):
    """Only active national focus areas can be chosen; one the row already has stays offered
    (and checked) after being deactivated, so that saving does not drop it unnoticed."""

    national_field = "focus_areas"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.national_field)
        if field is not None:
            field.queryset = FocusArea.objects.offered_for(self.instance, self.national_field)


class CommitmentForm(NationalFocusAreasForm):
    class Meta:
        model = Commitment
        fields = [
            "group",
            "order",
            "text",
            "parties",
            "local_focus_areas",
            "focus_areas",
            "rate_target",
            "rate_per",
            "rate_counted",
            "starts_on",
            "ends_on",
        ]


class LocalFocusAreaForm(NationalFocusAreasForm):
    national_field = "national_focus_areas"

    class Meta:
        model = LocalFocusArea
        fields = ["name", "order", "description", "national_focus_areas"]


class CheckboxesInline:
    """Short lists as checkboxes: they work for everyone, keyboard included."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class DocumentPartyInline(PromisePartInline, admin.TabularInline):
    model = DocumentParty
    extra = 0
    fields = ["kind", "municipality", "police_area", "name", "order"]


class SectionInline(PromisePartInline, admin.StackedInline):
    model = Section
    extra = 0
    fields = [("kind", "order"), "heading", "body"]


class LocalFocusAreaInline(CheckboxesInline, PromisePartInline, admin.StackedInline):
    model = LocalFocusArea
    form = LocalFocusAreaForm
    extra = 0
    fields = [("name", "order"), "description", "national_focus_areas"]


class CommitmentGroupInline(PromisePartInline, admin.TabularInline):
    model = CommitmentGroup
    extra = 0
    fields = ["lead_in", "order"]


class CommitmentInline(CheckboxesInline, PromisePartInline, admin.StackedInline):
    model = Commitment
    form = CommitmentForm
    formset = DocumentRowsFormSet
    extra = 0
    fields = [
        ("group", "order"),
        "text",
        "parties",
        "local_focus_areas",
        "focus_areas",
        ("rate_target", "rate_per", "rate_counted"),
        ("starts_on", "ends_on"),
    ]


class MeasureInline(PromisePartInline, admin.TabularInline):
    """A löfte's mått: what is counted in each follow-up, with an optional target."""

    model = Measure
    formset = DocumentRowsFormSet
    extra = 0
    fields = ["commitment", "name", "unit", "target", "order"]


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
    fields = ["name", "title", "organisation", "order"]


class AttachmentInline(PromisePartInline, admin.TabularInline):
    """Upload a bilaga; what the file is (type, size, hash) is read from its content
    (`loften.attachments`), and the link downloads it through the staff view."""

    model = Attachment
    extra = 0
    fields = ["title", "file", "file_kind", "file_size", "order"]
    readonly_fields = ["file_kind", "file_size"]

    @admin.display(description=gettext_lazy("filtyp"))
    def file_kind(self, obj):
        return obj.kind_label if obj.pk else "–"

    @admin.display(description=gettext_lazy("storlek"))
    def file_size(self, obj):
        return obj.size_label if obj.pk else "–"


class EffectIndicatorInline(PromisePartInline, admin.StackedInline):
    """The indicators the document names; their values are added after signing
    (`followup.admin.indicators`)."""

    model = EffectIndicator
    extra = 0
    fields = [
        ("name", "order"),
        ("unit", "direction"),
        ("source", "source_description"),
        ("baseline_value", "baseline_year", "target_value"),
    ]


# --- Read-only lists of the parts ----------------------------------------------------------------


class PartAdmin(ViewOnlyPartAdmin):
    promise_path = "promise"

    @admin.display(description=gettext_lazy("medborgarlöfte"))
    def promise_link(self, obj):
        url = reverse("admin:loften_citizenpromise_change", args=[obj.promise_id])
        return format_html('<a href="{}">{}</a>', url, obj.promise)


@admin.register(Commitment)
class CommitmentAdmin(PartAdmin):
    list_display = ["__str__", "group", "promise_link", "rate_target", "rate_per", "rate_counted"]
    list_filter = ["focus_areas"]
    search_fields = ["text", "promise__title", "promise__municipality__name"]


@admin.register(Measure)
class MeasureAdmin(PartAdmin):
    list_display = ["name", "unit", "target", "commitment", "promise_link"]
    search_fields = ["name", "promise__title"]


@admin.register(DocumentParty)
class DocumentPartyAdmin(PartAdmin):
    list_display = ["__str__", "kind", "promise_link", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "promise__title"]


@admin.register(Section)
class SectionAdmin(PartAdmin):
    list_display = ["__str__", "kind", "promise_link", "order"]
    list_filter = ["kind"]
    search_fields = ["heading", "body", "promise__title"]


@admin.register(LocalFocusArea)
class LocalFocusAreaAdmin(PartAdmin):
    list_display = ["name", "promise_link", "order"]
    list_filter = ["national_focus_areas"]
    search_fields = ["name", "promise__title"]


@admin.register(CommitmentGroup)
class CommitmentGroupAdmin(PartAdmin):
    list_display = ["__str__", "promise_link", "order"]
    search_fields = ["lead_in", "promise__title"]


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
    list_display = ["name", "title", "organisation", "promise_link"]
    search_fields = ["name", "title", "organisation", "promise__title"]


@admin.register(Attachment)
class AttachmentAdmin(PartAdmin):
    list_display = ["title", "file_kind", "file_size", "promise_link"]
    search_fields = ["title", "sha256", "promise__title"]
    file_kind = AttachmentInline.file_kind
    file_size = AttachmentInline.file_size


@admin.register(Approval)
class ApprovalAdmin(PartAdmin):
    """Approvals are given and withdrawn on their document's page (`.approvals`); here they are
    listed, withdrawn ones included, with their history."""

    list_display = [
        "promise_link",
        "party",
        "approver_name",
        "approved_at",
        "withdrawn_at",
        "withdrawal_reason",
    ]
    list_filter = ["party", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["promise__title", "approver_name"]


@admin.register(EffectIndicator)
class EffectIndicatorAdmin(PartAdmin):
    list_display = ["name", "promise_link", "source", "baseline_value", "target_value"]
    list_filter = ["source"]
    search_fields = ["name", "promise__title"]
