"""Amendments (ändringar) of a löfte while its signed document runs: only through both parties'
approval, with a reason, never on a draft, never by another organisation, applied atomically,
and without a new document version (`loften.services.amendments`)."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from loften import services
from loften.models import Amendment, CitizenPromise, Commitment
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    MeasureFactory,
    MembershipFactory,
    UserFactory,
    in_force_today,
    municipality,
    party_editors,
    record_approvals,
)
from tests.loften.helpers import messages

State = CitizenPromise.State
EFFECTIVE = datetime.date(2025, 9, 1)


@pytest.fixture
def published(db):
    promise = CitizenPromiseFactory(published=True, **in_force_today())
    MeasureFactory(
        commitment=CommitmentFactory(promise=promise), name="trafikkontroller", unit="st"
    )
    return record_approvals(promise)


def target(promise):
    """The target of the löfte's (first) measure."""
    return promise.commitments.get().measures.first().target


def new_target(commitment, value):
    measure = commitment.measures.first()
    return [{"id": measure.pk, "name": measure.name, "unit": measure.unit, "target": value}]


@pytest.fixture
def editors(published):
    return party_editors(published)


def propose(commitment, user, **values):
    return services.amendment_propose(
        commitment=commitment,
        user=user,
        values=values
        or {"measures": new_target(commitment, 30), "ends_on": datetime.date(2027, 12, 31)},
        reason="Kontrollerna gav effekt; parterna förlänger och höjer målet.",
        effective_from=EFFECTIVE,
    )


def test_both_parties_approve_and_the_change_is_applied_without_a_new_version(published, editors):
    kommun, polis = editors
    commitment = published.commitments.get()
    before = (published.lock_version, published.state, published.signed_at)

    amendment = propose(commitment, kommun)
    commitment.refresh_from_db()
    assert amendment.state == Amendment.State.PROPOSED
    assert target(published) == 20  # not yet: the police has not approved

    services.amendment_approve(amendment=amendment, user=polis, lock_version=amendment.lock_version)
    amendment.refresh_from_db()
    commitment.refresh_from_db()
    assert amendment.state == Amendment.State.APPROVED and amendment.approved_at
    assert (target(published), commitment.ends_on) == (30, datetime.date(2027, 12, 31))
    assert [(r["label"], r["before_text"], r["after_text"]) for r in amendment.change_rows()] == [
        ("Mått", "trafikkontroller: 20 st", "trafikkontroller: 30 st"),
        ("Period", "medborgarlöftets giltighetstid", "till 2027-12-31"),
    ]
    # The same document: no new version, the same state and signature.
    assert CitizenPromise.objects.count() == 1
    published.refresh_from_db()
    assert (published.state, published.signed_at) == before[1:]
    assert published.lock_version == before[0] + 1
    for changed in (commitment, commitment.measures.get()):
        assert changed.history.first().history_change_reason.startswith(
            "Ändrat genom en ändring under löptiden: Kontrollerna gav effekt"
        )
    assert list(Amendment.objects.published()) == [amendment]


def test_refused_without_a_reason(published, editors):
    with pytest.raises(ValidationError) as error:
        services.amendment_propose(
            commitment=published.commitments.get(),
            user=editors[0],
            values={"text": "ny metod"},
            reason="  ",
            effective_from=EFFECTIVE,
        )
    assert "Skriv varför löftet ändras" in messages(error)
    assert not Amendment.objects.exists()


def test_one_party_alone_changes_nothing_and_may_not_approve_twice(published, editors):
    kommun, _polis = editors
    amendment = propose(published.commitments.get(), kommun)
    colleague = MembershipFactory(municipality=published.municipality).user
    with pytest.raises(ValidationError) as error:
        services.amendment_approve(amendment=amendment, user=colleague)
    assert "redan godkänt" in messages(error)
    with pytest.raises(ValidationError) as error:
        services.amendment_approve(amendment=amendment, user=kommun)
    assert "redan godkänt" in messages(error)
    assert target(published) == 20


def test_a_draft_is_edited_directly(editors):
    draft = CitizenPromiseFactory(municipality=municipality())
    commitment = MeasureFactory(commitment__promise=draft).commitment
    kommun = MembershipFactory(municipality=draft.municipality).user
    with pytest.raises(ValidationError) as error:
        propose(commitment, kommun)
    assert "ändra löftet direkt i utkastet" in messages(error)


def test_another_organisation_and_a_national_administrator_may_not(published):
    stranger = MembershipFactory(municipality=municipality("0486")).user
    with pytest.raises(PermissionDenied):
        propose(published.commitments.get(), stranger)
    with pytest.raises(PermissionDenied):
        propose(published.commitments.get(), UserFactory(is_superuser=True))
    assert not Amendment.objects.exists()


def test_nothing_changed_and_invalid_values_are_refused(published, editors):
    commitment = published.commitments.get()
    with pytest.raises(ValidationError) as error:
        propose(commitment, editors[0], measures=new_target(commitment, 20))
    assert "ändrar ingenting" in messages(error)
    with pytest.raises(ValidationError) as error:
        propose(
            commitment,
            editors[0],
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2026, 1, 1),
        )
    assert "sluta efter att den börjar" in messages(error)


def test_one_proposal_at_a_time_and_a_withdrawn_one_changes_nothing(published, editors):
    kommun, polis = editors
    commitment = published.commitments.get()
    amendment = propose(commitment, kommun)
    with pytest.raises(ValidationError) as error:
        propose(commitment, polis, text="ny metod")
    assert "redan en föreslagen ändring" in messages(error)
    services.amendment_withdraw(amendment=amendment, user=polis)
    with pytest.raises(ValidationError) as error:
        services.amendment_approve(amendment=amendment, user=polis)
    assert "återkallad" in messages(error)
    assert commitment.text == Commitment.objects.get().text
    assert not Amendment.objects.published().exists()


def test_an_approval_based_on_an_old_version_is_refused(published, editors):
    kommun, polis = editors
    amendment = propose(published.commitments.get(), kommun)
    stale = amendment.lock_version - 1
    with pytest.raises(ValidationError) as error:
        services.amendment_approve(amendment=amendment, user=polis, lock_version=stale)
    assert "Någon annan har ändrat förslaget" in messages(error)


def test_applied_atomically(published, editors):
    """When writing the löfte fails, neither the last approval nor the state is kept."""
    kommun, polis = editors
    amendment = propose(published.commitments.get(), kommun)
    with (
        mock.patch.object(Commitment, "save", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.amendment_approve(amendment=amendment, user=polis)
    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.PROPOSED
    assert amendment.approvals.count() == 1
    assert target(published) == 20


def test_the_loefte_changed_meanwhile_is_a_conflict(published, editors):
    kommun, polis = editors
    commitment = published.commitments.get()
    amendment = propose(commitment, kommun)
    commitment.measures.update(target=25)
    with pytest.raises(ValidationError) as error:
        services.amendment_approve(amendment=amendment, user=polis)
    assert "Löftet har ändrats sedan ändringen föreslogs" in messages(error)
    assert Amendment.objects.get().state == Amendment.State.PROPOSED


def test_a_withdrawn_document_is_not_amended(published, editors):
    CitizenPromise.objects.filter(pk=published.pk).update(
        state=State.WITHDRAWN, withdrawal_reason="Ersatt."
    )
    with pytest.raises(ValidationError) as error:
        propose(published.commitments.get(), editors[0])
    assert "ändras inte längre" in messages(error)


# --- Through the admin ---------------------------------------------------------------------------


def test_propose_and_approve_through_the_admin(client, published, editors):
    kommun, polis = editors
    commitment = published.commitments.get()
    client.force_login(kommun)
    page = client.get(reverse("admin:loften_citizenpromise_change", args=[published.pk])).text
    url = reverse("admin:loften_citizenpromise_amend", args=[published.pk])
    assert f"{url}?lofte={commitment.pk}" in page

    form = client.get(f"{url}?lofte={commitment.pk}")
    assert form.status_code == 200 and commitment.text in form.text
    data = {
        "text": commitment.text,
        "rate_target": "",
        "rate_per": "",
        "rate_counted": "",
        f"measure_{commitment.measures.get().pk}_name": "trafikkontroller",
        f"measure_{commitment.measures.get().pk}_unit": "st",
        f"measure_{commitment.measures.get().pk}_target": "30",
        "measure_new_name": "nykterhetskontroller",
        "measure_new_unit": "st",
        "measure_new_target": "100",
        "starts_on": "",
        "ends_on": "2027-12-31",
        "effective_from": "2025-09-01",
        "reason": "",
    }
    refused = client.post(f"{url}?lofte={commitment.pk}", data)
    assert refused.status_code == 200 and "Skriv varför löftet ändras" in refused.text
    response = client.post(f"{url}?lofte={commitment.pk}", {**data, "reason": "Bra effekt."})
    amendment = Amendment.objects.get()
    assert response.url == reverse("admin:loften_amendment_change", args=[amendment.pk])

    client.force_login(polis)
    approve_url = reverse("admin:loften_amendment_approve", args=[amendment.pk])
    assert approve_url in client.get(response.url).text
    client.post(approve_url, {"lock_version": amendment.lock_version})
    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.APPROVED
    assert target(published) == 30
    assert [(m.name, m.target) for m in published.commitments.get().measures.all()] == [
        ("trafikkontroller", 30),
        ("nykterhetskontroller", 100),
    ]


def test_another_kommun_neither_sees_nor_acts(client, published, editors):
    amendment = propose(published.commitments.get(), editors[0])
    stranger = MembershipFactory(municipality=municipality("0486")).user
    client.force_login(stranger)
    for url in (
        reverse("admin:loften_amendment_change", args=[amendment.pk]),
        reverse("admin:loften_amendment_approve", args=[amendment.pk]),
        reverse("admin:loften_citizenpromise_amend", args=[published.pk])
        + f"?lofte={amendment.commitment_id}",
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("admin:loften_amendment_approve", args=[amendment.pk]),
            {"lock_version": amendment.lock_version},
        ).status_code
        == 404
    )
    assert str(amendment) not in client.get(reverse("admin:loften_amendment_changelist")).text


def test_the_signing_approvals_still_count_after_an_amendment(client, published, editors):
    kommun, polis = editors
    amendment = propose(published.commitments.get(), kommun)
    services.amendment_approve(amendment=amendment, user=polis)
    client.force_login(kommun)
    page = client.get(reverse("admin:loften_citizenpromise_change", args=[published.pk])).text
    assert "innehållet har ändrats sedan dess" not in page
    assert "Alla parter har godkänt samma innehåll." in page


def test_the_other_party_is_asked_by_email(published, editors, django_capture_on_commit_callbacks):
    kommun, polis = editors
    with django_capture_on_commit_callbacks(execute=True):
        propose(published.commitments.get(), kommun)
    (message,) = mail.outbox
    assert message.to == [polis.email]
    assert "Be om godkännande av en ändring" in message.subject
    assert "Godkänn ändringen" in message.body


# --- Rate targets and measures -------------------------------------------------------------------


def test_a_rate_target_and_a_new_measure(published, editors):
    kommun, polis = editors
    commitment = published.commitments.get()
    amendment = propose(
        commitment,
        kommun,
        rate_target="1",
        rate_per="day",
        rate_counted="trafikkontroller",
        measures=[{"name": " nykterhetskontroller ", "unit": "st", "target": "100"}],
    )
    services.amendment_approve(amendment=amendment, user=polis)
    commitment.refresh_from_db()
    assert commitment.rate_target_text() == "minst 1 trafikkontroller per dygn"
    assert [(m.name, m.target) for m in commitment.measures.all()] == [
        ("trafikkontroller", 20),
        ("nykterhetskontroller", 100),
    ]
    assert [(r["label"], r["before_text"], r["after_text"]) for r in amendment.change_rows()] == [
        ("Takt", "inget återkommande mål", "minst 1 trafikkontroller per dygn"),
        ("Mått", "inget sådant mått", "nykterhetskontroller: 100 st"),
    ]
    assert (
        commitment.measures.last()
        .history.first()
        .history_change_reason.startswith("Ändrat genom en ändring under löptiden")
    )


def test_an_incomplete_rate_or_a_bad_measure_is_refused(published, editors):
    commitment = published.commitments.get()
    with pytest.raises(ValidationError) as error:
        propose(commitment, editors[0], rate_target="1")
    assert "Ett återkommande löfte behöver en takt" in messages(error)
    with pytest.raises(ValidationError) as error:
        propose(commitment, editors[0], measures=[{"name": "", "unit": "", "target": "3"}])
    assert "Måttet ”utan namn”" in messages(error)
    other = MeasureFactory()
    with pytest.raises(ValidationError) as error:
        propose(
            commitment,
            editors[0],
            measures=[{"id": other.pk, "name": "x", "unit": "", "target": None}],
        )
    assert "Måttet finns inte i löftet" in messages(error)
    assert not Amendment.objects.exists()


# --- A document whose period has ended ------------------------------------------------------------

ENDED = "gällde till och med 2024-12-31. Dess löften ändras inte i efterhand"


def end(promise):
    """The document's period over (as if its last day had passed), its content as it was."""
    CitizenPromise.objects.filter(pk=promise.pk).update(
        valid_from=datetime.date(2023, 1, 1), valid_until=datetime.date(2024, 12, 31)
    )


def test_an_ended_document_is_neither_amended_nor_its_proposals_approved(published, editors):
    kommun, polis = editors
    commitment = published.commitments.get()
    amendment = propose(commitment, kommun)
    end(published)
    with pytest.raises(ValidationError) as error:
        services.amendment_approve(amendment=amendment, user=polis)
    assert ENDED in messages(error)
    with pytest.raises(ValidationError) as error:
        propose(Commitment.objects.get(), polis, text="en metod i efterhand")
    assert ENDED in messages(error)
    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.PROPOSED and amendment.approvals.count() == 1
    assert target(published) == 20
    # A proposal that can no longer be approved may still be withdrawn.
    services.amendment_withdraw(amendment=amendment, user=polis)
    assert Amendment.objects.get().state == Amendment.State.WITHDRAWN


def test_the_admin_offers_no_amendment_of_an_ended_document(client, published, editors):
    kommun, polis = editors
    commitment = published.commitments.get()
    amendment = propose(commitment, kommun)
    end(published)
    client.force_login(polis)
    page = client.get(reverse("admin:loften_citizenpromise_change", args=[published.pk])).text
    propose_url = reverse("admin:loften_citizenpromise_amend", args=[published.pk])
    assert propose_url not in page
    assert ENDED in page

    form = client.get(f"{propose_url}?lofte={commitment.pk}")
    assert form.status_code == 200 and ENDED in form.text
    assert "Föreslå ändringen" not in form.text  # no form, no button
    refused = client.post(
        f"{propose_url}?lofte={commitment.pk}",
        {"text": "en metod i efterhand", "effective_from": "2024-06-01", "reason": "Sent."},
    )
    assert refused.status_code == 200 and ENDED in refused.text

    approve_url = reverse("admin:loften_amendment_approve", args=[amendment.pk])
    withdraw_url = reverse("admin:loften_amendment_withdraw", args=[amendment.pk])
    own_page = client.get(reverse("admin:loften_amendment_change", args=[amendment.pk])).text
    assert approve_url not in own_page and withdraw_url in own_page
    assert ENDED in own_page
    step = client.get(approve_url)
    assert step.status_code == 200 and ENDED in step.text
    client.post(approve_url, {"lock_version": amendment.lock_version})
    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.PROPOSED and target(published) == 20
