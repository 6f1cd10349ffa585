"""What a save of many statuses at once is given, and the checks of all of it before anything
is written (`followup.services.followup_statuses_save` writes what `check_save` plans).

The one-page form, the spreadsheet import and the admin give each commitment's row as a
`StatusInput` (with its `MeasureInput`s); the import also gives the follow-up's circumstances,
other work and indicator values (`FollowUpParts`). `check_save` checks every row and item at
once and raises `StatusRowsInvalid` with the errors of every bad one, by its index, in Swedish.
"""

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from loften.models import Commitment, DocumentParty, EffectIndicator

from .indicator_values import IndicatorValue
from .models import Circumstance, CommitmentStatus, MeasureValue, OtherWork


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
class Change:
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
    (changes, to_delete): a list of `Change`, and the stored parts to remove. A row with no
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
        changes.append(Change(status=status, adding=adding, values=values))
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


def _label_key(label):
    return " ".join(label.split()).casefold()


def _field_errors(invalid, index, error):
    for field, messages in invalid.message_dict.items():
        for message in messages:
            error(index, field, message)


def _clean(row, index, error):
    """Whether `row` (a circumstance, other work, an indicator value) passes its own checks;
    when not, each message is reported for the item at `index`."""
    try:
        row.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as invalid:
        _field_errors(invalid, index, error)
        return False
    return True


def _numbered(pk, stored, seen, report, *, unknown, twice):
    """The stored item (a circumstance, other work) that a line gives by its number `pk`, and
    marks it `seen`; None, after `report(message)`, when the follow-up has no such item or an
    earlier line gave it. `unknown` and `twice` are the messages, with %(id)s for the number."""
    item = stored.get(pk)
    if item is None or pk in seen:
        report((unknown if item is None else twice) % {"id": pk})
        return None
    seen.add(pk)
    return item


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
                circumstance = _numbered(
                    given.pk,
                    self.stored,
                    seen,
                    functools.partial(error, index, "pk"),
                    unknown=_(
                        "Omständighet %(id)s finns inte i den här uppföljningen. För en ny "
                        "omständighet: lämna numret tomt, eller skriv ett märke med "
                        "bokstäver, t.ex. A."
                    ),
                    twice=_(
                        "Omständighet %(id)s finns redan på en rad före den här. Ta bort den "
                        "ena raden."
                    ),
                )
                if circumstance is None:
                    continue
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
            if _clean(circumstance, index, error):
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
            work = _numbered(
                given.pk,
                stored,
                seen,
                functools.partial(error, index, "pk"),
                unknown=_(
                    "Övrigt arbete nummer %(id)s finns inte i den här uppföljningen. Lämna "
                    "numret tomt för nytt arbete."
                ),
                twice=_(
                    "Övrigt arbete nummer %(id)s finns redan på en rad före den här. Ta bort "
                    "den ena raden."
                ),
            )
            if work is None:
                continue
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
        if _clean(work, index, error):
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
        if _clean(value, index, error):
            to_save.append(value)
    return to_save, to_delete


@dataclass
class SavePlan:
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


def check_save(current, rows, parts):
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
    plan = SavePlan(
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
