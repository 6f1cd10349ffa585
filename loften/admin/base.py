"""What every admin of a medborgarlöfte's rows shares: who may see and change them (the
organisation rules of `municipalities.permissions`, turned into ModelAdmin permissions so that
members need no Django model permissions assigned by hand), writes that go through services, and
the confirmation page of a step (sign, publish, withdraw, new version, publish a follow-up).

* `OrganisationScopedAdmin`: a medborgarlöfte and the rows that belong to it: members of a party
  see them (reviewers read only), everyone else gets 403 for the model and 404 for an object.
* `ViewOnlyPartAdmin`: the read-only lists of parts that are edited inside their document.
* `LockedEditForm`: the optimistic-locking check of a change form, beside what was written.
* `ServiceWritesMixin`: the service decides about deleting; frozen rows are never deleted.
* `ConfirmStep` and `ConfirmStepMixin.confirm_step_view`: one view for every confirmation page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from municipalities import permissions
from municipalities.admin_access import ReadOnlyHistoryMixin

# --- Who may see and change what -----------------------------------------------------------------


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
            # The changelist applies `list_select_related` only to a queryset that selects no
            # related rows yet, so it is joined here together with the document.
            related = self.list_select_related
            extra = list(related) if isinstance(related, (list, tuple)) else []
            queryset = queryset.select_related(self.promise_path, *extra)
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


# --- Writes through services ---------------------------------------------------------------------


class LockedEditForm(forms.ModelForm):
    """A change form that checks, inside the admin's transaction and with the row locked, that
    the edit may be saved (see `loften.locking`): `lock_for_edit(lock_version)` calls the
    service's check, which refuses an edit by someone who may not make it, of a frozen row, or
    based on a version someone else has saved over. `check_before_lock` is for the form's own
    rules."""

    request_user = None  # set per request by ServiceWritesMixin.get_form
    incomplete_message = None  # what to say when the hidden version is missing

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def check_before_lock(self, cleaned_data):
        pass

    def lock_for_edit(self, lock_version):
        raise NotImplementedError

    def clean(self):
        cleaned_data = super().clean()
        self.check_before_lock(cleaned_data)
        if self.instance.pk is not None:
            lock_version = cleaned_data.get("lock_version")
            if lock_version is None:
                raise ValidationError(self.incomplete_message)
            self.lock_for_edit(lock_version)
        return cleaned_data


class ServiceWritesMixin:
    """An admin whose writes go through services that check the rules again inside their
    transaction. Subclasses say which rows are frozen (`is_frozen`), what to tell when a frozen
    row is chosen for deletion (`frozen_delete_message`), and which related rows go with a
    deleted row (`deleted_with`: models whose own admin being read-only is no reason to refuse).
    """

    deleted_with = ()

    def is_frozen(self, obj):
        raise NotImplementedError

    def frozen_delete_message(self, frozen):
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The form checks, with the row locked, who saves: it needs the user.
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (
            obj is not None and self.is_frozen(obj)
        )

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        parts = {str(model._meta.verbose_name) for model in self.deleted_with}
        return deleted, counts, {name for name in perms_needed if name not in parts}, protected

    def delete_selected(self, request, queryset):
        frozen = [obj for obj in queryset if self.is_frozen(obj)]
        if frozen:
            self.message_user(request, self.frozen_delete_message(frozen), messages.ERROR)
            return None
        return django_delete_selected(self, request, queryset)


# --- Confirmation pages --------------------------------------------------------------------------


def _no_arguments(cleaned_data):
    return {}


def _no_problems(obj):
    return []


def _its_state(obj):
    return ""


@dataclass(frozen=True)
class ConfirmStep:
    """One confirmation page: what it says, what it runs and what it tells afterwards.

    `run(obj, user, **arguments)` calls the service and returns the object to go to; `done`
    turns it into the success message; `available(obj)` says whether the step can be taken in
    the object's state, and `why_not(obj)` why not when that is more than the state (empty:
    the page names the state); `problems(obj)` lists what has to be done first.
    `for_user(obj, user)`, for a step taken on behalf of the user's organisation, returns the
    step as that user takes it (its explanation naming the organisation) or raises
    PermissionDenied."""

    title: str
    explanation: str
    button: str
    run: Callable
    done: Callable
    available: Callable
    problems: Callable = _no_problems
    why_not: Callable = _its_state
    form: type = forms.Form
    arguments: Callable = field(default=_no_arguments)
    for_user: Callable | None = None


class ConfirmStepMixin:
    def confirm_step_view(self, request, obj, step):
        """Show the step, and on POST run it: a refusal is shown on the page, success goes to
        the resulting object's change page with `step.done`."""
        if not self.may_take_steps(request, obj):
            raise PermissionDenied
        if step.for_user is not None:
            step = step.for_user(obj, request.user)
        form = step.form(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                result = step.run(obj, request.user, **step.arguments(form.cleaned_data))
            except ValidationError as error:
                if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
                    form.add_error(None, error)
                else:
                    form.add_error(None, ValidationError(error.messages))
                obj.refresh_from_db()
            else:
                self.message_user(request, step.done(result), messages.SUCCESS)
                return redirect(reverse(admin_urlname(result._meta, "change"), args=[result.pk]))
        available = step.available(obj)
        context = {
            **self.admin_site.each_context(request),
            "title": step.title,
            "subtitle": str(obj),
            "opts": self.opts,
            "original": obj,
            "step": step,
            "form": form,
            "problems": step.problems(obj) if available else [],
            "available": available,
            "why_not": "" if available else step.why_not(obj),
            "change_url": reverse(admin_urlname(self.opts, "change"), args=[obj.pk]),
            "media": self.media + form.media,
            "errors": helpers.AdminErrorList(form, []),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/transition_confirm.html", context)

    def may_take_steps(self, request, obj):
        """Whether the user may open the object's steps (an admin of read-only rows with steps
        of their own says so itself)."""
        return self.has_change_permission(request, obj)

    def step_url(self, name, obj):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[obj.pk])
