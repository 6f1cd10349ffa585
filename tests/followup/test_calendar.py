"""The follow-up calendar: due dates FOLLOWUP_DUE_DAYS after each half-year, late reports, and the
half-years officials are reminded of or offered to create, across year ends and leap years."""

import datetime

import pytest
from django.urls import reverse

from followup.calendar import (
    TimelineEntry,
    due_date,
    is_followup_overdue,
    is_overdue,
    needing_reminder,
    next_to_create,
    timeline,
)
from followup.models import FollowUp
from followup.periods import Period
from loften.models import Cadence, CitizenPromise
from tests.factories import CitizenPromiseFactory, FollowUpFactory, UserFactory


def H(year, number):  # noqa: N802
    """A half-year (halvår), the default cadence's period."""
    return Period(Cadence.HALF_YEARLY, year, number)


pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("half_year", "due"),
    [
        (H(2025, 1), D(2025, 8, 29)),  # 30 June + 60 days
        (H(2025, 2), D(2026, 3, 1)),  # over the year end, February has 28 days
        (H(2023, 2), D(2024, 2, 29)),  # into a leap year
        (H(2024, 1), D(2024, 8, 29)),
    ],
)
def test_due_date_is_sixty_days_after_the_half_year_ends(half_year, due):
    assert due_date(half_year) == due


def test_due_days_come_from_the_setting(settings):
    settings.FOLLOWUP_DUE_DAYS = 10
    assert due_date(H(2025, 2)) == D(2026, 1, 10)
    settings.FOLLOWUP_DUE_DAYS = 0
    assert due_date(H(2025, 2)) == D(2025, 12, 31)


def promise_over_the_year_end(**kwargs):
    """Valid from 1 July 2025 to 30 June 2026: two half-years, one in each year."""
    return CitizenPromiseFactory(
        valid_from=D(2025, 7, 1), valid_until=D(2026, 6, 30), published=True, **kwargs
    )


@pytest.mark.parametrize(
    ("today", "states"),
    [
        (D(2025, 6, 30), ["upcoming", "upcoming"]),
        (D(2025, 7, 1), ["due", "upcoming"]),
        (D(2025, 12, 31), ["due", "upcoming"]),
        (D(2026, 1, 1), ["due", "due"]),
        (D(2026, 3, 1), ["due", "due"]),  # the due day itself is not late
        (D(2026, 3, 2), ["overdue", "due"]),
        (D(2026, 8, 29), ["overdue", "due"]),
        (D(2026, 8, 30), ["overdue", "overdue"]),
    ],
)
def test_timeline_across_the_year_end(today, states):
    promise = promise_over_the_year_end()
    entries = timeline(promise, [], today)
    assert [e.period for e in entries] == [H(2025, 2), H(2026, 1)]
    assert [e.state for e in entries] == states
    assert is_overdue(promise, [], today) == ("overdue" in states)


def test_a_published_follow_up_is_never_late_and_a_draft_one_is():
    promise = promise_over_the_year_end()
    draft = FollowUpFactory(promise=promise, year=2025, number=2)
    today = D(2026, 3, 2)
    assert is_overdue(promise, [draft], today)
    assert is_followup_overdue(draft, today)
    assert not is_followup_overdue(draft, D(2026, 3, 1))

    draft.state = FollowUp.State.PUBLISHED
    draft.published_at = datetime.datetime(2026, 2, 20, tzinfo=datetime.UTC)
    assert not is_overdue(promise, [draft], today)
    assert not is_followup_overdue(draft, today)
    assert timeline(promise, [draft], today)[0].state == TimelineEntry.PUBLISHED


@pytest.mark.parametrize(
    "state",
    [CitizenPromise.State.DRAFT, CitizenPromise.State.SIGNED, CitizenPromise.State.WITHDRAWN],
)
def test_only_a_document_in_force_is_late(state):
    promise = promise_over_the_year_end()
    promise.state = state
    followup = FollowUpFactory(promise=promise, year=2025, number=2)
    assert not is_overdue(promise, [], D(2027, 1, 1))
    assert not is_followup_overdue(followup, D(2027, 1, 1))
    assert needing_reminder(promise, [], D(2027, 1, 1)) == []


def test_reminders_start_when_the_half_year_has_ended():
    promise = promise_over_the_year_end()
    assert needing_reminder(promise, [], D(2025, 12, 31)) == []
    [due] = needing_reminder(promise, [], D(2026, 1, 1))
    assert (due.period, due.state) == (H(2025, 2), TimelineEntry.DUE)
    overdue, due = needing_reminder(promise, [], D(2026, 7, 1))
    assert (overdue.period, overdue.state) == (H(2025, 2), TimelineEntry.OVERDUE)
    assert (due.period, due.state) == (H(2026, 1), TimelineEntry.DUE)


def test_next_to_create_is_the_earliest_begun_half_year_without_a_follow_up():
    promise = promise_over_the_year_end()
    assert next_to_create(promise, [], D(2025, 6, 1)) is None
    assert next_to_create(promise, [], D(2025, 7, 1)) == H(2025, 2)
    first = FollowUpFactory(promise=promise, year=2025, number=2)
    assert next_to_create(promise, [first], D(2025, 12, 31)) is None
    assert next_to_create(promise, [first], D(2026, 1, 1)) == H(2026, 1)
    second = FollowUpFactory(promise=promise, year=2026, number=1)
    assert next_to_create(promise, [first, second], D(2030, 1, 1)) is None


def test_admin_lists_say_forsenad(client, settings):
    """The document list and the follow-up list mark a late follow-up with the calendar's
    rule: the report of 2024 h2 was due on 1 March 2025."""
    promise = CitizenPromiseFactory(
        valid_from=D(2024, 7, 1), valid_until=D(2025, 6, 30), published=True
    )
    FollowUpFactory(promise=promise, year=2024, number=2)
    client.force_login(UserFactory(is_superuser=True))
    promises = client.get(reverse("admin:loften_citizenpromise_changelist")).text
    followups = client.get(reverse("admin:followup_followup_changelist")).text
    assert "<strong>Försenad</strong>" in promises
    assert "2025-03-01 <strong>Försenad</strong>" in followups


# --- Documents entered after the fact ------------------------------------------------------------


def published_in_portal(day, **kwargs):
    return CitizenPromiseFactory(
        published=True,
        published_at=datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC),
        **kwargs,
    )


def test_a_2024_document_entered_in_2026_owes_no_follow_up_and_is_not_late():
    promise = published_in_portal(
        D(2026, 3, 2), valid_from=D(2024, 1, 1), valid_until=D(2024, 12, 31)
    )
    today = D(2026, 11, 22)

    entries = timeline(promise, [], today)

    assert [e.state for e in entries] == [TimelineEntry.NOT_OWED] * 2
    assert not is_overdue(promise, [], today)
    assert needing_reminder(promise, [], today) == []
    assert next_to_create(promise, [], today) is None


def test_follow_ups_are_owed_from_the_half_year_of_publication_in_the_portal():
    promise = published_in_portal(
        D(2025, 9, 15), valid_from=D(2025, 1, 1), valid_until=D(2026, 12, 31)
    )
    today = D(2026, 11, 22)

    states = [e.state for e in timeline(promise, [], today)]

    assert states == ["not_owed", "overdue", "overdue", "due"]
    assert [e.period for e in needing_reminder(promise, [], today)] == [
        H(2025, 2),
        H(2026, 1),
    ]
    assert next_to_create(promise, [], today) == H(2025, 2)


def test_a_document_marked_as_not_followed_up_here_is_never_late():
    promise = published_in_portal(
        D(2025, 1, 2),
        valid_from=D(2025, 1, 1),
        valid_until=D(2026, 12, 31),
        followed_up_here=False,
    )
    today = D(2026, 11, 22)

    assert {e.state for e in timeline(promise, [], today)} == {TimelineEntry.NOT_OWED}
    assert not is_overdue(promise, [], today)
    assert needing_reminder(promise, [], today) == []
    assert next_to_create(promise, [], today) is None


def test_a_published_follow_up_before_publication_still_shows_as_published():
    promise = published_in_portal(
        D(2026, 3, 2), valid_from=D(2024, 1, 1), valid_until=D(2024, 12, 31)
    )
    followup = FollowUpFactory(
        promise=promise,
        year=2024,
        number=1,
        state=FollowUp.State.PUBLISHED,
        published_at=D(2026, 3, 3),
    )

    states = [e.state for e in timeline(promise, [followup], D(2026, 11, 22))]

    assert states == [TimelineEntry.PUBLISHED, TimelineEntry.NOT_OWED]


# --- Each cadence ---------------------------------------------------------------------------------


def published_with(cadence):
    """A document valid 2025–2026 in `cadence`, published in the portal on its first day."""
    return published_in_portal(
        D(2025, 1, 1), cadence=cadence, valid_from=D(2025, 1, 1), valid_until=D(2026, 12, 31)
    )


@pytest.mark.parametrize(
    ("cadence", "dues"),
    [
        (Cadence.HALF_YEARLY, [D(2025, 8, 29), D(2026, 3, 1), D(2026, 8, 29), D(2027, 3, 1)]),
        (
            Cadence.TERTIAL,
            [
                D(2025, 6, 29),  # 30 April + 60 days
                D(2025, 10, 30),  # 31 August + 60 days
                D(2026, 3, 1),  # 31 December + 60 days
                D(2026, 6, 29),
                D(2026, 10, 30),
                D(2027, 3, 1),
            ],
        ),
        (Cadence.YEARLY, [D(2026, 3, 1), D(2027, 3, 1)]),
        (Cadence.END_OF_PERIOD, [D(2027, 3, 1)]),
    ],
)
def test_each_cadence_has_its_due_dates(cadence, dues):
    promise = published_with(cadence)
    assert [e.due for e in timeline(promise, [], D(2025, 1, 2))] == dues


@pytest.mark.parametrize(
    ("cadence", "today", "states"),
    [
        # 2026-11-22: tertial 2 of 2026 ended 31 August and was due 30 October.
        (
            Cadence.TERTIAL,
            D(2026, 11, 22),
            ["overdue", "overdue", "overdue", "overdue", "overdue", "due"],
        ),
        (Cadence.TERTIAL, D(2026, 10, 30), ["overdue"] * 4 + ["due", "due"]),
        (Cadence.YEARLY, D(2026, 11, 22), ["overdue", "due"]),
        (Cadence.YEARLY, D(2026, 3, 1), ["due", "due"]),
        (Cadence.END_OF_PERIOD, D(2026, 11, 22), ["due"]),
        (Cadence.END_OF_PERIOD, D(2027, 3, 2), ["overdue"]),
    ],
)
def test_each_cadence_is_late_after_its_own_due_dates(cadence, today, states):
    promise = published_with(cadence)
    assert [e.state for e in timeline(promise, [], today)] == states
    assert is_overdue(promise, [], today) == ("overdue" in states)


def test_a_tertial_document_is_reminded_of_ended_tertials_and_offered_the_next():
    promise = published_with(Cadence.TERTIAL)
    first = FollowUpFactory(
        promise=promise,
        year=2025,
        number=1,
        state=FollowUp.State.PUBLISHED,
        published_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC),
    )
    today = D(2025, 9, 5)
    assert [str(e.period) for e in needing_reminder(promise, [first], today)] == ["2025 tertial 2"]
    assert str(next_to_create(promise, [first], today)) == "2025 tertial 2"
    assert not is_overdue(promise, [first], today)
    assert is_overdue(promise, [first], D(2025, 10, 31))


def test_the_end_of_period_follow_up_is_owed_however_late_the_document_was_published():
    promise = published_in_portal(
        D(2026, 5, 1),
        cadence=Cadence.END_OF_PERIOD,
        valid_from=D(2025, 1, 1),
        valid_until=D(2026, 12, 31),
    )
    (entry,) = timeline(promise, [], D(2027, 3, 2))
    assert (str(entry.period), entry.state) == ("hela perioden 2025–2026", "overdue")
    assert needing_reminder(promise, [], D(2026, 12, 31)) == []
    assert [str(e.period) for e in needing_reminder(promise, [], D(2027, 1, 1))] == [
        "hela perioden 2025–2026"
    ]
