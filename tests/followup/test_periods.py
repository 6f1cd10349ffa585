"""Follow-up periods of each cadence: their bounds, order, names in words and URL slugs."""

import datetime

import pytest

from followup.periods import Period
from loften.models import Cadence, CitizenPromise

D = datetime.date


def promise(cadence, valid_from=None, valid_until=None):
    """An unsaved document, valid 2025–2026 unless told: periods need only its cadence and
    validity."""
    return CitizenPromise(
        cadence=cadence,
        valid_from=valid_from or D(2025, 1, 1),
        valid_until=valid_until or D(2026, 12, 31),
    )


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        (
            Cadence.HALF_YEARLY,
            [
                ("2025 halvår 1", D(2025, 1, 1), D(2025, 6, 30)),
                ("2025 halvår 2", D(2025, 7, 1), D(2025, 12, 31)),
                ("2026 halvår 1", D(2026, 1, 1), D(2026, 6, 30)),
                ("2026 halvår 2", D(2026, 7, 1), D(2026, 12, 31)),
            ],
        ),
        (
            Cadence.TERTIAL,
            [
                ("2025 tertial 1", D(2025, 1, 1), D(2025, 4, 30)),
                ("2025 tertial 2", D(2025, 5, 1), D(2025, 8, 31)),
                ("2025 tertial 3", D(2025, 9, 1), D(2025, 12, 31)),
                ("2026 tertial 1", D(2026, 1, 1), D(2026, 4, 30)),
                ("2026 tertial 2", D(2026, 5, 1), D(2026, 8, 31)),
                ("2026 tertial 3", D(2026, 9, 1), D(2026, 12, 31)),
            ],
        ),
        (
            Cadence.YEARLY,
            [
                ("helåret 2025", D(2025, 1, 1), D(2025, 12, 31)),
                ("helåret 2026", D(2026, 1, 1), D(2026, 12, 31)),
            ],
        ),
        (
            Cadence.END_OF_PERIOD,
            [("hela perioden 2025–2026", D(2025, 1, 1), D(2026, 12, 31))],
        ),
    ],
)
def test_each_cadence_divides_the_validity_into_its_periods(cadence, expected):
    periods = list(Period.between(promise(cadence)))
    assert [(str(p), p.start, p.end) for p in periods] == expected
    assert periods == sorted(periods)


def test_a_validity_starting_mid_tertial_includes_that_tertial():
    document = promise(Cadence.TERTIAL, D(2025, 6, 15), D(2026, 2, 1))
    assert [str(p) for p in Period.between(document)] == [
        "2025 tertial 2",
        "2025 tertial 3",
        "2026 tertial 1",
    ]


def test_the_end_of_period_cadence_has_one_period_whatever_the_validity():
    document = promise(Cadence.END_OF_PERIOD, D(2025, 3, 1), D(2025, 11, 30))
    (whole,) = Period.between(document)
    assert (str(whole), whole.start, whole.end) == (
        "hela perioden 2025",
        D(2025, 3, 1),
        D(2025, 11, 30),
    )
    assert whole.next() is None
    assert Period.containing(document, D(2025, 6, 1)) == whole


def test_a_tertial_in_a_leap_year_ends_on_the_last_of_april():
    assert Period(Cadence.TERTIAL, 2024, 1).end == D(2024, 4, 30)
    assert Period(Cadence.HALF_YEARLY, 2024, 1).end == D(2024, 6, 30)


def test_next_crosses_the_year_end():
    assert Period(Cadence.TERTIAL, 2025, 3).next() == Period(Cadence.TERTIAL, 2026, 1)
    assert Period(Cadence.YEARLY, 2025, 1).next() == Period(Cadence.YEARLY, 2026, 1)
    assert Period(Cadence.HALF_YEARLY, 2025, 2).next() == Period(Cadence.HALF_YEARLY, 2026, 1)


@pytest.mark.parametrize(
    ("cadence", "number"),
    [(Cadence.HALF_YEARLY, 3), (Cadence.TERTIAL, 4), (Cadence.YEARLY, 2), (Cadence.TERTIAL, 0)],
)
def test_a_number_outside_the_cadence_is_no_period(cadence, number):
    with pytest.raises(ValueError):
        Period(cadence, 2025, number)


@pytest.mark.parametrize(
    ("cadence", "year", "number", "slug"),
    [
        (Cadence.HALF_YEARLY, 2025, 1, "2025-halvar-1"),
        (Cadence.TERTIAL, 2025, 2, "2025-tertial-2"),
        (Cadence.YEARLY, 2025, 1, "helaret-2025"),
        (Cadence.END_OF_PERIOD, 2026, 1, "hela-perioden"),
    ],
)
def test_slugs_name_the_period_in_words_and_read_back(cadence, year, number, slug):
    document = promise(cadence)
    period = Period.of(document, year, number)
    assert period.slug == slug
    assert Period.from_slug(document, slug) == period


@pytest.mark.parametrize(
    ("cadence", "slug"),
    [
        (Cadence.HALF_YEARLY, "2025-tertial-2"),  # another cadence's words
        (Cadence.TERTIAL, "2025-tertial-4"),  # no fourth tertial
        (Cadence.TERTIAL, "2025-1"),  # the old address form
        (Cadence.YEARLY, "hela-perioden"),
        (Cadence.END_OF_PERIOD, "helaret-2026"),
        (Cadence.HALF_YEARLY, "2025-halvar-1-extra"),
        (Cadence.HALF_YEARLY, ""),
    ],
)
def test_slugs_of_no_period_of_the_cadence_read_as_none(cadence, slug):
    assert Period.from_slug(promise(cadence), slug) is None


def test_short_names_for_charts():
    assert Period(Cadence.HALF_YEARLY, 2025, 2).short_name == "2025 h2"
    assert Period(Cadence.TERTIAL, 2025, 3).short_name == "2025 t3"
    assert Period(Cadence.YEARLY, 2025, 1).short_name == "2025"
