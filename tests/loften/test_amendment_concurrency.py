"""Two officials of the police approving the same amendment at once: they wait for the
document's row lock in turn, so the change is applied once and the second is told it is already
approved (PostgreSQL only; tests/concurrency.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from loften import services
from loften.models import Amendment, CitizenPromise
from tests.concurrency import Worker, wait_until_all_wait_for_a_lock
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    MeasureFactory,
    MembershipFactory,
    PoliceAreaFactory,
    in_force_today,
    municipality,
    party_editors,
    record_approvals,
)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (select_for_update is a no-op there) and serialises all "
    "writes; these run on PostgreSQL (CI sets DATABASE_URL).",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_apply_the_change_once(reference_data):
    promise = CitizenPromiseFactory(
        police_area=PoliceAreaFactory(municipalities=[municipality()]),
        published=True,
        **in_force_today(),
    )
    commitment = CommitmentFactory(promise=promise)
    measure = MeasureFactory(commitment=commitment, name="kontroller", target=20)
    record_approvals(promise)
    kommun, polis = party_editors(promise)
    colleague = MembershipFactory(municipality=None, police_area=promise.police_area).user
    amendment = services.amendment_propose(
        commitment=commitment,
        user=kommun,
        values={"measures": [{"id": measure.pk, "name": "kontroller", "unit": "", "target": 30}]},
        reason="Parterna höjer målet.",
        effective_from=promise.valid_from,
    )
    with transaction.atomic():
        CitizenPromise.objects.select_for_update().get(pk=promise.pk)
        workers = [
            Worker(
                lambda user=user: services.amendment_approve(
                    amendment=Amendment.objects.get(pk=amendment.pk), user=user
                )
            )
            for user in (polis, colleague)
        ]
        wait_until_all_wait_for_a_lock(workers)
    results = [worker.join() for worker in workers]
    assert sorted("value" in r for r in results) == [False, True], results
    refused = next(r for r in results if "error" in r)["error"]
    assert isinstance(refused, ValidationError)
    assert "redan godkänd" in " ".join(refused.messages)
    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.APPROVED
    assert amendment.approvals.count() == 2
    measure.refresh_from_db()
    assert measure.target == 30
