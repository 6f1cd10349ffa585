from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import CitizenPromise, Commitment, FocusArea, Place, Signatory, Source


@admin.register(FocusArea)
class FocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0
    fields = [("party", "order"), "text", "focus_areas", ("target_number", "target_unit")]
    autocomplete_fields = ["focus_areas"]


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["kind", "description", "order"]


class PlaceInline(admin.TabularInline):
    model = Place
    extra = 0
    fields = ["name", "description", "latitude", "longitude", "order"]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["name", "title", "side", "signed_on", "order"]


@admin.register(CitizenPromise)
class CitizenPromiseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality", "police_area", "valid_from", "valid_until", "state"]
    list_filter = [
        "state",
        "municipality__county__police_region",
        "municipality__county",
        ("valid_from", admin.DateFieldListFilter),
    ]
    list_select_related = ["municipality", "police_area"]
    search_fields = ["title", "municipality__name", "municipality__code", "police_area__name"]
    autocomplete_fields = ["municipality", "police_area", "replaces"]
    date_hierarchy = "valid_from"
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = ["signed_at", "published_at", "withdrawn_at", "created_at", "updated_at"]
    inlines = [SourceInline, PlaceInline, CommitmentInline, SignatoryInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", ("municipality", "police_area"), ("valid_from", "valid_until")]},
        ),
        (_("Lägesbild"), {"fields": ["situation"]}),
        (_("Effekter och uppföljning"), {"fields": ["effects", "followup_plan"]}),
        (
            _("Livscykel"),
            {
                "fields": [
                    "state",
                    "replaces",
                    "withdrawal_reason",
                    ("signed_at", "published_at", "withdrawn_at"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "party", "promise", "target_number", "target_unit"]
    list_filter = ["party", "focus_areas"]
    list_select_related = ["promise"]
    search_fields = ["text", "promise__title", "promise__municipality__name"]
    autocomplete_fields = ["promise", "focus_areas"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "promise", "order"]
    list_filter = ["kind"]
    list_select_related = ["promise"]
    search_fields = ["description", "promise__title"]
    autocomplete_fields = ["promise"]


@admin.register(Place)
class PlaceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "promise", "latitude", "longitude"]
    list_select_related = ["promise"]
    search_fields = ["name", "promise__title", "promise__municipality__name"]
    autocomplete_fields = ["promise"]


@admin.register(Signatory)
class SignatoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "side", "signed_on", "promise"]
    list_filter = ["side"]
    list_select_related = ["promise"]
    search_fields = ["name", "title", "promise__title"]
    autocomplete_fields = ["promise"]
