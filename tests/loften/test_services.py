"""The life-cycle of a medborgarlöfte and the rules that keep people's work: every transition's
refusals and successes, the freeze after signing (through the service and through the admin),
optimistic locking of concurrent edits, and the row locks that keep two publishes from both
succeeding (the last on PostgreSQL only)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followup import services as followup_services
from followup.models import FollowUp
from loften import services
from loften.models import CitizenPromise, Commitment, Signatory
from municipalities.models import Membership
from tests.concurrency import Worker, wait_until_all_wait_for_a_lock
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    CommitmentStatusFactory,
    FocusAreaFactory,
    FollowUpFactory,
    MembershipFactory,
    PlaceFactory,
    PoliceAreaFactory,
    SignatoryFactory,
    SourceFactory,
    UserFactory,
    municipality,
)

State = CitizenPromise.State

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (select_for_update is a no-op there) and serialises all "
    "writes; these run on PostgreSQL (CI sets DATABASE_URL).",
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return MembershipFactory(user__username="kommun.vingaker", municipality=municipality()).user


@pytest.fixture
def draft(db):
    """A draft that can be signed: lägesbild, a löfte, a dated signatory."""
    promise = CitizenPromiseFactory()
    CommitmentFactory(promise=promise)
    SourceFactory(promise=promise)
    PlaceFactory(promise=promise)
    SignatoryFactory(promise=promise, signed_on=datetime.date(2024, 12, 10))
    SignatoryFactory(
        promise=promise,
        name="Bo Berg",
        title="lokalpolisområdeschef",
        side=Signatory.Side.POLICE,
        signed_on=datetime.date(2024, 12, 11),
    )
    return promise


def _messages(error):
    return " ".join(error.value.messages)


# --- Signing -------------------------------------------------------------------------------------


def test_signing_needs_commitments_a_situation_and_dated_signatories(editor):
    promise = CitizenPromiseFactory(situation="  ")
    SignatoryFactory(promise=promise, name="Anna Andersson", signed_on=None)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_sign(promise=promise, user=editor)
    text = _messages(error)
    assert "kan inte undertecknas ännu" in text
    assert "Skriv lägesbilden." in text
    assert "Lägg till minst ett löfte." in text
    assert "Ange datum för underskrift för Anna Andersson." in text
    promise.refresh_from_db()
    assert promise.state == State.DRAFT


def test_signing_needs_signatories(editor):
    promise = CitizenPromiseFactory()
    CommitmentFactory(promise=promise)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_sign(promise=promise, user=editor)
    assert "Lägg till undertecknarna" in _messages(error)


def test_signing_freezes_a_draft_and_is_recorded(draft, editor):
    before = timezone.now()
    services.citizen_promise_sign(promise=draft, user=editor)
    assert draft.state == State.SIGNED
    assert draft.signed_at >= before
    event = draft.history.first()
    assert (event.history_change_reason, event.history_user) == ("Undertecknat", editor)


def test_only_a_draft_is_signed(draft, editor):
    services.citizen_promise_sign(promise=draft, user=editor)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_sign(promise=draft, user=editor)
    assert "är redan undertecknat" in _messages(error)


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
    services.citizen_promise_sign(promise=draft, user=police_editor)
    assert draft.state == State.SIGNED


# --- The freeze ----------------------------------------------------------------------------------


def test_signed_content_is_frozen_in_the_services(draft, editor):
    services.citizen_promise_sign(promise=draft, user=editor)
    commitment = draft.commitments.get()
    original_text = commitment.text

    draft.situation = "En ny lägesbild."
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_save(promise=draft, user=editor)
    assert "innehållet är låst" in _messages(error)
    assert "Skapa en ny version" in _messages(error)

    commitment.text = "något annat"
    for attempt in (
        lambda: services.citizen_promise_part_save(part=commitment, user=editor),
        lambda: services.citizen_promise_part_save(
            part=Commitment(promise=draft, party="police", text="nytt"), user=editor
        ),
        lambda: services.citizen_promise_part_delete(part=commitment, user=editor),
        lambda: services.citizen_promise_delete(promise=draft, user=editor),
    ):
        with pytest.raises(ValidationError):
            attempt()
    draft.refresh_from_db()
    assert draft.situation == "Invånarna känner sig otrygga vid stationen på kvällarna."
    assert list(draft.commitments.values_list("text", flat=True)) == [original_text]


def test_a_draft_is_edited_and_deleted_through_the_services(draft, editor):
    draft.situation = "Ny lägesbild efter dialogen."
    services.citizen_promise_save(promise=draft, user=editor)
    assert draft.lock_version == 1
    record = draft.history.first()
    assert (record.situation, record.history_user) == ("Ny lägesbild efter dialogen.", editor)

    part = services.citizen_promise_part_save(
        part=Commitment(promise=draft, party="joint", text="hålla trygghetsvandringar"),
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
    first.situation = "Den första redaktörens text."
    services.citizen_promise_save(promise=first, user=editor)
    second.situation = "Den andra redaktörens text."
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_save(promise=second, user=editor)
    assert "Någon annan har sparat ändringar" in _messages(error)
    assert "kommun.vingaker" in _messages(error)
    draft.refresh_from_db()
    assert draft.situation == "Den första redaktörens text."


# --- Publishing, withdrawing ---------------------------------------------------------------------


def test_publishing_needs_a_signature_first(draft, editor):
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_publish(promise=draft, user=editor)
    assert "måste undertecknas" in _messages(error)


def test_publishing_sets_the_publication_time_once(draft, editor):
    services.citizen_promise_sign(promise=draft, user=editor)
    before = timezone.now()
    services.citizen_promise_publish(promise=draft, user=editor)
    assert draft.state == State.PUBLISHED
    assert draft.published_at >= before
    assert draft.history.first().history_change_reason == "Publicerat"
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_publish(promise=draft, user=editor)
    assert "är redan publicerat" in _messages(error)


def test_withdrawing_needs_a_reason_and_a_published_document(draft, editor):
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_withdraw(promise=draft, user=editor, reason="Fel")
    assert "Bara ett publicerat medborgarlöfte kan dras tillbaka" in _messages(error)

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
    assert "ändra det direkt" in _messages(error)


def test_a_new_version_copies_the_content_into_a_draft(draft, editor):
    area = FocusAreaFactory()
    draft.commitments.get().focus_areas.add(area)
    services.citizen_promise_sign(promise=draft, user=editor)
    services.citizen_promise_publish(promise=draft, user=editor)

    new = services.citizen_promise_new_version(promise=draft, user=editor)

    assert new.state == State.DRAFT
    assert new.replaces == draft
    assert (new.situation, new.valid_from, new.valid_until) == (
        draft.situation,
        draft.valid_from,
        draft.valid_until,
    )
    assert new.commitments.get().focus_areas.get() == area
    assert new.sources.count() == 1 and new.places.count() == 1
    assert [s.signed_on for s in new.signatories.all()] == [None, None]
    assert draft.commitments.count() == 1  # the original keeps its own

    with pytest.raises(ValidationError) as error:
        services.citizen_promise_new_version(promise=draft, user=editor)
    assert "Det finns redan en ny version" in _messages(error)


def test_publishing_a_new_version_marks_the_old_one_replaced(draft, editor):
    services.citizen_promise_sign(promise=draft, user=editor)
    services.citizen_promise_publish(promise=draft, user=editor)
    new = services.citizen_promise_new_version(promise=draft, user=editor)
    new.situation = "Uppdaterad lägesbild."
    services.citizen_promise_save(promise=new, user=editor)
    new.signatories.update(signed_on=datetime.date(2025, 6, 1))

    services.citizen_promise_sign(promise=new, user=editor)
    services.citizen_promise_publish(promise=new, user=editor)

    draft.refresh_from_db()
    assert draft.is_replaced and draft.replaced_at == new.published_at
    assert draft.state == State.PUBLISHED
    assert draft.history.first().history_change_reason.startswith("Ersatt av en ny version")
    assert services.available_transitions(draft) == ("withdraw",)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_new_version(promise=draft, user=editor)
    assert "redan ersatt" in _messages(error)


def test_the_steps_offered_match_what_the_services_accept(draft, editor):
    """available_transitions (what the admin offers) and the services agree for every state."""
    calls = {
        "sign": lambda p: services.citizen_promise_sign(promise=p, user=editor),
        "publish": lambda p: services.citizen_promise_publish(promise=p, user=editor),
        "withdraw": lambda p: services.citizen_promise_withdraw(promise=p, user=editor, reason="x"),
        "new_version": lambda p: services.citizen_promise_new_version(promise=p, user=editor),
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


# --- Deleting -----------------------------------------------------------------------------------


def test_signed_and_published_documents_are_never_deleted(draft, editor):
    services.citizen_promise_sign(promise=draft, user=editor)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_delete(promise=draft, user=editor)
    assert "raderas aldrig" in _messages(error)
    assert CitizenPromise.objects.filter(pk=draft.pk).exists()


# --- Through the admin ---------------------------------------------------------------------------


def _value(value):
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def form_data(response):
    """What the browser would send back for the change form as loaded."""
    form = response.context["adminform"].form
    data = {
        name: _value(form.initial.get(name, field.initial)) for name, field in form.fields.items()
    }
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for subform in formset.forms:
            for name, field in subform.fields.items():
                data[subform.add_prefix(name)] = _value(subform.initial.get(name, field.initial))
    return {key: value for key, value in data.items() if value != ""}


def change_url(promise):
    return reverse("admin:loften_citizenpromise_change", args=[promise.pk])


def test_admin_edit_of_a_signed_document_is_refused_with_a_way_forward(client, draft, editor):
    client.force_login(editor)
    stale = client.get(change_url(draft))  # opened while it was a draft
    services.citizen_promise_sign(promise=draft, user=editor)

    page = client.get(change_url(draft))
    assert 'name="_save"' not in page.text
    assert "Skapa ny version" in page.text
    assert reverse("loften:promise_pdf_export", args=[draft.pk]) in page.text

    data = form_data(stale)
    data["situation"] = "Ändrad efter underskrift."
    data["commitments-0-text"] = "ändrat löfte"
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    assert "innehållet är låst" in response.text
    assert "Skapa en ny version" in response.text
    draft.refresh_from_db()
    assert draft.situation != "Ändrad efter underskrift."
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

    first["situation"] = "Kommunens nya lägesbild."
    assert client.post(change_url(draft), first).status_code == 302

    second["situation"] = "Polisens nya lägesbild."
    second["commitments-0-text"] = "polisens ändring"
    response = other_client.post(change_url(draft), second)
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.text
    assert "Polisens nya lägesbild." in response.text  # still in the form, to copy

    draft.refresh_from_db()
    assert draft.situation == "Kommunens nya lägesbild."
    assert draft.commitments.get().text != "polisens ändring"

    # Reopening the page shows the first edit and saves without conflict.
    fresh = form_data(other_client.get(change_url(draft)))
    fresh["situation"] = "Polisens nya lägesbild."
    assert other_client.post(change_url(draft), fresh).status_code == 302


def test_admin_steps_sign_publish_withdraw(client, draft, editor):
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
    promise = CitizenPromiseFactory(situation="")
    client.force_login(editor)
    page = client.get(reverse("admin:loften_citizenpromise_sign", args=[promise.pk]))
    assert "Skriv lägesbilden." in page.text
    assert "Lägg till minst ett löfte." in page.text
    assert 'value="Underteckna"' not in page.text
    response = client.post(reverse("admin:loften_citizenpromise_sign", args=[promise.pk]))
    assert response.status_code == 200
    assert "kan inte undertecknas ännu" in response.text


def test_admin_new_version_opens_the_new_draft(client, draft, editor):
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
    assert "publiceras bara för publicerade medborgarlöften" in _messages(error)

    services.citizen_promise_sign(promise=draft, user=editor)
    services.citizen_promise_publish(promise=draft, user=editor)
    followup_services.followup_publish(followup=followup, user=editor)
    assert followup.state == FollowUp.State.PUBLISHED
    assert followup.published_by == editor
    assert followup.published_at is not None

    with pytest.raises(ValidationError) as error:
        followup_services.followup_delete(followup=followup, user=editor)
    assert "kan inte längre ändras eller raderas" in _messages(error)


def test_follow_up_conflict_and_permissions(draft, editor):
    followup = FollowUpFactory(promise=draft)
    first = FollowUp.objects.get(pk=followup.pk)
    second = FollowUp.objects.get(pk=followup.pk)
    first.summary = "Först."
    followup_services.followup_save(followup=first, user=editor)
    second.summary = "Sedan."
    with pytest.raises(ValidationError) as error:
        followup_services.followup_save(followup=second, user=editor)
    assert "Någon annan har sparat ändringar" in _messages(error)

    stranger = MembershipFactory(municipality=municipality("0486")).user
    with pytest.raises(PermissionDenied):
        followup_services.followup_save(
            followup=FollowUp.objects.get(pk=followup.pk), user=stranger
        )


def test_admin_publishes_a_follow_up(client, draft, editor):
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


# --- Row locks, on PostgreSQL --------------------------------------------------------------------


def _signed_document():
    area = PoliceAreaFactory(municipalities=[municipality()])
    promise = CitizenPromiseFactory(police_area=area)
    CommitmentFactory(promise=promise)
    SignatoryFactory(promise=promise, signed_on=datetime.date(2025, 1, 1))
    editor = MembershipFactory(municipality=promise.municipality).user
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
        data = {**forms[i], "situation": f"Lägesbild från redaktör {i}."}
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
    assert promise.situation == f"Lägesbild från redaktör {winner}."
