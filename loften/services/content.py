"""Writes to a medborgarlöfte's content: the document's own fields and its parts (löften,
underlag, platser, undertecknare, bilagor), each only while it is a draft; see the package
docstring."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from municipalities import permissions

from .. import lifecycle
from ..locking import bump, last_saved_by, lock_and_check, save_edit
from ..models import CitizenPromise, CommitmentGroup, FocusArea
from .approvals import withdraw_outdated_approvals
from .base import PART_MODELS, lock, require_edit

# --- Checks shared by the services and the admin's forms -----------------------------------------


def frozen_message(promise: CitizenPromise) -> str:
    return _(
        "”%(title)s” är %(state)s och innehållet är låst: lägesbild, löften, underlag, platser, "
        "undertecknare, bilagor och giltighetstid kan inte längre ändras. Skapa en ny version med "
        "knappen ”Skapa ny version” och gör ändringarna där; den nya versionen ersätter den "
        "här när den publiceras."
    ) % {"title": promise.title, "state": promise.get_state_display()}


def check_content_editable(promise: CitizenPromise) -> None:
    """The freeze rule: only a draft's content may change."""
    if promise.is_frozen:
        raise ValidationError(frozen_message(promise), code="frozen")


def conflict_message(current: CitizenPromise) -> str:
    return _(
        "Någon annan har sparat ändringar i ”%(title)s” sedan du öppnade sidan%(who)s. Dina "
        "ändringar har inte sparats, så att deras ändringar inte skrivs över. Kopiera det du "
        "skrev, öppna sidan på nytt för att se den senaste versionen och gör om dina ändringar "
        "där."
    ) % {"title": current.title, "who": last_saved_by(current)}


def citizen_promise_lock_for_edit(
    *,
    promise: CitizenPromise | int,
    lock_version: int | None,
    user: AbstractBaseUser | None = None,
) -> CitizenPromise:
    """Lock the stored document and check that an edit based on `lock_version` may be saved now:
    the user may edit it, it is still a draft, and nobody saved it in between. Returns the
    locked row. Call it inside `transaction.atomic()`; the admin's form calls it from `clean()`
    so that the person sees the refusal next to what they wrote."""
    checks = [check_content_editable]
    if user is not None:
        checks.insert(0, lambda current: require_edit(user, current))
    return lock_and_check(
        CitizenPromise.objects,
        getattr(promise, "pk", promise),
        lock_version=lock_version,
        checks=checks,
        conflict_message=conflict_message,
    )


# --- Content -------------------------------------------------------------------------------------


def citizen_promise_save(*, promise: CitizenPromise, user: AbstractBaseUser) -> CitizenPromise:
    """Create a draft, or save changes to a draft's own fields.

    `promise.lock_version` must be the version the changes were based on (what the person saw).
    Life-cycle fields are never taken from the caller: a new document is always a draft."""
    if not permissions.can_edit(user, promise):
        raise PermissionDenied(
            _(
                "Du kan bara skriva medborgarlöften där din kommun eller ditt lokalpolisområde "
                "är part."
            )
        )
    with transaction.atomic():
        if not promise._state.adding:
            current = citizen_promise_lock_for_edit(
                promise=promise, lock_version=promise.lock_version, user=user
            )
            saved = save_edit(promise, current, keep=lifecycle.LIFECYCLE_FIELDS, user=user)
            withdraw_outdated_approvals(current, user)
            return saved
        for name in lifecycle.LIFECYCLE_FIELDS:
            field = CitizenPromise._meta.get_field(name)
            setattr(promise, field.attname, field.get_default())
        promise.lock_version = 0
        promise.full_clean()
        promise._history_user = user
        promise.save()
    return promise


def _lock_parent_for_part(part, user):
    if not isinstance(part, PART_MODELS):
        raise TypeError(f"{type(part).__name__} is not part of a medborgarlöfte")
    if part.pk is not None:
        stored_promise_id = (
            type(part).objects.filter(pk=part.pk).values_list("promise_id", flat=True).first()
        )
        if stored_promise_id is not None and stored_promise_id != part.promise_id:
            raise ValidationError(
                _("En rad kan inte flyttas till ett annat medborgarlöfte."), code="moved"
            )
    return citizen_promise_lock_for_edit(promise=part.promise_id, lock_version=None, user=user)


#: The links of a part that must stay inside its own document: field -> the document's rows.
OWN_ROWS = {
    "parties": "parties",
    "local_focus_areas": "local_focus_areas",
}


def _check_related(part: models.Model, name: str, chosen: list) -> None:
    """A link stays inside the document (its parties, its own focus areas), and a national
    focus area is offered only while active (one it already has may stay after deactivation)."""
    if name in OWN_ROWS:
        foreign = [str(row) for row in chosen if row.promise_id != part.promise_id]
        if foreign:
            raise ValidationError(
                {
                    name: _(
                        "”%(names)s” hör till ett annat medborgarlöfte och kan inte väljas här."
                    )
                    % {"names": "”, ”".join(foreign)}
                },
                code="other_document",
            )
        return
    field = part._meta.get_field(name)
    if field.related_model is not FocusArea:
        return
    offered = set(FocusArea.objects.offered_for(part, name).values_list("pk", flat=True))
    refused = [area.name for area in chosen if area.pk not in offered]
    if refused:
        raise ValidationError(
            {
                name: _(
                    "Fokusområdet ”%(names)s” används inte längre och kan inte väljas. Välj ett "
                    "aktivt fokusområde."
                )
                % {"names": "”, ”".join(refused)}
            },
            code="inactive",
        )


def citizen_promise_part_save(
    *,
    part: models.Model,
    user: AbstractBaseUser,
    focus_areas: Iterable | None = None,
    related: dict[str, Iterable] | None = None,
) -> models.Model:
    """Add or change one row of a draft's content (a part, section, group, focus area of its
    own, löfte, underlag, plats or undertecknare). `related` replaces the row's links that it
    names (a löfte's `parties`, `local_focus_areas`, `focus_areas`; a focus area's
    `national_focus_areas`); `focus_areas` is short for `related={"focus_areas": …}`."""
    related = dict(related or {})
    if focus_areas is not None:
        related["focus_areas"] = focus_areas
    with transaction.atomic():
        promise = _lock_parent_for_part(part, user)
        part.full_clean()
        part._history_user = user
        part.save()
        for name, rows in related.items():
            rows = list(rows)
            _check_related(part, name, rows)
            getattr(part, name).set(rows)
        bump(promise)
        withdraw_outdated_approvals(promise, user)
    return part


def _delete(obj, user, protected_message):
    """Delete `obj` as `user`; rows that follow-ups refer to (PROTECT) are refused with
    `protected_message`."""
    obj._history_user = user
    try:
        obj.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(protected_message, code="protected") from error


def citizen_promise_part_delete(*, part: models.Model, user: AbstractBaseUser) -> None:
    """Remove one row of a draft's content. A group that still has löften is refused: move or
    remove its löften first."""
    with transaction.atomic():
        promise = _lock_parent_for_part(part, user)
        _delete(
            part,
            user,
            (
                _(
                    "Gruppen ”%(part)s” har löften och kan inte tas bort. Flytta löftena till en "
                    "annan grupp eller ta bort dem först."
                )
                if isinstance(part, CommitmentGroup)
                else _("”%(part)s” har redan status i en uppföljning och kan inte tas bort.")
            )
            % {"part": part},
        )
        bump(promise)
        withdraw_outdated_approvals(promise, user)


def citizen_promise_delete(*, promise: CitizenPromise, user: AbstractBaseUser) -> None:
    """Delete a draft. Signed and published documents are never deleted."""
    with transaction.atomic():
        current = lock(promise)
        require_edit(user, current)
        if current.is_frozen:
            raise ValidationError(
                _(
                    "”%(title)s” är %(state)s och raderas aldrig, så att det som har undertecknats "
                    "och publicerats finns kvar. Dra tillbaka det om det inte längre gäller, eller "
                    "skapa en ny version som ersätter det."
                )
                % {"title": current.title, "state": current.get_state_display()},
                code="frozen",
            )
        _delete(
            current,
            user,
            _("”%(title)s” har uppföljningar. Ta bort dem först om utkastet ska raderas.")
            % {"title": current.title},
        )
