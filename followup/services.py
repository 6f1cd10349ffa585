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
transaction (the indicator values through `followup.indicators`).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from loften import lifecycle
from loften.locking import bump, last_saved_by, lock_and_check, save_edit
from loften.models import CitizenPromise, Commitment, DocumentParty, EffectIndicator
from municipalities import permissions

from .indicator_values import IndicatorValue
from .indicators import indicator_value_delete, indicator_value_save
from .models import (
    STATUSES_REQUIRING_REASON,
    Circumstance,
    CommitmentStatus,
    FollowUp,
    MeasureValue,
    OtherWork,
)
from .progress import refresh_progress
from .selectors import previous_followup

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


@dataclass(frozen=True)
class MeasureInput:
    """What a person entered for one measure of a commitment: its value, and whether it is
    approximate ("ca 100")."""

    measure_id: int
    value: Decimal
    approximate: bool = False


@dataclass(frozen=True)
class StatusInput:
    """What a person entered for one commitment: from a row of the form or a line of a file.
    `measure_values` are the row's values after the save (measures left out lose theirs);
    None leaves the stored values as they are."""

    commitment_id: int
    status: str  # "" for no status from this row: a party that has not reported its part
    reason: str = ""
    comment: str = ""
    count: int | None = None
    measure_values: tuple[MeasureInput, ...] | None = None
    party_id: int | None = None  # None: the status of the whole löfte, gemensamt
    circumstance_id: int | None = None
    #: Instead of `circumstance_id`: the label of a new circumstance of the same save.
    circumstance_label: str = ""


@dataclass(frozen=True)
class CircumstanceInput:
    """A circumstance of the follow-up as a file gives it: a stored one (`pk`) with its title
    and text after the save, or a new one (`pk` None), which status rows of the same save may
    give as their reason by its `label` (`StatusInput.circumstance_label`). A stored one left
    with neither title nor text is removed; a new one with neither is no circumstance."""

    pk: int | None
    title: str = ""
    text: str = ""
    label: str = ""


@dataclass(frozen=True)
class OtherWorkInput:
    """Other work (övrigt arbete) as a file gives it: a stored item (`pk`) or a new one (`pk`
    None), by one of the document's parties. A stored item left with neither title nor text is
    removed; a new one with neither is none."""

    pk: int | None
    party_id: int | None
    title: str = ""
    text: str = ""


@dataclass(frozen=True)
class IndicatorValueInput:
    """A value of one of the document's effect indicators reported in the follow-up, for a year
    or a date in it (the value's key). `value` None removes the follow-up's value for that year
    or date; a value reported elsewhere (another follow-up, or none) is not changed here."""

    indicator_id: int
    year: int
    measured_on: datetime.date | None = None
    value: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class FollowUpParts:
    """What a follow-up states besides its statuses, saved with them by
    `followup_statuses_save`: only the items given change (those left out keep what is
    stored)."""

    circumstances: Sequence[CircumstanceInput] = ()
    other_work: Sequence[OtherWorkInput] = ()
    indicator_values: Sequence[IndicatorValueInput] = ()


#: The kinds of `FollowUpParts`, as `StatusRowsInvalid.part_errors` names them.
PART_KINDS = ("circumstances", "other_work", "indicator_values")


class StatusRowsInvalid(ValidationError):
    """Some rows are not valid; nothing was saved. `row_errors` maps the index of each bad row
    in the input to {field name or NON_FIELD_ERRORS: [messages]}, so the form can show each error
    beside its row and the import beside its line; `part_errors` does the same for the items of
    `FollowUpParts`, by (kind, index) with the kind one of `PART_KINDS`. The messages say the
    same for anyone else."""

    def __init__(self, row_errors, part_errors=None):
        self.row_errors = row_errors
        self.part_errors = part_errors or {}
        names = {
            "circumstances": _("Omständighet %(number)s: %(message)s"),
            "other_work": _("Övrigt arbete %(number)s: %(message)s"),
            "indicator_values": _("Indikatorvärde %(number)s: %(message)s"),
        }
        messages = [
            _("Rad %(number)s: %(message)s") % {"number": index + 1, "message": message}
            for index, fields in sorted(row_errors.items())
            for field_messages in fields.values()
            for message in field_messages
        ] + [
            names[kind] % {"number": index + 1, "message": message}
            for (kind, index), fields in sorted(self.part_errors.items())
            for field_messages in fields.values()
            for message in field_messages
        ]
        super().__init__(messages, code="rows")


@dataclass
class _Change:
    """One row to write: the status, and its measure values after the save (None: unchanged)."""

    status: CommitmentStatus
    adding: bool
    values: list[MeasureValue] | None


def _measure_values(status, commitment, inputs, index, error):
    """The MeasureValue rows `inputs` ask for, validated; None when any is invalid."""
    measures = {m.pk: m for m in commitment.measures.all()}
    values, ok = [], True
    for given in inputs:
        measure = measures.get(given.measure_id)
        if measure is None:
            error(
                index,
                NON_FIELD_ERRORS,
                _(
                    "Mått nummer %(id)s hör inte till löfte %(commitment)s. Välj ett av löftets "
                    "egna mått."
                )
                % {"id": given.measure_id, "commitment": commitment.pk},
            )
            ok = False
            continue
        value = MeasureValue(
            status=status, measure=measure, value=given.value, approximate=given.approximate
        )
        try:
            value.full_clean(exclude=["status"], validate_unique=False, validate_constraints=False)
        except ValidationError as invalid:
            for messages in invalid.message_dict.values():
                for message in messages:
                    error(index, NON_FIELD_ERRORS, f"{measure.name}: {message}")
            ok = False
            continue
        values.append(value)
    if len({v.measure_id for v in values}) != len(values):
        error(index, NON_FIELD_ERRORS, _("Samma mått finns två gånger på raden."))
        ok = False
    return values if ok else None


def _same_values(stored, values):
    def key(rows):
        return sorted((v.measure_id, Decimal(v.value), v.approximate) for v in rows)

    return key(stored) == key(values)


def _check_rows(current, rows, error, circumstances):
    """Build the changed CommitmentStatus rows (and their measure values) and validate every
    one, reporting each problem to `error(index, field, message)`; nothing is written. Returns
    (changes, to_delete): a list of `_Change`, and the stored parts to remove. A row with no
    status removes that part, if stored: its party has not reported. `circumstances` are those
    the rows may give (`_Circumstances`)."""
    promise = current.promise
    stored = {
        (s.commitment_id, s.party_id): s
        for s in current.statuses.prefetch_related("measure_values")
    }
    ids = {row.commitment_id for row in rows}
    known = {
        c.pk: c
        for c in Commitment.objects.filter(pk__in=ids).prefetch_related("measures", "parties")
    }
    seen, filled = {}, set()
    changes, to_delete = [], []

    for index, row in enumerate(rows):
        commitment = known.get(row.commitment_id)
        if commitment is None:
            error(
                index,
                NON_FIELD_ERRORS,
                _("Det finns inget löfte med nummer %(id)s.") % {"id": row.commitment_id},
            )
            continue
        if commitment.promise_id != promise.pk:
            error(
                index,
                NON_FIELD_ERRORS,
                # Not naming the other document: it may be another organisation's draft.
                _("Löfte %(id)s hör till ett annat medborgarlöfte, inte till ”%(title)s”.")
                % {"id": commitment.pk, "title": promise.title},
            )
            continue
        key = (row.commitment_id, row.party_id)
        if key in seen:
            error(
                index,
                NON_FIELD_ERRORS,
                _(
                    "Löfte %(id)s finns redan på en rad före den här för samma part. Ta bort den "
                    "ena raden."
                )
                % {"id": row.commitment_id},
            )
            continue
        seen[key] = index
        status = stored.get(key)
        adding = status is None
        if not row.status:
            if len(commitment.parties.all()) < 2:
                error(index, "status", _("Status saknas. Välj hur det har gått med löftet."))
            elif not adding:
                to_delete.append(status)
            continue
        filled.add(key)
        if adding:
            status = CommitmentStatus(followup=current, commitment=commitment)
        else:
            status.followup, status.commitment = current, commitment  # no query per row
        parties = {party.pk: party for party in commitment.parties.all()}
        status.party = parties.get(row.party_id)
        if row.party_id is not None and status.party is None:
            error(
                index,
                "party",
                _(
                    "Part %(id)s är inte part i löfte %(commitment)s. Välj en av löftets parter, "
                    "eller ingen part för en gemensam status."
                )
                % {"id": row.party_id, "commitment": commitment.pk},
            )
            continue
        circumstance = circumstances.given(row, index, error)
        if circumstance is False:
            continue
        values = None
        if row.measure_values is not None:
            values = _measure_values(status, commitment, row.measure_values, index, error)
            if values is None:
                continue
            if not adding and _same_values(status.measure_values.all(), values):
                values = None
        fields = {
            "status": row.status,
            "reason": (row.reason or "").strip(),
            "comment": (row.comment or "").strip(),
            "count": row.count,
        }
        # A new circumstance has no pk yet: a status given one always changes.
        given_id = circumstance.pk if circumstance is not None else None
        unchanged = (
            all(getattr(status, k) == v for k, v in fields.items())
            and status.circumstance_id == given_id
            and (circumstance is None or given_id is not None)
        )
        if not adding and unchanged and values is None:
            continue
        for name, value in fields.items():
            setattr(status, name, value)
        status.circumstance = circumstance
        try:
            # One status per part is ensured above for the whole set, and the checks behind
            # the constraints are in clean(); the database enforces both again.
            status.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as invalid:
            for field, messages in invalid.message_dict.items():
                for message in messages:
                    error(index, field, message)
            continue
        changes.append(_Change(status=status, adding=adding, values=values))
    _check_joint_or_parts(stored, seen, filled, to_delete, error)
    return changes, to_delete


def _check_joint_or_parts(stored, seen, filled, to_delete, error):
    """A löfte has, in one follow-up, either one status of the whole löfte or parts by party,
    never both: after the save, which rows would it have?"""
    deleted = {(s.commitment_id, s.party_id) for s in to_delete}
    after = (set(stored) - deleted) | filled
    joint = {commitment for commitment, party in after if party is None}
    divided = {commitment for commitment, party in after if party is not None}
    for commitment in sorted(joint & divided):
        index = seen.get(
            (commitment, None), min((i for k, i in seen.items() if k[0] == commitment), default=0)
        )
        error(
            index,
            NON_FIELD_ERRORS,
            _(
                "Löfte %(id)s har både en gemensam status och parternas egna delar. Fyll i "
                "antingen den gemensamma statusen eller varje parts del, och lämna det andra tomt."
            )
            % {"id": commitment},
        )


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


# --- Circumstances, other work and indicator values ---------------------------------------------


def _label_key(label):
    return " ".join(label.split()).casefold()


def _field_errors(invalid, index, error):
    for field, messages in invalid.message_dict.items():
        for message in messages:
            error(index, field, message)


class _Circumstances:
    """The follow-up's circumstances after the save, from `CircumstanceInput`s, each checked:
    the stored ones (`stored`, by pk), the new ones by their label (`by_label`), those to save
    and those to remove. Status rows give them through `given`."""

    def __init__(self, current, inputs, error):
        self.stored = {c.pk: c for c in current.circumstances.all()}
        self.by_label, self.to_save, self.to_delete = {}, [], []
        self.index_of = {}  # the input that removes a circumstance, by its pk
        order = max((c.order for c in self.stored.values()), default=0)
        seen = set()
        for index, given in enumerate(inputs):
            title, text, label = given.title.strip(), given.text.strip(), given.label.strip()
            if given.pk is not None:
                circumstance = self.stored.get(given.pk)
                if circumstance is None:
                    error(
                        index,
                        "pk",
                        _(
                            "Omständighet %(id)s finns inte i den här uppföljningen. För en ny "
                            "omständighet: lämna numret tomt, eller skriv ett märke med "
                            "bokstäver, t.ex. A."
                        )
                        % {"id": given.pk},
                    )
                    continue
                if given.pk in seen:
                    error(
                        index,
                        "pk",
                        _(
                            "Omständighet %(id)s finns redan på en rad före den här. Ta bort den "
                            "ena raden."
                        )
                        % {"id": given.pk},
                    )
                    continue
                seen.add(given.pk)
                if not title and not text:
                    self.to_delete.append(circumstance)
                    self.index_of[given.pk] = index
                    continue
                if (circumstance.title, circumstance.text) == (title, text):
                    continue
            else:
                if _label_key(label) in self.by_label:
                    error(
                        index,
                        "label",
                        _(
                            "Märket ”%(label)s” finns redan på en ny omständighet före den här. "
                            "Ge varje ny omständighet ett eget märke."
                        )
                        % {"label": label},
                    )
                    continue
                if not (title or text or label):
                    continue  # an empty line for a new circumstance, not filled in
                order += 1
                circumstance = Circumstance(followup=current, order=order)
                if label:
                    self.by_label[_label_key(label)] = circumstance
            circumstance.title, circumstance.text = title, text
            try:
                circumstance.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as invalid:
                _field_errors(invalid, index, error)
                continue
            self.to_save.append(circumstance)

    def given(self, row, index, error):
        """The circumstance a status row gives (None for none), or False when there is no such
        circumstance (and the error is reported)."""
        if row.circumstance_label:
            circumstance = self.by_label.get(_label_key(row.circumstance_label))
            if circumstance is None:
                error(
                    index,
                    "circumstance",
                    _(
                        "Ingen ny omständighet har märket ”%(label)s”. Skriv samma märke på den "
                        "nya omständighetens egen rad, eller en omständighets nummer."
                    )
                    % {"label": row.circumstance_label.strip()},
                )
                return False
            return circumstance
        if row.circumstance_id is None:
            return None
        circumstance = self.stored.get(row.circumstance_id)
        if circumstance is None:
            error(
                index,
                "circumstance",
                _(
                    "Omständighet %(id)s finns inte i den här uppföljningen. Välj en av "
                    "uppföljningens omständigheter."
                )
                % {"id": row.circumstance_id},
            )
            return False
        return circumstance

    def check_removals(self, current, changes, to_delete, error):
        """A circumstance that a status still gives after the save is not removed."""
        removed = {c.pk for c in self.to_delete}
        if not removed:
            return
        rewritten = {c.status.pk for c in changes if not c.adding} | {s.pk for s in to_delete}
        users = [
            (status.circumstance_id, status.commitment_id)
            for status in current.statuses.filter(circumstance__in=removed).exclude(
                pk__in=rewritten
            )
        ] + [(c.status.circumstance_id, c.status.commitment_id) for c in changes]
        for circumstance in self.to_delete:
            ids = sorted({commitment for pk, commitment in users if pk == circumstance.pk})
            if ids:
                error(
                    self.index_of[circumstance.pk],
                    "pk",
                    _(
                        "Omständigheten ”%(title)s” är skäl för löfte %(ids)s och kan inte tas "
                        "bort. Ta först bort dess nummer ur omstandighet_id på de löftenas "
                        "rader, eller behåll dess rubrik."
                    )
                    % {"title": circumstance.title, "ids": ", ".join(map(str, ids))},
                )


def _check_other_work(current, inputs, error):
    """The other work to save and to remove, from `OtherWorkInput`s, each checked."""
    stored = {w.pk: w for w in current.other_work.all()}
    parties = {p.pk: p for p in DocumentParty.objects.filter(promise=current.promise_id)}
    order = max((w.order for w in stored.values()), default=0)
    to_save, to_delete, seen = [], [], set()
    for index, given in enumerate(inputs):
        title, text = given.title.strip(), given.text.strip()
        if given.pk is not None:
            work = stored.get(given.pk)
            if work is None or given.pk in seen:
                error(
                    index,
                    "pk",
                    _(
                        "Övrigt arbete nummer %(id)s finns inte i den här uppföljningen. Lämna "
                        "numret tomt för nytt arbete."
                    )
                    % {"id": given.pk}
                    if work is None
                    else _(
                        "Övrigt arbete nummer %(id)s finns redan på en rad före den här. Ta bort "
                        "den ena raden."
                    )
                    % {"id": given.pk},
                )
                continue
            seen.add(given.pk)
            if not title and not text:
                to_delete.append(work)
                continue
        elif not title and not text:
            continue  # an empty line for new work, not filled in
        else:
            order += 1
            work = OtherWork(followup=current, order=order)
        party = parties.get(given.party_id)
        if party is None:
            error(
                index,
                "party",
                _("Ange vilken av medborgarlöftets parter som gjorde arbetet.")
                if given.party_id is None
                else _("Part %(id)s är inte part i medborgarlöftet. Välj en av dess parter.")
                % {"id": given.party_id},
            )
            continue
        if given.pk is not None and (work.party_id, work.title, work.text) == (
            party.pk,
            title,
            text,
        ):
            continue
        work.party, work.title, work.text = party, title, text
        try:
            work.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as invalid:
            _field_errors(invalid, index, error)
            continue
        to_save.append(work)
    return to_save, to_delete


def _check_indicator_values(current, inputs, error):
    """The indicator values to save and to remove, from `IndicatorValueInput`s, each checked.
    Only the follow-up's own values change; a value is found by its indicator and its year or
    date."""
    indicators = {i.pk: i for i in EffectIndicator.objects.filter(promise=current.promise_id)}
    stored = {
        (v.indicator_id, v.year, v.measured_on): v
        for v in IndicatorValue.objects.filter(indicator__in=indicators)
    }
    to_save, to_delete, seen = [], [], set()
    for index, given in enumerate(inputs):
        indicator = indicators.get(given.indicator_id)
        if indicator is None:
            error(
                index,
                "indicator",
                _("Medborgarlöftet har ingen effektindikator med nummer %(id)s.")
                % {"id": given.indicator_id},
            )
            continue
        key = (given.indicator_id, given.year, given.measured_on)
        when = given.measured_on.isoformat() if given.measured_on else str(given.year)
        if key in seen:
            error(
                index,
                NON_FIELD_ERRORS,
                _(
                    "Indikatorn har redan ett värde för %(when)s på en rad före den här. Ta bort "
                    "den ena raden."
                )
                % {"when": when},
            )
            continue
        seen.add(key)
        value = stored.get(key)
        if value is not None and value.followup_id != current.pk:
            if given.value is not None:
                error(
                    index,
                    NON_FIELD_ERRORS,
                    _(
                        "Indikatorn ”%(name)s” har redan ett värde för %(when)s, som inte "
                        "redovisas i den här uppföljningen. Ändra det där det redovisas, eller "
                        "ange ett annat år eller datum."
                    )
                    % {"name": indicator.name, "when": when},
                )
            continue  # a value reported elsewhere is not this follow-up's to change
        if given.value is None:
            if value is not None:
                to_delete.append(value)
            continue
        note = given.note.strip()
        if value is None:
            value = IndicatorValue(
                year=given.year, measured_on=given.measured_on, value=given.value, note=note
            )
        elif (value.value, value.note) == (given.value, note):
            continue
        value.indicator, value.followup = indicator, current
        value.value, value.note = given.value, note
        try:
            value.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as invalid:
            _field_errors(invalid, index, error)
            continue
        to_save.append(value)
    return to_save, to_delete


@dataclass
class _Plan:
    """Everything a save writes, checked."""

    changes: list
    to_delete: list
    circumstances: _Circumstances
    other_work: tuple
    indicator_values: tuple

    @property
    def count(self):
        return sum(
            len(rows)
            for rows in (
                self.changes,
                self.to_delete,
                self.circumstances.to_save,
                self.circumstances.to_delete,
                *self.other_work,
                *self.indicator_values,
            )
        )


def _check(current, rows, parts):
    """Build and check everything the save would write; raises StatusRowsInvalid with the
    errors of every bad row and item at once."""
    row_errors, part_errors = {}, {}

    def row_error(index, field, message):
        row_errors.setdefault(index, {}).setdefault(field, []).append(message)

    def part_error(kind):
        def error(index, field, message):
            part_errors.setdefault((kind, index), {}).setdefault(field, []).append(message)

        return error

    circumstances = _Circumstances(current, parts.circumstances, part_error("circumstances"))
    changes, to_delete = _check_rows(current, rows, row_error, circumstances)
    circumstances.check_removals(current, changes, to_delete, part_error("circumstances"))
    plan = _Plan(
        changes=changes,
        to_delete=to_delete,
        circumstances=circumstances,
        other_work=_check_other_work(current, parts.other_work, part_error("other_work")),
        indicator_values=_check_indicator_values(
            current, parts.indicator_values, part_error("indicator_values")
        ),
    )
    if row_errors or part_errors:
        raise StatusRowsInvalid(row_errors, part_errors)
    return plan


def followup_statuses_validate(
    *, followup: FollowUp, rows: Sequence[StatusInput], parts: FollowUpParts | None = None
) -> None:
    """Check rows (and `parts`) as `followup_statuses_save` would, without saving (raises
    StatusRowsInvalid); the import uses it to report every line's errors at once."""
    current = FollowUp.objects.select_related("promise").get(pk=followup.pk)
    _check(current, rows, parts or FollowUpParts())


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
        plan = _check(current, rows, parts or FollowUpParts())
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
