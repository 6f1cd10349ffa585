"""Joint approval (`loften.approval`, `loften.services.approvals`): a draft is signed only after
each party has approved exactly its current content; a change withdraws the approvals and the
other party is e-mailed; only an editor of a party approves, for that party."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from loften import approval, services
from loften.models import Approval, CitizenPromise
from municipalities.models import Membership
from tests.factories import (
    CommitmentFactory,
    FocusAreaFactory,
    MembershipFactory,
    UserFactory,
    approve,
    municipality,
    party_editors,
)
from tests.loften.helpers import change_url, form_data, messages

State = CitizenPromise.State
Party = Approval.Party


@pytest.fixture
def parties(draft):
    """The municipality's editor and the police area's editor of the draft."""
    return party_editors(draft)


def _sent_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


# --- Signing needs every party -------------------------------------------------------------------


def test_one_party_alone_cannot_sign(draft, parties):
    kommun, polis = parties
    services.citizen_promise_approve(promise=draft, user=kommun)
    for signer in (kommun, polis):
        with pytest.raises(ValidationError) as error:
            services.citizen_promise_sign(promise=draft, user=signer)
        assert "Lokalpolisområde Test" in messages(error)
        assert "behöver godkänna det nuvarande innehållet" in messages(error)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_both_approvals_make_signing_possible(draft, parties):
    kommun, polis = parties
    services.citizen_promise_approve(promise=draft, user=kommun)
    services.citizen_promise_approve(promise=draft, user=polis)
    services.citizen_promise_sign(promise=draft, user=kommun)
    assert draft.state == State.SIGNED
    rows = draft.approvals.current()
    expected = {(Party.MUNICIPALITY, kommun), (Party.POLICE, polis)}
    assert {(a.party, a.user) for a in rows} == expected
    assert {a.content_hash for a in rows} == {approval.content_hash(draft)}
    assert rows.first().history.first().history_change_reason == "Godkänt"


def test_a_document_without_a_police_party_needs_only_the_municipality(draft):
    # The model still requires a police area; the rule reads the document's own parties.
    assert approval.required_parties(draft) == (Party.MUNICIPALITY, Party.POLICE)
    alone = CitizenPromise(municipality=draft.municipality, police_area=None)
    assert approval.required_parties(alone) == (Party.MUNICIPALITY,)


def test_approval_needs_complete_content(db):
    draft = CommitmentFactory(
        promise__situation="", promise__effects="", promise__followup_plan=""
    ).promise
    kommun = MembershipFactory(municipality=draft.municipality).user
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_approve(promise=draft, user=kommun)
    assert "inte klart att godkänna" in messages(error)
    assert "lägg till minst ett avsnitt med text" in messages(error)
    assert not draft.approvals.exists()


# --- Who approves --------------------------------------------------------------------------------


def test_only_an_editor_of_a_party_approves(draft, parties):
    national = UserFactory(is_superuser=True)
    reviewer = MembershipFactory(municipality=municipality(), role=Membership.Role.REVIEWER).user
    stranger = MembershipFactory(municipality=municipality("0486")).user
    for user in (national, reviewer, stranger):
        with pytest.raises(PermissionDenied):
            services.citizen_promise_approve(promise=draft, user=user)
    assert not draft.approvals.exists()


def test_a_party_approves_once_and_one_person_approves_for_one_party(draft, parties):
    kommun, _polis = parties
    services.citizen_promise_approve(promise=draft, user=kommun)
    colleague = MembershipFactory(municipality=draft.municipality).user
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_approve(promise=draft, user=colleague)
    assert "har redan godkänt det nuvarande innehållet" in messages(error)

    MembershipFactory(user=kommun, municipality=None, police_area=draft.police_area)
    kommun = type(kommun).objects.get(pk=kommun.pk)  # memberships are read once per object
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_approve(promise=draft, user=kommun, party=Party.POLICE)
    assert "be en kollega i Lokalpolisområde Test" in messages(error)
    assert draft.approvals.count() == 1


# --- A change withdraws ---------------------------------------------------------------------------


def test_a_change_after_approval_withdraws_it_and_the_other_party_is_emailed(
    draft, parties, django_capture_on_commit_callbacks
):
    kommun, polis = parties
    approve(draft, kommun, polis)
    mail.outbox.clear()

    draft.district = "Centrum"
    with django_capture_on_commit_callbacks(execute=True):
        services.citizen_promise_save(promise=draft, user=kommun)

    assert not draft.approvals.current().exists()
    for row in draft.approvals.all():
        assert row.withdrawal_reason.startswith("Innehållet ändrades av")
        event = row.history.first()
        assert event.history_change_reason == "Godkännandet återkallat: innehållet har ändrats"
        assert event.history_user == kommun
    (message,) = mail.outbox
    assert message.to == [polis.email]
    assert "har ändrats efter godkännandet" in message.subject
    assert "gäller därför inte längre" in message.body
    assert reverse("admin:loften_citizenpromise_change", args=[draft.pk]) in message.body
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_sign(promise=draft, user=kommun)
    assert "behöver godkänna" in messages(error)


@pytest.mark.parametrize("change", ["part_save", "part_delete", "focus_areas"])
def test_every_content_service_withdraws_approvals(draft, parties, change):
    kommun, _polis = parties
    approve(draft, *parties)
    commitment = draft.commitments.get()
    if change == "part_save":
        commitment.text = "göra något annat"
        services.citizen_promise_part_save(part=commitment, user=kommun)
    elif change == "part_delete":
        services.citizen_promise_part_delete(part=draft.places.get(), user=kommun)
    else:
        services.citizen_promise_part_save(
            part=commitment, user=kommun, focus_areas=[FocusAreaFactory()]
        )
    assert not draft.approvals.current().exists()


def test_a_save_that_changes_nothing_keeps_the_approvals(draft, parties):
    approve(draft, *parties)
    draft.title = draft.title + "  "  # as a browser sends it
    services.citizen_promise_save(promise=draft, user=parties[0])
    assert draft.approvals.current().count() == 2


def test_a_focus_area_changed_in_the_admin_withdraws_the_approvals(client, draft, parties):
    kommun, _polis = parties
    approve(draft, *parties)
    client.force_login(kommun)
    data = form_data(client.get(change_url(draft)))
    data["commitments-0-focus_areas"] = [FocusAreaFactory().pk]
    assert client.post(change_url(draft), data).status_code == 302
    assert draft.commitments.get().focus_areas.count() == 1
    assert not draft.approvals.current().exists()


# --- E-mail --------------------------------------------------------------------------------------


def test_the_first_approval_asks_the_other_party_and_the_second_tells_it_can_be_signed(
    draft, parties, django_capture_on_commit_callbacks
):
    kommun, polis = parties
    with django_capture_on_commit_callbacks(execute=True):
        services.citizen_promise_approve(promise=draft, user=kommun)
    (asked,) = mail.outbox
    assert asked.to == [polis.email]
    assert asked.subject == f"Be om godkännande: ”{draft.title}”"
    assert "Vingåkers kommun" in asked.body and "Godkänn" in asked.body
    assert "/admin/loften/citizenpromise/" in asked.body

    with django_capture_on_commit_callbacks(execute=True):
        services.citizen_promise_approve(promise=draft, user=polis)
    assert _sent_to(kommun)[0].subject == f"Godkänt av alla parter: ”{draft.title}”"


def test_withdrawing_an_approval_emails_the_other_party(
    draft, parties, django_capture_on_commit_callbacks
):
    kommun, polis = parties
    approve(draft, kommun)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.citizen_promise_withdraw_approval(promise=draft, user=kommun)
    (message,) = mail.outbox
    assert message.to == [polis.email]
    assert "återkallat" in message.subject
    row = draft.approvals.get()
    assert row.withdrawn_at is not None and row.withdrawal_reason.startswith("Återkallat av")
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_withdraw_approval(promise=draft, user=kommun)
    assert "inget gällande godkännande" in messages(error)


def test_a_refused_approval_sends_nothing(draft, django_capture_on_commit_callbacks):
    national = UserFactory(is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.citizen_promise_approve(promise=draft, user=national)
    assert mail.outbox == []


def test_a_signed_document_is_neither_approved_nor_unapproved(draft, parties):
    approve(draft, *parties)
    services.citizen_promise_sign(promise=draft, user=parties[0])
    for service in (services.citizen_promise_approve, services.citizen_promise_withdraw_approval):
        with pytest.raises(ValidationError) as error:
            service(promise=draft, user=parties[1])
        assert "Bara ett utkast godkänns" in messages(error)
    assert draft.approvals.current().count() == 2
