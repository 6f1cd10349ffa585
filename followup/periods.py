"""Follow-up periods: the unit a document is followed up in, by its cadence
(uppföljningsintervall, `loften.models.Cadence`).

- half-yearly: 2 periods a year, January–June and July–December ("2025 halvår 1");
- per tertial: 3 periods a year, January–April, May–August, September–December
  ("2025 tertial 2");
- yearly: 1 period a year ("helåret 2025");
- once at the end: 1 period, the document's whole validity ("hela perioden 2024–2025"); its
  `year` is the year the validity ends, its number 1.

A period is named by `(year, number)` within its cadence, in words for citizens (`name`) and
in URLs (`slug`, read back by `from_slug`). Every rule about a period's dates is here, once.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field
from functools import total_ordering

from django.utils.translation import gettext

from loften.models import Cadence

#: Months per period of the cadences that divide the calendar year.
MONTHS = {Cadence.HALF_YEARLY: 6, Cadence.TERTIAL: 4, Cadence.YEARLY: 12}

_SLUG_WORDS = {Cadence.HALF_YEARLY: "halvar", Cadence.TERTIAL: "tertial"}
_END_SLUG = "hela-perioden"
_SLUG = re.compile(
    r"^(?:(?P<year>\d{4})-(?P<word>halvar|tertial)-(?P<number>\d)|helaret-(?P<whole>\d{4}))$",
    re.ASCII,
)


def periods_per_year(cadence):
    """How many periods a year has in `cadence`; 1 for once at the end."""
    return 12 // MONTHS[cadence] if cadence in MONTHS else 1


@total_ordering
@dataclass(frozen=True)
class Period:
    """One period of one cadence. `validity` (the document's first and last day) is needed
    only for the period of the cadence "once at the end", which spans it."""

    cadence: str
    year: int
    number: int
    validity: tuple[datetime.date, datetime.date] | None = field(default=None, compare=False)

    def __post_init__(self):
        if not 1 <= self.number <= periods_per_year(self.cadence):
            raise ValueError(f"{self.cadence} has no period {self.number!r}")
        if self.cadence == Cadence.END_OF_PERIOD and self.validity is None:
            raise ValueError("the period of the whole validity needs the validity")

    # --- Making periods ---------------------------------------------------------------------

    @classmethod
    def of(cls, promise, year, number):
        """The period `(year, number)` of `promise`'s cadence."""
        return cls(promise.cadence, year, number, _validity(promise))

    @classmethod
    def containing(cls, promise, day):
        """The period of `promise`'s cadence that `day` lies in."""
        if promise.cadence == Cadence.END_OF_PERIOD:
            return cls.whole(promise)
        months = MONTHS[promise.cadence]
        return cls(promise.cadence, day.year, (day.month - 1) // months + 1)

    @classmethod
    def whole(cls, promise):
        return cls(Cadence.END_OF_PERIOD, promise.valid_until.year, 1, _validity(promise))

    @classmethod
    def between(cls, promise):
        """Every period of `promise`'s cadence that overlaps its validity, in order."""
        current = cls.containing(promise, promise.valid_from)
        while current is not None and current.start <= promise.valid_until:
            yield current
            current = current.next()

    @classmethod
    def from_slug(cls, promise, slug):
        """The period of `promise`'s cadence a URL names (`slug`), or None when the words name
        no period of that cadence."""
        if promise.cadence == Cadence.END_OF_PERIOD:
            return cls.whole(promise) if slug == _END_SLUG else None
        match = _SLUG.match(slug or "")
        if match is None:
            return None
        if match["whole"]:
            cadence, year, number = Cadence.YEARLY, int(match["whole"]), 1
        else:
            word, year, number = match["word"], int(match["year"]), int(match["number"])
            cadence = next(c for c, w in _SLUG_WORDS.items() if w == word)
        if cadence != promise.cadence or not 1 <= number <= periods_per_year(cadence):
            return None
        return cls(cadence, year, number)

    # --- Reading a period -------------------------------------------------------------------

    @property
    def key(self):
        """What orders periods of one document: (year, number)."""
        return (self.year, self.number)

    def __lt__(self, other):
        return self.key < other.key

    @property
    def start(self):
        if self.cadence == Cadence.END_OF_PERIOD:
            return self.validity[0]
        return datetime.date(self.year, (self.number - 1) * MONTHS[self.cadence] + 1, 1)

    @property
    def end(self):
        if self.cadence == Cadence.END_OF_PERIOD:
            return self.validity[1]
        month = self.number * MONTHS[self.cadence]
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def next(self):
        """The period after this one (after the whole validity: None)."""
        if self.cadence == Cadence.END_OF_PERIOD:
            return None
        if self.number < periods_per_year(self.cadence):
            return Period(self.cadence, self.year, self.number + 1)
        return Period(self.cadence, self.year + 1, 1)

    def overlaps(self, start, end):
        return self.start <= end and self.end >= start

    @property
    def name(self):
        """The period in words: "2025 halvår 1", "2025 tertial 2", "helåret 2025",
        "hela perioden 2024–2025"."""
        values = {"year": self.year, "number": self.number}
        if self.cadence == Cadence.HALF_YEARLY:
            return gettext("%(year)s halvår %(number)s") % values
        if self.cadence == Cadence.TERTIAL:
            return gettext("%(year)s tertial %(number)s") % values
        if self.cadence == Cadence.YEARLY:
            return gettext("helåret %(year)s") % values
        first, last = self.start.year, self.end.year
        if first == last:
            return gettext("hela perioden %(year)s") % {"year": last}
        return gettext("hela perioden %(first)s–%(last)s") % {"first": first, "last": last}

    @property
    def short_name(self):
        """A chart axis's label: "2025 h1", "2025 t2", "2025", "hela perioden"."""
        values = {"year": self.year, "number": self.number}
        if self.cadence == Cadence.HALF_YEARLY:
            return gettext("%(year)s h%(number)s") % values
        if self.cadence == Cadence.TERTIAL:
            return gettext("%(year)s t%(number)s") % values
        if self.cadence == Cadence.YEARLY:
            return str(self.year)
        return gettext("hela perioden")

    @property
    def slug(self):
        """The period in a URL, in words: "2025-halvar-1", "2025-tertial-2", "helaret-2025",
        "hela-perioden" (read back by `from_slug`)."""
        if self.cadence == Cadence.END_OF_PERIOD:
            return _END_SLUG
        if self.cadence == Cadence.YEARLY:
            return f"helaret-{self.year}"
        return f"{self.year}-{_SLUG_WORDS[self.cadence]}-{self.number}"

    def as_json(self):
        """The period as the JSON API gives it."""
        return {
            "cadence": str(self.cadence),
            "year": self.year,
            "number": self.number,
            "name": str(self.name),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }

    def __str__(self):
        return str(self.name)


def _validity(promise):
    return (promise.valid_from, promise.valid_until)
