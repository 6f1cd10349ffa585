"""The steps of a medborgarlöfte's life-cycle: sign, publish, withdraw and new version, each step's
refusals and successes, through the services and through the admin (with the preview); the steps
offered match what the services accept; a follow-up is published only for a published document."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from followup import services as followup_services
from followup.models import FollowUp
from loften import services
from loften.models import CitizenPromise
from municipalities.models import Membership
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    CommitmentStatusFactory,
    FocusAreaFactory,
    FollowUpFactory,
    MembershipFactory,
    SignatoryFactory,
    UserFactory,
    approve,
    municipality,
)
from tests.loften.helpers import change_url, messages

State = CitizenPromise.State


# --- Signing -------------------------------------------------------------------------------------


def test_signing_needs_commitments_and_a_situation(editor):
    promise = CitizenPromiseFactory(situation="", effects="", followup_plan="")
    SignatoryFactory(promise=promise, name="Anna Andersson")
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_sign(promise=promise, user=editor)
    text = messages(error)
    assert "kan inte undertecknas ännu" in text
    assert "lägg till minst ett avsnitt med text" in text
    assert "Lägg till minst ett löfte." in text
    promise.refresh_from_db()
    assert promise.state == State.DRAFT


def test_signing_needs_signatories(editor):
    promise = CitizenPromiseFactory()
    CommitmentFactory(promise=promise)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_sign(promise=promise, user=editor)
    assert "Lägg till undertecknarna" in messages(error)


def test_signing_freezes_a_draft_and_is_recorded(draft, editor):
    before = timezone.now()
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    assert draft.state == State.SIGNED
    assert draft.signed_at >= before
    event = draft.history.first()
    assert (event.history_change_reason, event.history_user) == ("Undertecknat", editor)


def test_only_a_draft_is_signed(draft, editor):
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_sign(promise=draft, user=editor)
    assert "är redan undertecknat" in messages(error)


def test_reviewers_and_other_organisations_cannot_sign(draft):
    reviewer = MembershipFactory(municipality=municipality(), role=Membership.Role.REVIEWER).user
    stranger = MembershipFactory(municipality=municipality("0486")).user
    for user in (reviewer, stranger, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.citizen_promise_sign(promise=draft, user=user)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_police_area_editor_signs_as_a_party(draft):
    police_editor = MembershipFactory(municipality=None, police_area=draft.police_area).user
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=police_editor)
    assert draft.state == State.SIGNED


# --- Publishing, withdrawing ---------------------------------------------------------------------


def test_publishing_needs_a_signature_first(draft, editor):
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_publish(promise=draft, user=editor)
    assert "måste undertecknas" in messages(error)


def test_publishing_sets_the_publication_time_once(draft, editor):
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    before = timezone.now()
    services.citizen_promise_publish(promise=draft, user=editor)
    assert draft.state == State.PUBLISHED
    assert draft.published_at >= before
    assert draft.history.first().history_change_reason == "Publicerat"
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_publish(promise=draft, user=editor)
    assert "är redan publicerat" in messages(error)


def test_withdrawing_needs_a_reason_and_a_published_document(draft, editor):
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_withdraw(promise=draft, user=editor, reason="Fel")
    assert "Bara ett publicerat medborgarlöfte kan dras tillbaka" in messages(error)

    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    services.citizen_promise_publish(promise=draft, user=editor)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_withdraw(promise=draft, user=editor, reason="   ")
    assert "withdrawal_reason" in error.value.message_dict

    services.citizen_promise_withdraw(promise=draft, user=editor, reason="Ersätts av ny plan.")
    assert draft.state == State.WITHDRAWN
    assert draft.withdrawal_reason == "Ersätts av ny plan."
    assert draft.withdrawn_at is not None
    assert CitizenPromise.objects.published().filter(pk=draft.pk).exists()  # still public
    assert draft.history.first().history_change_reason == "Tillbakadraget: Ersätts av ny plan."


# --- New versions --------------------------------------------------------------------------------


def test_a_draft_gets_no_new_version(draft, editor):
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_new_version(promise=draft, user=editor)
    assert "ändra det direkt" in messages(error)


def test_a_new_version_copies_the_content_into_a_draft(draft, editor):
    area = FocusAreaFactory()
    draft.commitments.get().focus_areas.add(area)
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    services.citizen_promise_publish(promise=draft, user=editor)

    new = services.citizen_promise_new_version(promise=draft, user=editor)

    assert new.state == State.DRAFT
    assert new.replaces == draft
    assert (new.district, new.valid_from, new.valid_until) == (
        draft.district,
        draft.valid_from,
        draft.valid_until,
    )
    assert [(s.kind, s.heading, s.body) for s in new.sections.all()] == [
        (s.kind, s.heading, s.body) for s in draft.sections.all()
    ]
    copied = new.commitments.get()
    assert copied.focus_areas.get() == area
    # The copy's links point at the new version's own rows, never at the old one's.
    assert copied.group.promise == new
    assert {p.promise_id for p in copied.parties.all()} == {new.pk}
    assert [p.name for p in copied.parties.all()] == [
        p.name for p in draft.commitments.get().parties.all()
    ]
    assert new.sources.count() == 1 and new.places.count() == 1
    assert new.signatories.count() == 2
    assert new.signed_on is None  # the new version is signed anew
    assert draft.commitments.count() == 1  # the original keeps its own

    with pytest.raises(ValidationError) as error:
        services.citizen_promise_new_version(promise=draft, user=editor)
    assert "Det finns redan en ny version" in messages(error)


def test_publishing_a_new_version_marks_the_old_one_replaced(draft, editor):
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    services.citizen_promise_publish(promise=draft, user=editor)
    new = services.citizen_promise_new_version(promise=draft, user=editor)
    new.district = "Uppdaterad del."
    services.citizen_promise_save(promise=new, user=editor)

    approve(new)
    services.citizen_promise_sign(promise=new, user=editor)
    services.citizen_promise_publish(promise=new, user=editor)

    draft.refresh_from_db()
    assert draft.is_replaced and draft.replaced_at == new.published_at
    assert draft.state == State.PUBLISHED
    assert draft.history.first().history_change_reason.startswith("Ersatt av en ny version")
    assert services.available_transitions(draft) == ("withdraw",)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_new_version(promise=draft, user=editor)
    assert "redan ersatt" in messages(error)


def test_the_steps_offered_match_what_the_services_accept(draft, editor):
    """available_transitions (what the admin offers) and the services agree for every state."""
    approve(draft)
    calls = {
        "approve": lambda p: services.citizen_promise_approve(promise=p, user=editor),
        "withdraw_approval": lambda p: services.citizen_promise_withdraw_approval(
            promise=p, user=editor
        ),
        "sign": lambda p: services.citizen_promise_sign(promise=p, user=editor),
        "publish": lambda p: services.citizen_promise_publish(promise=p, user=editor),
        "withdraw": lambda p: services.citizen_promise_withdraw(promise=p, user=editor, reason="x"),
        "new_version": lambda p: services.citizen_promise_new_version(promise=p, user=editor),
        "amend": lambda p: services.amendment_propose(
            commitment=p.commitments.first(),
            user=editor,
            values={"text": "en ändrad metod"},
            reason="Parterna är överens.",
            effective_from=p.valid_from,
        ),
    }
    path = ["sign", "publish", "withdraw"]
    for step in [*path, None]:
        offered = services.available_transitions(draft)
        for name, call in calls.items():
            if name in offered:
                continue
            with transaction.atomic(), pytest.raises(ValidationError):
                call(CitizenPromise.objects.get(pk=draft.pk))
        if step:
            assert step in offered
            calls[step](draft)


# --- Through the admin ---------------------------------------------------------------------------


def test_admin_steps_sign_publish_withdraw(client, draft, editor):
    approve(draft)
    client.force_login(editor)
    sign = reverse("admin:loften_citizenpromise_sign", args=[draft.pk])
    assert "låses innehållet" in client.get(sign).text
    response = client.post(sign)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.SIGNED

    publish = reverse("admin:loften_citizenpromise_publish", args=[draft.pk])
    assert client.post(publish).status_code == 302

    withdraw = reverse("admin:loften_citizenpromise_withdraw", args=[draft.pk])
    response = client.post(withdraw, {"withdrawal_reason": ""})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i" in response.text
    response = client.post(withdraw, {"withdrawal_reason": "Planen gäller inte längre."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.WITHDRAWN


def test_admin_sign_page_lists_what_is_missing(client, editor):
    promise = CitizenPromiseFactory(situation="", effects="", followup_plan="")
    client.force_login(editor)
    page = client.get(reverse("admin:loften_citizenpromise_sign", args=[promise.pk]))
    assert "lägg till minst ett avsnitt med text" in page.text
    assert "Lägg till minst ett löfte." in page.text
    assert 'value="Underteckna"' not in page.text
    response = client.post(reverse("admin:loften_citizenpromise_sign", args=[promise.pk]))
    assert response.status_code == 200
    assert "kan inte undertecknas ännu" in response.text


def test_admin_new_version_opens_the_new_draft(client, draft, editor):
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    client.force_login(editor)
    response = client.post(reverse("admin:loften_citizenpromise_new_version", args=[draft.pk]))
    new = CitizenPromise.objects.get(replaces=draft)
    assert response["Location"] == change_url(new)
    page = client.get(change_url(new))
    assert 'name="_save"' in page.text
    assert "Det här är en ny version av" in page.text


def test_preview_shows_a_draft_as_citizens_will_see_it(client, draft, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:loften_citizenpromise_preview", args=[draft.pk]))
    assert response.status_code == 200
    assert "Förhandsgranskning." in response.text
    assert draft.title in response.text
    assert draft.commitments.get().text in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    public = reverse("loften:promise", kwargs={"slug": draft.municipality.slug, "pk": draft.pk})
    assert client.get(public).status_code == 404


# --- Follow-ups ----------------------------------------------------------------------------------


def test_follow_up_is_published_only_for_a_published_document(draft, editor):
    followup = FollowUpFactory(promise=draft)
    CommitmentStatusFactory(followup=followup, commitment=draft.commitments.get())
    with pytest.raises(ValidationError) as error:
        followup_services.followup_publish(followup=followup, user=editor)
    assert "publiceras bara för publicerade medborgarlöften" in messages(error)

    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    services.citizen_promise_publish(promise=draft, user=editor)
    followup_services.followup_publish(followup=followup, user=editor)
    assert followup.state == FollowUp.State.PUBLISHED
    assert followup.published_by == editor
    assert followup.published_at is not None

    with pytest.raises(ValidationError) as error:
        followup_services.followup_delete(followup=followup, user=editor)
    assert "kan inte längre ändras eller raderas" in messages(error)


def test_admin_publishes_a_follow_up(client, draft, editor):
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    services.citizen_promise_publish(promise=draft, user=editor)
    followup = FollowUpFactory(promise=draft)
    CommitmentStatusFactory(followup=followup, commitment=draft.commitments.get())
    client.force_login(editor)
    page = client.get(reverse("admin:followup_followup_change", args=[followup.pk]))
    publish = reverse("admin:followup_followup_publish", args=[followup.pk])
    assert publish in page.text
    assert client.post(publish).status_code == 302
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.PUBLISHED
    assert (
        client.get(reverse("admin:followup_followup_delete", args=[followup.pk])).status_code == 403
    )
