"""Half-years (halvår), the unit of follow-up."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int

    def __post_init__(self):
        if self.half not in (1, 2):
            raise ValueError(f"half must be 1 or 2, not {self.half!r}")

    @property
    def start(self):
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self):
        return (
            datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)
        )

    def next(self):
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)

    def overlaps(self, start, end):
        return self.start <= end and self.end >= start

    @classmethod
    def containing(cls, day):
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def between(cls, start, end):
        """Every half-year that overlaps the period from start to end, in order."""
        current = cls.containing(start)
        while current.start <= end:
            yield current
            current = current.next()

    def __str__(self):
        return f"{self.year} halvår {self.half}"
