"""Writes to follow-ups (uppföljningar): saving with optimistic locking, publishing, deleting.

Same conventions as `loften.services`: keyword-only, permission checked through
`municipalities.permissions`, the row locked with `select_for_update()` in
`transaction.atomic()`, `full_clean()`, and a Swedish `ValidationError` a person can act on.
A published follow-up stays editable (corrections are kept in its history) but is never deleted.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loften.models import CitizenPromise
from municipalities import permissions

from .models import FollowUp

#: Fields only the services write; an edit never changes them.
LIFECYCLE_FIELDS = ("state", "published_at", "published_by")


def _require_edit(user, promise):
    if not permissions.can_edit(user, promise):
        raise PermissionDenied(
            _(
                "Du får inte ändra uppföljningar av ”%(title)s”: din organisation är inte part "
                "i det."
            )
            % {"title": promise.title}
        )


def _lock(followup):
    return FollowUp.objects.select_for_update().select_related("promise").get(pk=followup.pk)


def conflict_message(current):
    last = current.history.select_related("history_user").first()
    who = ""
    if last is not None and last.history_user is not None:
        who = _(" (senast sparat av %(user)s %(time)s)") % {
            "user": last.history_user.get_full_name() or last.history_user.get_username(),
            "time": timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M"),
        }
    return _(
        "Någon annan har sparat ändringar i uppföljningen ”%(followup)s” sedan du öppnade "
        "sidan%(who)s. Dina ändringar har inte sparats, så att deras ändringar inte skrivs över. "
        "Kopiera det du skrev, öppna sidan på nytt för att se den senaste versionen och gör om "
        "dina ändringar där."
    ) % {"followup": current, "who": who}


def followup_lock_for_edit(*, followup, lock_version, user=None):
    """Lock the stored follow-up and check that an edit based on `lock_version` may be saved.
    Call inside `transaction.atomic()`; the admin's form calls it from `clean()`."""
    current = _lock(followup)
    if user is not None:
        _require_edit(user, current.promise)
    if lock_version is not None and current.lock_version != lock_version:
        raise ValidationError(conflict_message(current), code="conflict")
    return current


def followup_save(*, followup, user):
    """Create a draft follow-up or save changes; `followup.lock_version` is the version the
    changes were based on. A follow-up stays with the document it was created for."""
    with transaction.atomic():
        if followup._state.adding:
            promise = CitizenPromise.objects.get(pk=followup.promise_id)
            _require_edit(user, promise)
            followup.state = FollowUp.State.DRAFT
            followup.published_at = None
            followup.published_by = None
            followup.lock_version = 0
        else:
            current = followup_lock_for_edit(
                followup=followup, lock_version=followup.lock_version, user=user
            )
            if current.promise_id != followup.promise_id:
                raise ValidationError(
                    {"promise": _("En uppföljning kan inte flyttas till ett annat medborgarlöfte.")}
                )
            for name in LIFECYCLE_FIELDS:
                field = FollowUp._meta.get_field(name)
                setattr(followup, field.attname, getattr(current, field.attname))
            followup.lock_version = current.lock_version + 1
        followup.full_clean()
        followup._history_user = user
        followup.save()
    return followup


def followup_publish(*, followup, user):
    """utkast → publicerad: citizens see the follow-up on the document's page."""
    with transaction.atomic():
        current = _lock(followup)
        _require_edit(user, current.promise)
        if current.state == FollowUp.State.PUBLISHED:
            raise ValidationError(
                _("Uppföljningen ”%(followup)s” är redan publicerad.") % {"followup": current},
                code="state",
            )
        if current.promise.state != CitizenPromise.State.PUBLISHED:
            raise ValidationError(
                _(
                    "Medborgarlöftet ”%(title)s” är %(state)s. Uppföljningar publiceras bara för "
                    "publicerade medborgarlöften."
                )
                % {"title": current.promise.title, "state": current.promise.get_state_display()},
                code="state",
            )
        current.state = FollowUp.State.PUBLISHED
        current.published_at = timezone.now()
        current.published_by = user
        current.lock_version += 1
        current.full_clean()
        current._history_user = user
        current._change_reason = _("Publicerad")
        current.save()
    if followup is not current:
        followup.refresh_from_db()
    return current


def followup_delete(*, followup, user):
    """Delete a draft follow-up; published ones are never deleted."""
    with transaction.atomic():
        current = _lock(followup)
        _require_edit(user, current.promise)
        if current.state == FollowUp.State.PUBLISHED:
            raise ValidationError(
                _(
                    "Uppföljningen ”%(followup)s” är publicerad och raderas aldrig. Rätta den i "
                    "stället; ändringarna sparas i historiken."
                )
                % {"followup": current},
                code="published",
            )
        current._history_user = user
        current.delete()
