"""Two approvals at the same time each count once: they wait for the document's row lock in turn,
so both parties' approvals are recorded and the draft can be signed, and one party approving
twice at once records one approval (PostgreSQL only; tests/concurrency.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from loften import approval, services
from loften.models import CitizenPromise
from tests.concurrency import Worker, wait_until_all_wait_for_a_lock
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    MembershipFactory,
    PoliceAreaFactory,
    SignatoryFactory,
    municipality,
    party_editors,
)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (select_for_update is a no-op there) and serialises all "
    "writes; these run on PostgreSQL (CI sets DATABASE_URL).",
)


def _signable_draft():
    promise = CitizenPromiseFactory(police_area=PoliceAreaFactory(municipalities=[municipality()]))
    CommitmentFactory(promise=promise)
    SignatoryFactory(promise=promise)
    return promise


def _approving(promise, user):
    return Worker(
        lambda: services.citizen_promise_approve(
            promise=CitizenPromise.objects.get(pk=promise.pk), user=user
        )
    )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_both_parties_approving_at_once_both_count_once(reference_data):
    promise = _signable_draft()
    editors = party_editors(promise)
    with transaction.atomic():
        # Hold the lock until both approvals wait for it: they certainly overlap.
        CitizenPromise.objects.select_for_update().get(pk=promise.pk)
        workers = [_approving(promise, user) for user in editors]
        wait_until_all_wait_for_a_lock(workers)
    results = [worker.join() for worker in workers]
    assert all("value" in result for result in results), results
    assert sorted(promise.approvals.current().values_list("party", flat=True)) == [
        "municipality",
        "police",
    ]
    assert approval.is_complete(approval.approval_states(promise))
    services.citizen_promise_sign(promise=promise, user=editors[0])
    assert promise.state == CitizenPromise.State.SIGNED


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_one_party_approving_twice_at_once_records_one_approval(reference_data):
    promise = _signable_draft()
    colleagues = [MembershipFactory(municipality=promise.municipality).user for _ in range(2)]
    with transaction.atomic():
        CitizenPromise.objects.select_for_update().get(pk=promise.pk)
        workers = [_approving(promise, user) for user in colleagues]
        wait_until_all_wait_for_a_lock(workers)
    results = [worker.join() for worker in workers]
    assert sorted("value" in r for r in results) == [False, True], results
    refused = next(r for r in results if "error" in r)["error"]
    assert isinstance(refused, ValidationError)
    assert "har redan godkänt det nuvarande innehållet" in " ".join(refused.messages)
    assert promise.approvals.count() == 1
