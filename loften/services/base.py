"""What every service of a medborgarlöfte starts with: the document's row locked, the user's
right to change it, and for a step the life-cycle table's permission (`loften.lifecycle`)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from municipalities import permissions

from .. import lifecycle
from ..models import CitizenPromise

#: The models of the rows that make up a document's content besides its own fields.
PART_MODELS = tuple(
    CitizenPromise._meta.get_field(name).related_model for name in lifecycle.CONTENT_PARTS
)


def require_edit(user: AbstractBaseUser, promise: CitizenPromise) -> None:
    if not permissions.can_edit(user, promise):
        raise PermissionDenied(
            _("Du får inte ändra ”%(title)s”: din organisation är inte part i det.")
            % {"title": promise.title}
        )


def lock(promise_or_pk: CitizenPromise | int) -> CitizenPromise:
    """The document's row, locked for the rest of the transaction."""
    pk = getattr(promise_or_pk, "pk", promise_or_pk)
    return CitizenPromise.objects.select_for_update().get(pk=pk)


def begin_step(
    step: str, promise: CitizenPromise | int, user: AbstractBaseUser, refusals: dict
) -> CitizenPromise:
    """Lock the document and check that `user` may take `step` and that the life-cycle table
    allows it from the stored state. `refusals` says why not: a message per state, and under
    None the message for any other state."""
    current = lock(promise)
    require_edit(user, current)
    if not lifecycle.allows(step, current.state):
        message = refusals.get(current.state, refusals[None])
        raise ValidationError(
            message % {"title": current.title, "state": current.get_state_display()},
            code="state",
        )
    return current


def refresh(promise: CitizenPromise, current: CitizenPromise) -> None:
    """Let the caller's object show what was stored."""
    if promise is not current and isinstance(promise, CitizenPromise):
        promise.refresh_from_db()
