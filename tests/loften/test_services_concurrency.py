"""Row locks keep two publishes, or two admin saves of the same version, from both succeeding:
the second waits for the first and is then refused (PostgreSQL only; tests/concurrency.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from loften import services
from loften.models import CitizenPromise
from tests.concurrency import Worker, wait_until_all_wait_for_a_lock
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    MembershipFactory,
    PoliceAreaFactory,
    SignatoryFactory,
    approve,
    municipality,
)
from tests.loften.helpers import change_url, form_data

State = CitizenPromise.State


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (select_for_update is a no-op there) and serialises all "
    "writes; these run on PostgreSQL (CI sets DATABASE_URL).",
)


# --- Row locks, on PostgreSQL --------------------------------------------------------------------


def _signed_document():
    area = PoliceAreaFactory(municipalities=[municipality()])
    promise = CitizenPromiseFactory(police_area=area)
    CommitmentFactory(promise=promise)
    SignatoryFactory(promise=promise)
    editor = MembershipFactory(municipality=promise.municipality).user
    approve(promise)
    services.citizen_promise_sign(promise=promise, user=editor)
    return promise, editor


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_publish_waits_for_the_row_lock_and_then_refuses(reference_data):
    promise, editor = _signed_document()
    with transaction.atomic():
        # Another transaction is in the middle of publishing: it holds the row lock.
        locked = CitizenPromise.objects.select_for_update().get(pk=promise.pk)
        worker = Worker(
            lambda: services.citizen_promise_publish(
                promise=CitizenPromise.objects.get(pk=promise.pk), user=editor
            )
        )
        # PostgreSQL reports the publish as waiting for our lock (not merely slow).
        wait_until_all_wait_for_a_lock([worker])
        assert not worker.done.is_set(), "publish did not wait for the row lock"
        locked.state = State.PUBLISHED
        locked.published_at = timezone.now()
        locked.save()
    result = worker.join()
    assert isinstance(result.get("error"), ValidationError), result
    assert "är redan publicerat" in " ".join(result["error"].messages)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_publishes_cannot_both_succeed(reference_data):
    promise, editor = _signed_document()
    with transaction.atomic():
        # Hold the lock until both publishes are waiting for it: they certainly overlap.
        CitizenPromise.objects.select_for_update().get(pk=promise.pk)
        workers = [
            Worker(
                lambda: services.citizen_promise_publish(
                    promise=CitizenPromise.objects.get(pk=promise.pk), user=editor
                )
            )
            for _ in range(2)
        ]
        wait_until_all_wait_for_a_lock(workers)
    results = [worker.join() for worker in workers]
    assert sorted("value" in r for r in results) == [False, True], results
    assert "är redan publicerat" in " ".join(
        next(r for r in results if "error" in r)["error"].messages
    )
    assert (
        CitizenPromise.history.filter(id=promise.pk, history_change_reason="Publicerat").count()
        == 1
    )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_admin_saves_one_wins_one_gets_a_conflict(reference_data, settings):
    settings.ADMIN_REQUIRE_2FA = False
    promise = CitizenPromiseFactory(police_area=PoliceAreaFactory(municipalities=[municipality()]))
    CommitmentFactory(promise=promise)
    editors = [MembershipFactory(municipality=promise.municipality).user for _ in range(2)]
    clients = []
    for user in editors:
        c = Client()
        c.force_login(user)
        clients.append(c)
    # Both editors opened the same version of the form.
    forms = [form_data(c.get(change_url(promise))) for c in clients]

    def save(i):
        data = {**forms[i], "district": f"Lägesbild från redaktör {i}."}
        return lambda: clients[i].post(change_url(promise), data)

    with transaction.atomic():
        # Hold the lock until both saves are waiting for it: they certainly overlap.
        CitizenPromise.objects.select_for_update().get(pk=promise.pk)
        workers = [Worker(save(i)) for i in range(2)]
        wait_until_all_wait_for_a_lock(workers)
    results = [worker.join() for worker in workers]
    responses = [result["value"] for result in results]
    assert sorted(r.status_code for r in responses) == [200, 302]
    loser = next(r for r in responses if r.status_code == 200)
    assert "Någon annan har sparat ändringar" in loser.content.decode()
    winner = responses.index(next(r for r in responses if r.status_code == 302))
    promise.refresh_from_db()
    assert promise.district == f"Lägesbild från redaktör {winner}."
