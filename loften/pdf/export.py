"""Who may export which PDF, and the export itself: the functions the admin calls.

`can_export` is the one place that decides; the permissions work replaces its body without
touching the callers (the staff export view and the admin's "Exportera undertecknad PDF").
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from municipalities import permissions

from .. import lifecycle
from .store import promise_pdf


def is_exportable(promise):
    """A draft can still change; only a signed (frozen) document is exported as the official
    PDF (`lifecycle.EXPORTABLE_STATES`)."""
    return promise.state in lifecycle.EXPORTABLE_STATES


def can_export(user, promise):
    """May `user` export the signed PDF of `promise`? Members of the document's municipality or
    police area in any role (and national administrators), once the document is signed."""
    return is_exportable(promise) and permissions.can_view(user, promise)


def export_promise_pdf(*, promise, user):
    """The stored PDF of `promise` for `user`, rendered and signed on first use.

    Raises ValidationError for a draft (with a message to show) and PermissionDenied when the
    user may not export this document.
    """
    if not is_exportable(promise):
        raise ValidationError(
            _(
                "”%(title)s” är ett utkast. Ett medborgarlöfte kan exporteras som undertecknad "
                "PDF först när alla har undertecknat det."
            )
            % {"title": promise.title}
        )
    if not can_export(user, promise):
        raise PermissionDenied(_("Du får inte exportera det här medborgarlöftet."))
    return promise_pdf(promise)
