"""The admin's side of `municipalities.permissions` for reference data, and the history rule every
admin of the portal follows.

* `NationalAdminOnly`: reference data: national administrators only.
* `PeopleAdmin`: invitations, memberships and users: national administrators all of them, an
  organisation's administrators those of their organisations (403 for the model to everyone
  else, 404 for another organisation's row).
* `ReadOnlyHistoryMixin`: history pages show, never revert, and name each change's author as the
  history row recorded them (`municipalities.history`).

The admins of a medborgarlöfte's rows build on these in `loften.admin.base`.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
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


class PeopleAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """The people of organisations. `scope_q(user)` filters the rows `user` may see
    (`permissions.people_q` for rows with an organisation, `permissions.users_q` for users).
    Adding, changing and deleting are for national administrators unless a subclass allows
    more."""

    def scope_q(self, user):
        return permissions.people_q(user)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(self.scope_q(request.user))

    def in_scope(self, request, obj):
        return permissions.is_national_admin(request.user) or (
            self.get_queryset(request).filter(pk=obj.pk).exists()
        )

    def has_module_permission(self, request):
        return permissions.manages_people(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.manages_people(request.user)
        return self.in_scope(request, obj)

    def has_add_permission(self, request):
        return permissions.is_national_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_national_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_national_admin(request.user)

    def get_object(self, request, object_id, from_field=None):
        """403 for someone who may not use this part of the admin; 404, as for a missing row,
        for another organisation's row (Django's admin would redirect instead)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(
                _("Det finns ingen sådan %(name)s som du har tillgång till.")
                % {"name": self.opts.verbose_name}
            )
        return obj

    def history_view(self, request, object_id, extra_context=None):
        if not permissions.is_national_admin(request.user):
            self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not permissions.is_national_admin(request.user):
            self.get_object(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)
