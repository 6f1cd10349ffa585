"""Optimistic locking, once for every model that people edit in a form: a medborgarlöfte and a
follow-up.

An edit carries the `lock_version` it was based on (what the person saw). Before it is saved,
the stored row is locked (`select_for_update()`) and its version compared; if someone else saved
in between, the edit is refused with a message that names who saved last, so the first person's
work survives. Every save, and every change to the rows that belong to the object, counts the
version up (`bump`).
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    lock_version = models.PositiveIntegerField(
        _("ändringsnummer"),
        default=0,
        help_text=_(
            "Räknas upp vid varje sparning, så att den som sparar sist inte skriver över "
            "någon annans ändringar utan att veta om det."
        ),
    )

    class Meta:
        abstract = True


def last_saved_by(obj: models.Model) -> str:
    """ " (senast sparat av … …)" from the object's history, or "" when nobody is recorded;
    said in every conflict message so the official knows whom to talk to."""
    last = obj.history.select_related("history_user").first()
    if last is None or last.history_user is None:
        return ""
    return gettext(" (senast sparat av %(user)s %(time)s)") % {
        "user": last.history_user.get_full_name() or last.history_user.get_username(),
        "time": timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M"),
    }


def lock_and_check(
    queryset: models.QuerySet,
    pk: int,
    *,
    lock_version: int | None,
    checks: Iterable[Callable] = (),
    conflict_message: Callable[[models.Model], str],
) -> models.Model:
    """Lock the stored row `pk` of `queryset` for the rest of the transaction, run `checks` on it
    (each raises to refuse: permission, freeze), and refuse an edit based on another version
    than the stored one with `conflict_message(current)`. `lock_version=None` skips the version
    check (for a save that already made it). Returns the locked row."""
    current = queryset.select_for_update().get(pk=pk)
    for check in checks:
        check(current)
    if lock_version is not None and current.lock_version != lock_version:
        raise ValidationError(conflict_message(current), code="conflict")
    return current


def save_edit(
    obj: VersionedModel, current: VersionedModel, *, keep: Iterable[str], user
) -> VersionedModel:
    """Save `obj`, an edit of the stored row `current` (locked by `lock_and_check`): the fields
    in `keep` stay as stored (only services write them), the version counts up, the model's
    rules are checked and the user is recorded in the history."""
    for name in keep:
        attname = obj._meta.get_field(name).attname
        setattr(obj, attname, getattr(current, attname))
    obj.lock_version = current.lock_version + 1
    obj.full_clean()
    obj._history_user = user
    obj.save()
    return obj


def bump(obj: VersionedModel) -> int:
    """Count the stored version of `obj` up by one without saving anything else (a change to the
    rows that belong to it is a change to it), refresh `auto_now` fields such as `updated_at`,
    and return the new version."""
    updates = {"lock_version": F("lock_version") + 1}
    for field in obj._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            updates[field.name] = timezone.now()
    manager = type(obj)._default_manager
    manager.filter(pk=obj.pk).update(**updates)
    return manager.values_list("lock_version", flat=True).get(pk=obj.pk)
