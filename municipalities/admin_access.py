"""The admin's side of `municipalities.permissions`: base classes that turn the organisation rules
into ModelAdmin permissions, so members need no Django model permissions assigned by hand.

* `NationalAdminOnly`: reference data, memberships: national administrators only.
* `OrganisationScopedAdmin`: a medborgarlöfte and the rows that belong to it: members of a party
  see them (reviewers read only), everyone else gets 403 for the model and 404 for an object.
* `ReadOnlyHistoryMixin`: history pages show, never revert, and obey the same rules (simple
  history's views do not call `get_queryset`; these overrides do).
"""

from functools import reduce

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from . import permissions


class ReadOnlyHistoryMixin:
    """A history version page is for reading. simple-history saves a POST to it as a "revert"
    through the model form, which would bypass the life-cycle services."""

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


class OrganisationScopedAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """Rows of a medborgarlöfte, reached from the row through `promise_path` ("" for the document
    itself, "promise" for its parts and follow-ups, "followup__promise" for statuses)."""

    promise_path = ""

    @property
    def _prefix(self):
        return f"{self.promise_path}__" if self.promise_path else ""

    def promise_of(self, obj):
        if not self.promise_path:
            return obj
        return reduce(getattr, self.promise_path.split("__"), obj)

    def get_queryset(self, request):
        queryset = (
            super().get_queryset(request).filter(permissions.visible_q(request.user, self._prefix))
        )
        if self.promise_path:
            queryset = queryset.select_related(self.promise_path)
        return queryset

    def has_module_permission(self, request):
        return permissions.is_member(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.is_member(request.user)
        return permissions.can_view(request.user, self.promise_of(obj))

    def has_add_permission(self, request):
        return permissions.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.is_editor(request.user)
        return permissions.can_edit(request.user, self.promise_of(obj))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_object(self, request, object_id, from_field=None):
        """403 for someone who may not use this part of the admin at all; 404, the same as for
        a row that does not exist, for a row of another organisation. (Django's admin would
        redirect to the start page instead.)"""
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
        # A national administrator may also read the history of a deleted row (simple-history
        # falls back to it); everyone else only that of a row they can see now.
        if not permissions.is_national_admin(request.user):
            self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not permissions.is_national_admin(request.user):
            self.get_object(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)


class ViewOnlyPartAdmin(OrganisationScopedAdmin):
    """Löften, underlag, platser, undertecknare and statuses are edited inside their document
    or follow-up, where the freeze rule and the conflict check apply once; their own lists are
    for finding and reading."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
