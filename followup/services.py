"""Writes to follow-ups (uppföljningar): creating one with its rows pre-filled, saving the
statuses of every commitment at once, publishing, deleting.

Same conventions as `loften.services`: keyword-only, permission checked through
`municipalities.permissions`, the row locked with `select_for_update()` in
`transaction.atomic()`, `full_clean()`, and a Swedish `ValidationError` a person can act on.

A published follow-up is frozen, like a signed document: citizens have read it, so it is neither
changed nor deleted; what has to be corrected is written in the next period's follow-up. The
one-page form, the spreadsheet import and the admin all save statuses through
`followup_statuses_save`, so they obey the same rules; the import also saves the follow-up's
circumstances, other work and indicator values through it (`FollowUpParts`), in the same
transaction (the indicator values through `followup.indicators`). What such a save is given,
and its checks, are in `followup.status_inputs`.
"""

from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from loften import lifecycle
from loften.locking import bump, last_saved_by, lock_and_check, save_edit
from loften.models import CitizenPromise, Commitment
from municipalities import permissions

from .indicators import indicator_value_delete, indicator_value_save
from .models import (
    STATUSES_REQUIRING_REASON,
    CommitmentStatus,
    FollowUp,
    MeasureValue,
)
from .progress import refresh_progress
from .selectors import previous_followup
from .status_inputs import FollowUpParts, StatusInput, check_save

#: Fields only the services write; an edit never changes them.
LIFECYCLE_FIELDS = ("state", "published_at", "published_by")

#: The fields of a status row that a person fills in (besides its measure values).
STATUS_FIELDS = ("status", "reason", "comment", "count", "circumstance_id")


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


def conflict_message(current: FollowUp) -> str:
    return _(
        "Någon annan har sparat ändringar i uppföljningen ”%(followup)s” sedan du öppnade "
        "sidan%(who)s. Dina ändringar har inte sparats, så att deras ändringar inte skrivs över. "
        "Kopiera det du skrev, öppna sidan på nytt för att se den senaste versionen och gör om "
        "dina ändringar där."
    ) % {"followup": current, "who": last_saved_by(current)}


def frozen_message(followup: FollowUp) -> str:
    return _(
        "Uppföljningen ”%(followup)s” är publicerad och låst, så att det invånarna har läst står "
        "kvar. Den kan inte längre ändras eller raderas. Skriv rättelser och nya uppgifter i "
        "nästa halvårs uppföljning."
    ) % {"followup": followup}


def check_editable(followup: FollowUp) -> None:
    """The freeze rule: only a draft follow-up may change."""
    if followup.state == FollowUp.State.PUBLISHED:
        raise ValidationError(frozen_message(followup), code="frozen")


def followup_lock_for_edit(
    *, followup: FollowUp, lock_version: int | None, user: AbstractBaseUser | None = None
) -> FollowUp:
    """Lock the stored follow-up and check that an edit based on `lock_version` may be saved:
    the user may edit it, it is still a draft, and nobody saved it in between. Call inside
    `transaction.atomic()`; the admin's form calls it from `clean()`."""
    checks = [check_editable]
    if user is not None:
        checks.insert(0, lambda current: _require_edit(user, current.promise))
    return lock_and_check(
        FollowUp.objects.select_related("promise"),
        followup.pk,
        lock_version=lock_version,
        checks=checks,
        conflict_message=conflict_message,
    )


# --- Creating ------------------------------------------------------------------------------------


def check_creatable(promise: CitizenPromise) -> None:
    """Whether `promise` can get a follow-up: it is signed (its löften no longer change) or
    published. Raises a ValidationError that says why not; the admin's add form calls it from
    `clean()`. That the period lies within the validity and has no follow-up yet is the
    model's rule (`FollowUp.clean` and its unique constraint)."""
    if promise.state in lifecycle.FOLLOWED_UP_STATES:
        return
    if promise.state == CitizenPromise.State.DRAFT:
        message = _(
            "”%(title)s” är ett utkast. Löftena kan fortfarande ändras, så det följs upp först "
            "när det är undertecknat."
        )
    else:
        message = _("”%(title)s” är %(state)s och följs inte längre upp.")
    raise ValidationError(
        {"promise": message % {"title": promise.title, "state": promise.get_state_display()}},
        code="state",
    )


def followup_create(
    *,
    promise: CitizenPromise,
    year: int,
    number: int,
    user: AbstractBaseUser,
    summary: str = "",
) -> FollowUp:
    """Create the draft follow-up of one period (`year`, `number`) with a status row for every
    commitment, each starting from the previous follow-up's status and measure values (ej
    påbörjad and empty when there is none). A status that needs a reason keeps the previous
    reason, which the official then brings up to date. A recurring löfte's count is the new
    period's own, so it starts empty."""
    with transaction.atomic():
        locked = CitizenPromise.objects.select_for_update().get(pk=promise.pk)
        _require_edit(user, locked)
        check_creatable(locked)
        followup = FollowUp(promise=locked, year=year, number=number, summary=summary)
        followup.full_clean()
        followup._history_user = user
        followup.save()

        previous = previous_followup(followup)
        earlier = {}
        for status in (
            previous.statuses.select_related("circumstance").prefetch_related("measure_values")
            if previous
            else ()
        ):
            earlier.setdefault(status.commitment_id, []).append(status)
        rows, copied = [], {}
        for commitment in locked.commitments.prefetch_related("parties").order_by("order", "pk"):
            # Each part reported last time starts from itself; a löfte without one gets a row
            # for its only party, or for the whole löfte.
            parties = list(commitment.parties.all())
            before_parts = earlier.get(commitment.pk) or [
                CommitmentStatus(party=parties[0] if len(parties) == 1 else None)
            ]
            for before in before_parts:
                row = CommitmentStatus(
                    followup=followup, commitment=commitment, party_id=before.party_id
                )
                if before.pk is not None:
                    row.status = before.status
                    if before.status in STATUSES_REQUIRING_REASON and before.reason:
                        row.reason = before.reason
                    elif before.status in STATUSES_REQUIRING_REASON:
                        # The circumstance belonged to the previous follow-up: say so again.
                        row.reason = str(before.circumstance)
                    copied[(commitment.pk, before.party_id)] = list(before.measure_values.all())
                row.full_clean(validate_unique=False, validate_constraints=False)
                rows.append(row)
        reason = (
            _("Förifylld från föregående uppföljning")
            if previous is not None
            else _("Ny uppföljning")
        )
        created = bulk_create_with_history(
            rows, CommitmentStatus, default_user=user, default_change_reason=reason
        )
        values = [
            MeasureValue(
                status=row,
                measure_id=value.measure_id,
                value=value.value,
                approximate=value.approximate,
            )
            for row in created
            for value in copied.get((row.commitment_id, row.party_id), ())
        ]
        if values:
            bulk_create_with_history(
                values, MeasureValue, default_user=user, default_change_reason=reason
            )
        refresh_progress(row.pk for row in created)
    return followup


# --- Saving ------------------------------------------------------------------------------------


def followup_save(*, followup: FollowUp, user: AbstractBaseUser) -> FollowUp:
    """Save changes to a draft follow-up's own fields (its summary); `followup.lock_version` is
    the version the changes were based on. A follow-up stays with the document it was created
    for. New follow-ups are made with `followup_create`, which pre-fills their rows."""
    if followup._state.adding:
        raise TypeError("followup_save() changes a stored follow-up; use followup_create().")
    with transaction.atomic():
        current = followup_lock_for_edit(
            followup=followup, lock_version=followup.lock_version, user=user
        )
        if current.promise_id != followup.promise_id:
            raise ValidationError(
                {"promise": _("En uppföljning kan inte flyttas till ett annat medborgarlöfte.")}
            )
        save_edit(followup, current, keep=LIFECYCLE_FIELDS, user=user)
    return followup


def _write_values(changes, user):
    """Replace the measure values of the changed rows that have new ones."""
    to_delete, to_create, to_update = [], [], []
    for change in changes:
        if change.values is None:
            continue
        stored = (
            {} if change.adding else {v.measure_id: v for v in change.status.measure_values.all()}
        )
        for value in change.values:
            value.status = change.status
            before = stored.pop(value.measure_id, None)
            if before is None:
                to_create.append(value)
            elif (before.value, before.approximate) != (value.value, value.approximate):
                before.value, before.approximate = value.value, value.approximate
                to_update.append(before)
        to_delete.extend(stored.values())
    for value in to_delete:
        value._history_user = user
        models.Model.delete(value)  # the figures are refreshed once, below
    if to_create:
        bulk_create_with_history(to_create, MeasureValue, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update, MeasureValue, fields=["value", "approximate"], default_user=user
        )


def followup_statuses_validate(
    *, followup: FollowUp, rows: Sequence[StatusInput], parts: FollowUpParts | None = None
) -> None:
    """Check rows (and `parts`) as `followup_statuses_save` would, without saving (raises
    StatusRowsInvalid); the import uses it to report every line's errors at once."""
    current = FollowUp.objects.select_related("promise").get(pk=followup.pk)
    check_save(current, rows, parts or FollowUpParts())


def followup_statuses_save(
    *,
    followup: FollowUp,
    rows: Sequence[StatusInput],
    user: AbstractBaseUser,
    lock_version: int | None,
    parts: FollowUpParts | None = None,
) -> int:
    """Save the statuses of many commitments at once, all or nothing, with their measure
    values, and each changed row's figure (`progress.refresh_progress`); with `parts`, also
    the follow-up's circumstances, other work and indicator values in the same transaction
    (the spreadsheet import).

    `rows` are StatusInput, one per part (commitment and party, or the whole löfte);
    commitments not among them keep their status, and so do the circumstances, other work and
    indicator values not among `parts`. `lock_version` is the follow-up's version the person
    saw (None only inside a save that already checked it). Raises StatusRowsInvalid, with the
    errors of every bad row and item, when any is invalid. Returns the number of rows and
    items that changed.
    """
    with transaction.atomic():
        current = followup_lock_for_edit(followup=followup, lock_version=lock_version, user=user)
        plan = check_save(current, rows, parts or FollowUpParts())
        changes = plan.changes
        # New and changed circumstances first: the statuses below may give them.
        for circumstance in plan.circumstances.to_save:
            circumstance._history_user = user
            circumstance.save()
        for change in changes:
            if change.status.circumstance is not None:  # a new one has its number only now
                change.status.circumstance_id = change.status.circumstance.pk
        for status in plan.to_delete:
            status._history_user = user
            status.delete()
        to_create = [c.status for c in changes if c.adding]
        to_update = [c.status for c in changes if not c.adding]
        if to_create:
            bulk_create_with_history(to_create, CommitmentStatus, default_user=user)
        if to_update:
            bulk_update_with_history(
                to_update, CommitmentStatus, fields=list(STATUS_FIELDS), default_user=user
            )
        _write_values(changes, user)
        refresh_progress(c.status.pk for c in changes)
        # Removed only now that no status gives them (`_Circumstances.check_removals`).
        work_to_save, work_to_delete = plan.other_work
        for row in [*plan.circumstances.to_delete, *work_to_delete]:
            row._history_user = user
            row.delete()
        for work in work_to_save:
            work._history_user = user
            work.save()
        values_to_save, values_to_delete = plan.indicator_values
        for value in values_to_save:
            indicator_value_save(value=value, user=user)
        for value in values_to_delete:
            indicator_value_delete(value=value, user=user)
        changed = plan.count
        if changed:
            followup.lock_version = bump(current)
        else:
            followup.lock_version = current.lock_version
    return changed


# --- Publishing and deleting --------------------------------------------------------------------


def followup_publish_problems(followup: FollowUp) -> list[str]:
    """What stops a follow-up from being published, as sentences a person can act on. Every
    commitment needs a status row (a reason is already required where the status needs one);
    "ej påbörjad" is a status like any other and does not stop publishing."""
    problems = []
    missing = Commitment.objects.filter(promise=followup.promise_id).exclude(
        statuses__followup=followup
    )
    count = missing.count()
    if count:
        problems.append(
            _(
                "%(count)s löften saknar status. Fyll i status för varje löfte i formuläret "
                "”Fyll i uppföljningen”."
            )
            % {"count": count}
        )
    return problems


def followup_publish(*, followup: FollowUp, user: AbstractBaseUser) -> FollowUp:
    """utkast → publicerad: citizens see the follow-up on the document's page, and it is frozen
    from then on. Records when and by whom."""
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
        problems = followup_publish_problems(current)
        if problems:
            raise ValidationError(
                [
                    _("Uppföljningen ”%(followup)s” kan inte publiceras ännu.")
                    % {"followup": current},
                    *problems,
                ],
                code="incomplete",
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


def followup_delete(*, followup: FollowUp, user: AbstractBaseUser) -> None:
    """Delete a draft follow-up; published ones are never deleted."""
    with transaction.atomic():
        current = _lock(followup)
        _require_edit(user, current.promise)
        if current.state == FollowUp.State.PUBLISHED:
            raise ValidationError(frozen_message(current), code="published")
        current._history_user = user
        current.delete()
