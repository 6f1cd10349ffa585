"""What an amendment (ändring) may change in a löfte of a signed document, as one table.

A signed document's content is frozen (`loften.lifecycle`); while it runs, its parties may still
change a löfte's method, target or period together, through an amendment
(`loften.services.amendments`). Each row of `AMENDABLE` is one such thing: its key, the label
citizens read, the commitment's fields it covers, and how its value is written in words. The
admin's form, the service, the public history, the API and the PDF all read this table.

To make another thing amendable (the measures of a löfte, say), add a row; a thing that is not
a set of the commitment's own fields overrides `read` and `write`.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from .periods import period_text


def _target(values):
    if values.get("target_number") is None:
        return str(_("inget mätbart mål"))
    return f"{values['target_number']} {values['target_unit']}"


def _period(values):
    start, end = (
        datetime.date.fromisoformat(values[key]) if values.get(key) else None
        for key in ("starts_on", "ends_on")
    )
    return period_text(start, end) or str(_("medborgarlöftets giltighetstid"))


@dataclasses.dataclass(frozen=True)
class Amendable:
    key: str
    label: str
    fields: tuple[str, ...]
    show: Callable[[dict], str]  # the value (`read`'s dict) in words

    def read(self, commitment) -> dict:
        """The commitment's value as JSON (dates as ISO strings)."""
        values = {}
        for name in self.fields:
            value = getattr(commitment, name)
            values[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return values

    def write(self, commitment, values: dict) -> None:
        for name in self.fields:
            field = commitment._meta.get_field(name)
            setattr(commitment, name, field.to_python(values[name]))


AMENDABLE = (
    Amendable("method", _("Löftet (metod)"), ("text",), lambda values: values["text"]),
    Amendable("target", _("Mätbart mål"), ("target_number", "target_unit"), _target),
    Amendable("period", _("Period"), ("starts_on", "ends_on"), _period),
)

BY_KEY = {item.key: item for item in AMENDABLE}

#: Every field of a commitment that an amendment may change.
AMENDABLE_FIELDS = tuple(name for item in AMENDABLE for name in item.fields)
