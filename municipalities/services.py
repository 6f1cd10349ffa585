"""Writes to user accounts. A user is deactivated, never deleted (see `municipalities.history`)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import permissions


def user_deactivate(*, user, user_ids) -> int:
    """Deactivate the users `user_ids` on behalf of `user`, a national administrator; return how
    many were active before.

    A deactivated user can no longer sign in, and an open session ends at the next request
    (Django's authentication backend refuses inactive users). Their memberships stay, for the
    record and in case the account is activated again, but give no access: `permissions.access`
    grants nothing to an inactive user. Each change is recorded in the user's history with who
    deactivated them."""
    if not permissions.is_national_admin(user):
        raise ValidationError(_("Bara en nationell administratör kan inaktivera användare."))
    if user.pk in set(user_ids):
        raise ValidationError(
            _(
                "Du kan inte inaktivera ditt eget konto. Be en annan nationell administratör "
                "att göra det."
            )
        )
    with transaction.atomic():
        targets = list(
            get_user_model()
            .objects.select_for_update()
            .filter(pk__in=user_ids, is_active=True)
            .order_by("pk")
        )
        for target in targets:
            target.is_active = False
            target.full_clean()
            target._history_user = user
            target._change_reason = _("Inaktiverad")
            target.save(update_fields=["is_active"])
    return len(targets)
