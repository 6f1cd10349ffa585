"""The history names each change's author as text (username and organisations at the time), so
the record survives the user row; users who appear in the history or the admin's log are never
deleted (security finding: deleting a user erased the audit trail)."""

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from followup import services as followup_services
from followup.models import CommitmentStatus
from loften.models import CitizenPromise
from municipalities import services
from municipalities.history import AuthoredHistory
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    SignatoryFactory,
    UserFactory,
    approve,
    build_promise,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def national(db):
    return UserFactory(username="riks", is_superuser=True)


def sign_in_admin(client, user):
    client.force_login(user)
    return client


def signed_through_the_admin(client, editor):
    promise = CitizenPromiseFactory()
    CommitmentFactory(promise=promise)
    SignatoryFactory(promise=promise)
    approve(promise)
    sign_in_admin(client, editor)
    response = client.post(reverse("admin:loften_citizenpromise_sign", args=[promise.pk]))
    assert response.status_code == 302
    return promise


def test_a_signing_event_names_its_author_after_deactivation_and_without_the_user_row(
    client, editor, national
):
    promise = signed_through_the_admin(client, editor)
    services.user_deactivate(user=national, user_ids=[editor.pk])

    event = promise.history.get(history_change_reason="Undertecknat")
    assert (event.history_user, event.history_user_username) == (editor, "kommun.vingaker")
    assert event.history_user_organisations == "Vingåkers kommun"

    # As if a database administrator removed the user row: the key is gone, the text stays.
    CitizenPromise.history.filter(history_user=editor).update(history_user=None)
    event = promise.history.get(history_change_reason="Undertecknat")
    assert event.history_user is None
    assert (event.history_user_username, event.history_user_organisations) == (
        "kommun.vingaker",
        "Vingåkers kommun",
    )
    sign_in_admin(client, national)
    page = client.get(reverse("admin:loften_citizenpromise_history", args=[promise.pk]))
    assert page.status_code == 200
    assert "kommun.vingaker" in page.text and "Vingåkers kommun" in page.text


def test_deleting_an_author_is_refused_and_the_admin_log_is_kept(client, editor, national):
    promise = signed_through_the_admin(client, editor)
    sign_in_admin(client, national)
    membership = editor.memberships.get()
    response = client.post(
        reverse("admin:municipalities_membership_change", args=[membership.pk]),
        {"user": editor.pk, "municipality": membership.municipality_id, "role": "reviewer"},
    )
    assert response.status_code == 302
    assert LogEntry.objects.filter(user=national).count() == 1
    signing = promise.history.get(history_change_reason="Undertecknat")

    # The refusal comes from inside Django's delete transaction; each attempt gets its own.
    refused = "Inaktivera kontot i stället"
    for author in (editor, national):
        with pytest.raises(ProtectedError, match=refused), transaction.atomic():
            author.delete()
        with pytest.raises(ProtectedError), transaction.atomic():
            User.objects.filter(pk=author.pk).delete()

    assert User.objects.filter(pk__in=[editor.pk, national.pk]).count() == 2
    assert LogEntry.objects.filter(user=national).count() == 1
    signing.refresh_from_db()
    assert signing.history_user == editor


def test_a_user_who_never_changed_anything_can_still_be_deleted_in_code():
    # Nothing in the history or the log points at this user: deleting loses no record.
    user = UserFactory(username="felskapad")
    user.delete()
    assert not User.objects.filter(username="felskapad").exists()


def test_history_written_in_bulk_names_its_author(editor):
    promise = build_promise(state=CitizenPromise.State.SIGNED, followups=0)
    followup_services.followup_create(promise=promise, year=2021, number=1, user=editor)
    rows = CommitmentStatus.history.filter(history_type="+")
    assert rows.count() == 3
    assert {(r.history_user_username, r.history_user_organisations) for r in rows} == {
        ("kommun.vingaker", "Vingåkers kommun")
    }


def test_every_historical_model_keeps_its_author_as_text():
    historical = [
        model
        for model in apps.get_models()
        if model.__name__.startswith("Historical") and hasattr(model, "history_user")
    ]
    assert {model.__name__ for model in historical} >= {
        "HistoricalCitizenPromise",
        "HistoricalFollowUp",
        "HistoricalMembership",
        "HistoricalUser",
    }
    assert [m.__name__ for m in historical if not issubclass(m, AuthoredHistory)] == []
