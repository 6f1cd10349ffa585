from django.contrib import admin
from django.urls import resolve
from simple_history.admin import SimpleHistoryAdmin

from loften.models import Commitment

from .models import CommitmentStatus, FollowUp


class CommitmentStatusInline(admin.TabularInline):
    model = CommitmentStatus
    extra = 0
    fields = ["commitment", "status", "reason", "comment", "achieved_number"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the commitments of the follow-up's own medborgarlöfte.
        if db_field.name == "commitment":
            followup_id = resolve(request.path_info).kwargs.get("object_id")
            queryset = Commitment.objects.select_related("promise")
            if followup_id:
                queryset = queryset.filter(promise__followups__pk=followup_id)
            else:
                queryset = queryset.none()
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["promise", "year", "half", "state", "published_at"]
    list_filter = ["state", "year", "half", "promise__municipality__county"]
    list_select_related = ["promise"]
    search_fields = ["promise__title", "promise__municipality__name", "summary"]
    autocomplete_fields = ["promise"]
    readonly_fields = ["published_at", "published_by"]
    inlines = [CommitmentStatusInline]


@admin.register(CommitmentStatus)
class CommitmentStatusAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "followup", "status", "achieved_number"]
    list_filter = ["status"]
    list_select_related = ["commitment", "followup__promise"]
    search_fields = ["commitment__text", "reason", "comment", "followup__promise__title"]
    autocomplete_fields = ["followup", "commitment"]
