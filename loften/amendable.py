"""What an amendment (ändring) may change in a löfte of a signed document, as one table.

A signed document's content is frozen (`loften.lifecycle`); while it runs, its parties may still
change a löfte's method, rate target, measures or period together, through an amendment
(`loften.services.amendments`). Each row of `AMENDABLE` is one such thing: its key, the label
citizens read, how its value is read from the löfte (as JSON), merged with new values, written in
words and written back. The admin's form, the service, the public history, the API and the PDF
all read this table.

Measures are changed or added, never removed: a measure keeps the values reported for it, and an
amendment that no longer wants it sets another name, unit or target.
"""

import dataclasses
import datetime
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .periods import period_text


def _json(field, value):
    """A field's value as JSON: dates as ISO strings, decimals with the field's decimals."""
    value = field.to_python(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1).scaleb(-field.decimal_places)))
    return value


def _model(name):
    from django.apps import apps

    return apps.get_model("loften", name)


def _rate(values):
    unsaved = _model("Commitment")(
        rate_target=Decimal(values["rate_target"]) if values.get("rate_target") else None,
        rate_per=values.get("rate_per") or "",
        rate_counted=values.get("rate_counted") or "",
    )
    return unsaved.rate_target_text() or _("inget återkommande mål")


def _period(values):
    start, end = (
        datetime.date.fromisoformat(values[key]) if values.get(key) else None
        for key in ("starts_on", "ends_on")
    )
    return period_text(start, end) or _("medborgarlöftets giltighetstid")


@dataclasses.dataclass(frozen=True)
class Amendable:
    """Some of the commitment's own fields."""

    key: str
    label: str
    fields: tuple[str, ...]
    show: Callable[[dict], str]  # the value (`read`'s dict) in words

    def read(self, commitment) -> dict:
        """The commitment's value as JSON (dates as ISO strings)."""
        meta = commitment._meta
        return {
            name: _json(meta.get_field(name), getattr(commitment, name)) for name in self.fields
        }

    def merge(self, commitment, before, values: dict) -> dict:
        """`before` with the new values of this thing's fields in `values`; the commitment's
        own rules check them (`loften.services.amendments.amendment_changes`)."""
        meta = commitment._meta
        try:
            return {
                **before,
                **{
                    name: _json(meta.get_field(name), values[name])
                    for name in self.fields
                    if name in values
                },
            }
        except ValidationError as error:
            raise ValidationError({self.key: error.messages}) from error

    def pairs(self, before, after) -> list[tuple]:
        """The (before, after) of each change: one, or none when nothing differs."""
        return [(before, after)] if before != after else []

    def current(self, commitment, before):
        """What the löfte has now in place of `before`, to check that it has not changed."""
        return self.read(commitment)

    def assign(self, commitment, after) -> None:
        """Set the new values on the commitment, saving nothing."""
        for name in self.fields:
            setattr(commitment, name, commitment._meta.get_field(name).to_python(after[name]))

    def write(self, commitment, before, after, user, reason) -> None:
        """Write one change (the caller checks and saves the commitment)."""
        self.assign(commitment, after)


class Measures(Amendable):
    """The löfte's measures: each change is one measure, changed or added (its `before` None).
    New values are a list of {"id", "name", "unit", "target"}; one with the id of a measure of
    the löfte changes it, one without an id adds a measure, and measures left out stay."""

    FIELDS = ("name", "unit", "target")

    def read(self, commitment) -> list[dict]:
        return [self._json(m) for m in commitment.measures.all()]

    def _json(self, measure) -> dict:
        meta = measure._meta
        return {
            "id": measure.pk,
            **{name: _json(meta.get_field(name), getattr(measure, name)) for name in self.FIELDS},
        }

    def merge(self, commitment, before, values: dict) -> list[dict]:
        after = {m["id"]: m for m in before}
        added = []
        Measure = _model("Measure")
        for row in values.get("measures") or ():
            if row.get("id") is not None and row["id"] not in after:
                raise ValidationError(
                    {self.key: _("Måttet finns inte i löftet. Öppna ändringen på nytt.")},
                    code="other_measure",
                )
            measure = Measure(
                promise_id=commitment.promise_id,
                commitment_id=commitment.pk,
                name=(row.get("name") or "").strip(),
                unit=(row.get("unit") or "").strip(),
                target=row.get("target"),
            )
            try:
                measure.full_clean(exclude=["promise", "commitment", "order"])
            except ValidationError as error:
                raise ValidationError(
                    {
                        self.key: _("Måttet ”%(name)s”: %(errors)s")
                        % {
                            "name": measure.name or _("utan namn"),
                            "errors": " ".join(error.messages),
                        }
                    },
                    code="measure",
                ) from error
            measure.pk = row.get("id")
            if measure.pk is None:
                added.append(self._json(measure))
            else:
                after[measure.pk] = self._json(measure)
        return [*after.values(), *added]

    def pairs(self, before, after) -> list[tuple]:
        old = {m["id"]: m for m in before}
        return [(old.get(m["id"]), m) for m in after if m["id"] is None or old.get(m["id"]) != m]

    def current(self, commitment, before):
        if before is None:
            return None
        measure = commitment.measures.filter(pk=before["id"]).first()
        return self._json(measure) if measure is not None else None

    def assign(self, commitment, after) -> None:
        """Nothing: measures are rows of their own, checked by `merge`."""

    def write(self, commitment, before, after, user, reason) -> None:
        Measure = _model("Measure")
        if before is None:
            order = max((m.order for m in commitment.measures.all()), default=0) + 1
            measure = Measure(promise_id=commitment.promise_id, commitment=commitment, order=order)
        else:
            measure = commitment.measures.get(pk=before["id"])
        for name in self.FIELDS:
            setattr(measure, name, Measure._meta.get_field(name).to_python(after[name]))
        measure.full_clean()
        measure._history_user = user
        measure._change_reason = reason
        measure.save()


def _measure(values):
    if values is None:
        return _("inget sådant mått")
    Measure = _model("Measure")
    target = Measure._meta.get_field("target").to_python(values["target"])
    measure = Measure(name=values["name"], unit=values["unit"], target=target)
    return f"{measure.name}: {measure.target_text() or _('inget mål')}"


AMENDABLE = (
    Amendable("method", gettext_lazy("Löftet (metod)"), ("text",), lambda values: values["text"]),
    Amendable("rate", gettext_lazy("Takt"), ("rate_target", "rate_per", "rate_counted"), _rate),
    Measures("measure", gettext_lazy("Mått"), Measures.FIELDS, _measure),
    Amendable("period", gettext_lazy("Period"), ("starts_on", "ends_on"), _period),
)

BY_KEY = {item.key: item for item in AMENDABLE}

#: Every field of a commitment that an amendment may change (its measures besides).
AMENDABLE_FIELDS = tuple(
    name for item in AMENDABLE if not isinstance(item, Measures) for name in item.fields
)
