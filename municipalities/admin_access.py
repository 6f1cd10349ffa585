"""The admin's side of `municipalities.permissions` for reference data, and the history rule every
admin of the portal follows.

* `NationalAdminOnly`: reference data, memberships: national administrators only.
* `ReadOnlyHistoryMixin`: history pages show, never revert, and name each change's author as the
  history row recorded them (`municipalities.history`).

The admins of a medborgarlöfte's rows build on these in `loften.admin.base`.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from . import permissions


class ReadOnlyHistoryMixin:
    """A history version page is for reading. simple-history saves a POST to it as a "revert"
    through the model form, which would bypass the life-cycle services."""

    # The author's username and organisations as text, kept even if the user row were gone.
    object_history_list_template = "admin/history_list.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class NationalAdminOnly(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    def has_module_permission(self, request):
        return permissions.is_national_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_national_admin(request.user)

    def has_add_permission(self, request):
        return permissions.is_national_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_national_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_national_admin(request.user)
