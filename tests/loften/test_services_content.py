"""Saving a medborgarlöfte and its parts: a draft is edited, its parts saved and deleted, through
the services and through the admin; an edit never sets the state; signed content is frozen, and
signed documents are never deleted; a stale edit (of a document or a follow-up) is a conflict
that keeps the first edit (optimistic locking)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followup import services as followup_services
from followup.models import FollowUp
from loften import services
from loften.models import CitizenPromise, Commitment
from tests.factories import (
    FocusAreaFactory,
    FollowUpFactory,
    MembershipFactory,
    approve,
    municipality,
)
from tests.loften.helpers import change_url, form_data, messages

State = CitizenPromise.State


# --- The freeze ----------------------------------------------------------------------------------


def test_signed_content_is_frozen_in_the_services(draft, editor):
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    commitment = draft.commitments.get()
    original_text = commitment.text

    draft.district = "Centrum"
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_save(promise=draft, user=editor)
    assert "innehållet är låst" in messages(error)
    assert "Skapa en ny version" in messages(error)

    commitment.text = "något annat"
    for attempt in (
        lambda: services.citizen_promise_part_save(part=commitment, user=editor),
        lambda: services.citizen_promise_part_save(
            part=Commitment(promise=draft, group=commitment.group, text="nytt"), user=editor
        ),
        lambda: services.citizen_promise_part_delete(part=commitment, user=editor),
        lambda: services.citizen_promise_delete(promise=draft, user=editor),
    ):
        with pytest.raises(ValidationError):
            attempt()
    draft.refresh_from_db()
    assert draft.district == ""
    assert list(draft.commitments.values_list("text", flat=True)) == [original_text]


def test_a_draft_is_edited_and_deleted_through_the_services(draft, editor):
    draft.district = "Nävertorp"
    services.citizen_promise_save(promise=draft, user=editor)
    assert draft.lock_version == 1
    record = draft.history.first()
    assert (record.district, record.history_user) == ("Nävertorp", editor)

    part = services.citizen_promise_part_save(
        part=Commitment(
            promise=draft,
            group=draft.commitment_groups.first(),
            text="hålla trygghetsvandringar",
        ),
        user=editor,
        focus_areas=[FocusAreaFactory()],
    )
    assert part.focus_areas.count() == 1
    draft.refresh_from_db()
    assert draft.lock_version == 2  # a part's change is a change to the document

    services.citizen_promise_delete(promise=draft, user=editor)
    assert not CitizenPromise.objects.filter(pk=draft.pk).exists()


def test_an_edit_cannot_set_the_state(draft, editor):
    draft.state = State.PUBLISHED
    draft.published_at = timezone.now()
    services.citizen_promise_save(promise=draft, user=editor)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    created = services.citizen_promise_save(
        promise=CitizenPromise(
            municipality=draft.municipality,
            police_area=draft.police_area,
            title="Nytt",
            valid_from=datetime.date(2027, 1, 1),
            valid_until=datetime.date(2027, 12, 31),
            state=State.PUBLISHED,
            published_at=timezone.now(),
        ),
        user=editor,
    )
    assert created.state == State.DRAFT
    assert created.published_at is None


def test_a_stale_edit_is_a_conflict_and_the_first_edit_survives(draft, editor):
    first = CitizenPromise.objects.get(pk=draft.pk)
    second = CitizenPromise.objects.get(pk=draft.pk)
    first.district = "Den första redaktörens text."
    services.citizen_promise_save(promise=first, user=editor)
    second.district = "Den andra redaktörens text."
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_save(promise=second, user=editor)
    assert "Någon annan har sparat ändringar" in messages(error)
    assert "kommun.vingaker" in messages(error)
    draft.refresh_from_db()
    assert draft.district == "Den första redaktörens text."


# --- Deleting -----------------------------------------------------------------------------------


def test_signed_and_published_documents_are_never_deleted(draft, editor):
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_delete(promise=draft, user=editor)
    assert "raderas aldrig" in messages(error)
    assert CitizenPromise.objects.filter(pk=draft.pk).exists()


# --- Through the admin ---------------------------------------------------------------------------


def test_admin_edit_of_a_signed_document_is_refused_with_a_way_forward(client, draft, editor):
    client.force_login(editor)
    stale = client.get(change_url(draft))  # opened while it was a draft
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)

    page = client.get(change_url(draft))
    assert 'name="_save"' not in page.text
    assert "Skapa ny version" in page.text
    assert reverse("loften:promise_pdf_export", args=[draft.pk]) in page.text

    data = form_data(stale)
    data["district"] = "Ändrad efter underskrift."
    data["commitments-0-text"] = "ändrat löfte"
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    assert "innehållet är låst" in response.text
    assert "Skapa en ny version" in response.text
    draft.refresh_from_db()
    assert draft.district != "Ändrad efter underskrift."
    assert draft.commitments.get().text != "ändrat löfte"


def test_concurrent_admin_edits_second_save_gets_a_conflict(client, draft, editor):
    colleague = MembershipFactory(
        user__username="polis.katrineholm", municipality=None, police_area=draft.police_area
    ).user
    other_client = Client()
    client.force_login(editor)
    other_client.force_login(colleague)
    first = form_data(client.get(change_url(draft)))
    second = form_data(other_client.get(change_url(draft)))

    first["district"] = "Kommunens nya lägesbild."
    assert client.post(change_url(draft), first).status_code == 302

    second["district"] = "Polisens nya lägesbild."
    second["commitments-0-text"] = "polisens ändring"
    response = other_client.post(change_url(draft), second)
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.text
    assert "Polisens nya lägesbild." in response.text  # still in the form, to copy

    draft.refresh_from_db()
    assert draft.district == "Kommunens nya lägesbild."
    assert draft.commitments.get().text != "polisens ändring"

    # Reopening the page shows the first edit and saves without conflict.
    fresh = form_data(other_client.get(change_url(draft)))
    fresh["district"] = "Polisens nya lägesbild."
    assert other_client.post(change_url(draft), fresh).status_code == 302


# --- Follow-ups ----------------------------------------------------------------------------------


def test_follow_up_conflict_and_permissions(draft, editor):
    followup = FollowUpFactory(promise=draft)
    first = FollowUp.objects.get(pk=followup.pk)
    second = FollowUp.objects.get(pk=followup.pk)
    first.summary = "Först."
    followup_services.followup_save(followup=first, user=editor)
    second.summary = "Sedan."
    with pytest.raises(ValidationError) as error:
        followup_services.followup_save(followup=second, user=editor)
    assert "Någon annan har sparat ändringar" in messages(error)

    stranger = MembershipFactory(municipality=municipality("0486")).user
    with pytest.raises(PermissionDenied):
        followup_services.followup_save(
            followup=FollowUp.objects.get(pk=followup.pk), user=stranger
        )
