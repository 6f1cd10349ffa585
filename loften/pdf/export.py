"""Who may export which PDF, and the export itself: the functions the admin calls.

`can_export` is the one place that decides: a member of the document's organisation (the rule of
`municipalities.permissions.can_view`), once the document is signed (`is_exportable`).
`export_promise_pdf` checks those two parts one at a time, who first: the draft message names the
document, so only someone who may see it gets that far. The staff view goes further and answers a
document the user may not see as a missing one (404, `loften/pdf/views.py`).
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

    Raises PermissionDenied when the user may not see the document, and only then
    ValidationError for a draft (with a message to show, which names the document).
    """
    # Before the draft check: its message would show another organisation's title.
    if not permissions.can_view(user, promise):
        raise PermissionDenied(_("Du får inte exportera det här medborgarlöftet."))
    if not is_exportable(promise):
        raise ValidationError(
            _(
                "”%(title)s” är ett utkast. Ett medborgarlöfte kan exporteras som undertecknad "
                "PDF först när alla har undertecknat det."
            )
            % {"title": promise.title}
        )
    return promise_pdf(promise)
