"""Writes to follow-ups: creating one pre-fills a row per löfte from the previous follow-up; all
rows are saved at once or none; a published follow-up is frozen."""

from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connection, transaction

from followup import services
from followup.models import STATUSES_REQUIRING_REASON, CommitmentStatus, FollowUp, Status
from followup.selectors import promises_with_progress
from followup.status_inputs import MeasureInput, StatusInput, StatusRowsInvalid
from loften.models import CitizenPromise, Commitment, Measure, RatePer
from loften.services import steps
from tests.concurrency import Worker, wait_until_all_wait_for_a_lock
from tests.factories import (
    CommitmentFactory,
    CommitmentStatusFactory,
    FollowUpFactory,
    MeasureFactory,
    build_promise,
)

pytestmark = pytest.mark.django_db


def values_of(status):
    """A status row's measure values as (measure id, value, approximate)."""
    return tuple(
        sorted((v.measure_id, v.value, v.approximate) for v in status.measure_values.all())
    )


def rows_of(followup):
    return {
        s.commitment_id: (s.status, s.reason, s.comment, values_of(s))
        for s in CommitmentStatus.objects.filter(followup=followup).prefetch_related(
            "measure_values"
        )
    }


def inputs(followup):
    """The follow-up's rows as the form would send them back unchanged."""
    return [
        StatusInput(s.commitment_id, s.status, s.reason, s.comment)
        for s in followup.statuses.order_by("commitment__order")
    ]


def value_of(commitment_id, value, approximate=False):
    """The input of a value for the (only) measure of a löfte."""
    measure = Measure.objects.get(commitment_id=commitment_id)
    return (MeasureInput(measure.pk, Decimal(value), approximate),)


# --- Creating ------------------------------------------------------------------------------------


def test_create_pre_fills_every_row_from_the_previous_follow_up(promise, editor):
    previous = promise.followups.get(year=2021, number=2)
    followup = services.followup_create(promise=promise, year=2022, number=1, user=editor)

    assert followup.state == FollowUp.State.DRAFT
    before = rows_of(previous)
    after = rows_of(followup)
    assert set(after) == set(promise.commitments.values_list("pk", flat=True))
    for commitment_id, (status, reason, _comment, achieved) in before.items():
        # Status and number carry over; a reason only where the status needs one; comments
        # are the new half-year's own.
        expected_reason = reason if status in STATUSES_REQUIRING_REASON else ""
        assert after[commitment_id] == (status, expected_reason, "", achieved)
    record = followup.statuses.first().history.get()
    assert record.history_user == editor


def test_create_starts_from_the_latest_earlier_half_year_whatever_the_order_of_creation(
    promise, editor
):
    later = services.followup_create(promise=promise, year=2023, number=1, user=editor)
    assert rows_of(later) == {
        k: (s, r if s in STATUSES_REQUIRING_REASON else "", "", n)
        for k, (s, r, _c, n) in rows_of(promise.followups.get(year=2021, number=2)).items()
    }
    # 2022 h1 is created after 2023 h1 but starts from 2021 h2, the half-year before it.
    middle = services.followup_create(promise=promise, year=2022, number=1, user=editor)
    assert rows_of(middle) == rows_of(later)


def test_the_first_follow_up_starts_not_started_and_empty(editor):
    promise = build_promise(commitments=3, followups=0)
    followup = services.followup_create(promise=promise, year=2021, number=1, user=editor)
    assert set(rows_of(followup).values()) == {(Status.NOT_STARTED, "", "", ())}
    assert followup.statuses.count() == 3


def test_create_refuses_outside_the_validity_twice_and_for_drafts(promise, editor):
    with pytest.raises(ValidationError) as error:
        services.followup_create(promise=promise, year=2025, number=1, user=editor)
    assert "ligger utanför medborgarlöftets giltighetstid" in str(error.value)

    with pytest.raises(ValidationError) as error:
        services.followup_create(promise=promise, year=2021, number=2, user=editor)
    assert "Det finns redan en uppföljning" in str(error.value)

    draft = build_promise(state=CitizenPromise.State.DRAFT, followups=0)
    with pytest.raises(ValidationError) as error:
        services.followup_create(promise=draft, year=2021, number=1, user=editor)
    assert "är ett utkast" in str(error.value)
    assert not draft.followups.exists()


def test_create_needs_an_editor_of_a_party(promise, reviewer, stranger):
    for user in (reviewer, stranger):
        with pytest.raises(PermissionDenied):
            services.followup_create(promise=promise, year=2022, number=1, user=user)
    assert promise.followups.count() == 2


# --- Saving all rows -----------------------------------------------------------------------------


@pytest.fixture
def draft_followup(promise, editor):
    return services.followup_create(promise=promise, year=2022, number=1, user=editor)


def test_save_writes_every_changed_row_in_one_go(draft_followup, editor):
    rows = inputs(draft_followup)
    first, fifth = rows[0].commitment_id, rows[4].commitment_id
    kept = rows_of(draft_followup)[fifth][3]
    rows[0] = StatusInput(first, Status.DONE, "", "Klart i maj.", None, value_of(first, 20, True))
    rows[4] = StatusInput(fifth, Status.NOT_DONE, "Ingen budget.", "")
    version = draft_followup.lock_version

    changed = services.followup_statuses_save(
        followup=draft_followup, rows=rows, user=editor, lock_version=version
    )

    assert changed == 2
    saved = rows_of(draft_followup)
    measure = Measure.objects.get(commitment_id=first).pk
    assert saved[first] == (Status.DONE, "", "Klart i maj.", ((measure, 20, True),))
    assert saved[fifth] == (Status.NOT_DONE, "Ingen budget.", "", kept)  # values unchanged
    assert draft_followup.lock_version == version + 1
    assert CommitmentStatus.history.filter(history_type="~").count() == 2
    assert CommitmentStatus.history.filter(history_type="~").first().history_user == editor


def test_one_bad_row_saves_nothing_and_every_bad_row_is_named(draft_followup, editor):
    before = rows_of(draft_followup)
    rows = inputs(draft_followup)
    first = rows[0].commitment_id
    rows[0] = StatusInput(first, Status.DONE, "", "", None, value_of(first, 20))  # fine alone
    rows[2] = StatusInput(rows[2].commitment_id, Status.PARTLY_DONE, "  ", "")
    rows[3] = StatusInput(rows[3].commitment_id, "klar", "", "")
    other = CommitmentFactory()
    rows.append(StatusInput(other.pk, Status.DONE))
    rows.append(StatusInput(rows[1].commitment_id, Status.DONE))
    rows.append(StatusInput(999999, Status.DONE))

    with pytest.raises(StatusRowsInvalid) as error:
        services.followup_statuses_save(
            followup=draft_followup,
            rows=rows,
            user=editor,
            lock_version=draft_followup.lock_version,
        )

    errors = error.value.row_errors
    assert set(errors) == {2, 3, 6, 7, 8}
    assert errors[2] == {"reason": ["Ange ett skäl när status är ”delvis genomförd”."]}
    assert "status" in errors[3]
    assert "hör till ett annat medborgarlöfte" in errors[6][NON_FIELD_ERRORS][0]
    assert (
        f"Löfte {rows[1].commitment_id} finns redan på en rad före den här"
        in errors[7][NON_FIELD_ERRORS][0]
    )
    assert "Det finns inget löfte med nummer 999999" in errors[8][NON_FIELD_ERRORS][0]
    assert "Rad 3: Ange ett skäl" in " ".join(error.value.messages)
    assert rows_of(draft_followup) == before


def test_save_refuses_an_edit_based_on_an_old_version(draft_followup, editor):
    rows = inputs(draft_followup)
    services.followup_statuses_save(
        followup=draft_followup, rows=rows[:1], user=editor, lock_version=0
    )  # nothing changed: the version stays
    changed = [StatusInput(rows[0].commitment_id, Status.DONE)]
    services.followup_statuses_save(
        followup=FollowUp.objects.get(pk=draft_followup.pk),
        rows=changed,
        user=editor,
        lock_version=0,
    )
    stale = [StatusInput(rows[1].commitment_id, Status.DONE)]
    with pytest.raises(ValidationError) as error:
        services.followup_statuses_save(
            followup=FollowUp.objects.get(pk=draft_followup.pk),
            rows=stale,
            user=editor,
            lock_version=0,
        )
    assert "Någon annan har sparat ändringar" in str(error.value)
    assert rows_of(draft_followup)[rows[1].commitment_id][0] != Status.DONE


def test_save_needs_an_editor_of_a_party(draft_followup, reviewer, stranger):
    for user in (reviewer, stranger):
        with pytest.raises(PermissionDenied):
            services.followup_statuses_save(
                followup=draft_followup,
                rows=inputs(draft_followup),
                user=user,
                lock_version=draft_followup.lock_version,
            )


def test_a_missing_row_is_created(promise, editor):
    followup = FollowUpFactory(promise=promise, year=2022, number=2)
    commitment = promise.commitments.first()
    services.followup_statuses_save(
        followup=followup,
        rows=[
            StatusInput(
                commitment.pk, Status.IN_PROGRESS, "", "Påbörjat.", None, value_of(commitment.pk, 3)
            )
        ],
        user=editor,
        lock_version=0,
    )
    measure = Measure.objects.get(commitment=commitment).pk
    assert rows_of(followup) == {
        commitment.pk: (Status.IN_PROGRESS, "", "Påbörjat.", ((measure, 3, False),))
    }
    assert followup.statuses.get().progress == 15  # 3 of 20


# --- Publishing and the freeze -------------------------------------------------------------------


def test_publish_records_when_and_who_and_then_the_follow_up_is_frozen(draft_followup, editor):
    services.followup_publish(followup=draft_followup, user=editor)
    draft_followup.refresh_from_db()
    assert draft_followup.state == FollowUp.State.PUBLISHED
    assert draft_followup.published_by == editor
    assert draft_followup.published_at is not None
    before = rows_of(draft_followup)

    rows = [StatusInput(inputs(draft_followup)[0].commitment_id, Status.DONE)]
    with pytest.raises(ValidationError) as error:
        services.followup_statuses_save(
            followup=draft_followup, rows=rows, user=editor, lock_version=None
        )
    assert error.value.code == "frozen"
    assert "är publicerad och låst" in str(error.value)
    assert "nästa halvårs uppföljning" in str(error.value)

    draft_followup.summary = "Ändrad i efterhand."
    with pytest.raises(ValidationError, match="är publicerad och låst"):
        services.followup_save(followup=draft_followup, user=editor)
    with pytest.raises(ValidationError, match="kan inte längre ändras eller raderas"):
        services.followup_delete(followup=draft_followup, user=editor)
    assert rows_of(draft_followup) == before
    assert FollowUp.objects.get(pk=draft_followup.pk).summary != "Ändrad i efterhand."


def latest_followup(promise):
    """The follow-up marked latest, and what a list of documents reads through the mark."""
    (marked,) = FollowUp.objects.filter(promise=promise, is_latest=True)
    row = promises_with_progress(CitizenPromise.objects.filter(pk=promise.pk)).get()
    assert (row.latest_followup_pk, row.latest_followup_year, row.latest_followup_number) == (
        marked.pk,
        marked.year,
        marked.number,
    )
    progress = [s.progress for s in marked.statuses.all()]
    assert row.progress == pytest.approx(sum(progress) / len(progress))
    return marked.year, marked.number


def test_the_latest_published_follow_up_is_marked_on_every_write_path(promise, editor):
    assert latest_followup(promise) == (2021, 2)
    draft = services.followup_create(promise=promise, year=2023, number=1, user=editor)
    services.followup_save(followup=draft, user=editor)
    assert latest_followup(promise) == (2021, 2)  # a draft is not what citizens see
    services.followup_publish(followup=draft, user=editor)
    assert latest_followup(promise) == (2023, 1)
    # A follow-up of an earlier period published later does not take the mark.
    earlier = services.followup_create(promise=promise, year=2022, number=2, user=editor)
    services.followup_publish(followup=earlier, user=editor)
    assert latest_followup(promise) == (2023, 1)
    # A new version has no follow-up yet; a withdrawn document stays public, with its own.
    new = steps.citizen_promise_new_version(promise=promise, user=editor)
    row = promises_with_progress(CitizenPromise.objects.filter(pk=new.pk)).get()
    assert row.latest_followup_pk is None and row.progress is None
    assert latest_followup(promise) == (2023, 1)
    steps.citizen_promise_withdraw(promise=promise, user=editor, reason="Ersätts.")
    assert latest_followup(promise) == (2023, 1)


def test_publish_refuses_a_follow_up_without_a_status_for_every_commitment(promise, editor):
    followup = FollowUpFactory(promise=promise, year=2022, number=2)
    CommitmentStatusFactory(followup=followup, commitment=promise.commitments.first())
    with pytest.raises(ValidationError) as error:
        services.followup_publish(followup=followup, user=editor)
    assert "5 löften saknar status" in str(error.value)
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.DRAFT


def test_not_started_rows_do_not_stop_publishing(editor):
    promise = build_promise(commitments=2, followups=0)
    followup = services.followup_create(promise=promise, year=2021, number=1, user=editor)
    assert services.followup_publish_problems(followup) == []
    services.followup_publish(followup=followup, user=editor)


# --- Row locks, on PostgreSQL --------------------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (select_for_update is a no-op there); these run on "
    "PostgreSQL (CI sets DATABASE_URL).",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_the_same_version_one_wins_one_gets_a_conflict(reference_data):
    from tests.factories import MembershipFactory, municipality

    editor = MembershipFactory(municipality=municipality()).user
    promise = build_promise(commitments=4, followups=1)
    followup = services.followup_create(promise=promise, year=2021, number=2, user=editor)
    commitments = list(promise.commitments.order_by("order"))

    def save(i):
        # Both saves are based on the same version, lock_version 0.
        return lambda: services.followup_statuses_save(
            followup=FollowUp.objects.get(pk=followup.pk),
            rows=[StatusInput(c.pk, Status.DONE, "", f"Sparat av {i}.") for c in commitments],
            user=editor,
            lock_version=0,
        )

    with transaction.atomic():
        # Hold the lock until both saves are waiting for it: they certainly overlap.
        FollowUp.objects.select_for_update().get(pk=followup.pk)
        workers = [Worker(save(i)) for i in range(2)]
        wait_until_all_wait_for_a_lock(workers)
    results = [worker.join() for worker in workers]
    assert sorted("value" in r for r in results) == [False, True], results
    loser = next(r for r in results if "error" in r)["error"]
    assert "Någon annan har sparat ändringar" in " ".join(loser.messages)
    winner = next(i for i, r in enumerate(results) if "value" in r)
    comments = set(followup.statuses.values_list("comment", flat=True))
    assert comments == {f"Sparat av {winner}."}  # all rows from one save, none from the other


# --- Recurring löften and measures ---------------------------------------------------------------


def _save(followup, editor, rows):
    followup.refresh_from_db()
    return services.followup_statuses_save(
        followup=followup, rows=rows, user=editor, lock_version=followup.lock_version
    )


def test_the_recurring_statuses_and_a_count_are_for_recurring_löften_only(draft_followup, editor):
    plain = inputs(draft_followup)[1].commitment_id
    with pytest.raises(StatusRowsInvalid) as error:
        _save(draft_followup, editor, [StatusInput(plain, Status.ON_TRACK, count=3)])
    errors = error.value.row_errors[0]
    assert "”löper enligt plan” gäller bara återkommande löften" in errors["status"][0]
    assert "fylls i bara för återkommande löften" in errors["count"][0]

    Commitment.objects.filter(pk=plain).update(
        rate_target=1, rate_per=RatePer.WEEK, rate_counted="fotpatrulleringar"
    )
    with pytest.raises(StatusRowsInvalid) as error:
        _save(draft_followup, editor, [StatusInput(plain, Status.BELOW_PLAN, count=13)])
    assert error.value.row_errors[0] == {"reason": ["Ange ett skäl när status är ”under plan”."]}
    _save(draft_followup, editor, [StatusInput(plain, Status.BELOW_PLAN, "Sjukdom.", count=13)])
    row = draft_followup.statuses.get(commitment_id=plain)
    # 2022 h1 has 181 days, 25 6/7 weeks: 13 patrols are 0,50 per week against at least 1.
    assert (row.count, row.progress) == (13, 50)


def test_a_measure_value_must_be_of_the_löftes_own_measures_and_not_negative(
    draft_followup, editor
):
    rows = inputs(draft_followup)
    first, third = rows[0].commitment_id, rows[2].commitment_id
    others = Measure.objects.get(commitment_id=third)
    before = rows_of(draft_followup)
    with pytest.raises(StatusRowsInvalid) as error:
        _save(
            draft_followup,
            editor,
            [
                StatusInput(
                    first, Status.IN_PROGRESS, measure_values=(MeasureInput(others.pk, 3),)
                ),
                StatusInput(third, Status.IN_PROGRESS, measure_values=value_of(third, -1)),
            ],
        )
    errors = error.value.row_errors
    assert f"Mått nummer {others.pk} hör inte till löfte {first}" in errors[0][NON_FIELD_ERRORS][0]
    assert errors[1][NON_FIELD_ERRORS][0].startswith("kontroller: ")
    assert rows_of(draft_followup) == before


def test_several_measures_with_an_approximate_value(draft_followup, editor):
    first = inputs(draft_followup)[0].commitment_id
    controls = Measure.objects.get(commitment_id=first)
    drivers = MeasureFactory(commitment=controls.commitment, name="förare", target=40, order=1)
    _save(
        draft_followup,
        editor,
        [
            StatusInput(
                first,
                Status.IN_PROGRESS,
                measure_values=(
                    MeasureInput(controls.pk, Decimal(12)),
                    MeasureInput(drivers.pk, Decimal(100), approximate=True),
                ),
            )
        ],
    )
    row = draft_followup.statuses.get(commitment_id=first)
    assert rows_of(draft_followup)[first][3] == (
        (controls.pk, 12, False),
        (drivers.pk, 100, True),
    )
    assert row.progress == 80  # (12 of 20 = 60 % + ca 100 of 40 = 100 %) / 2
    assert row.measure_values.get(measure=drivers).history.get().history_user == editor
