"""The admin is usable for real editing: every model's pages open, and edits land in history.
Who may open what is proven in tests/permissions/."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from followup.models import (
    Circumstance,
    CommitmentStatus,
    FollowUp,
    MeasureValue,
    OtherWork,
    ReminderSent,
)
from loften.models import (
    Amendment,
    AmendmentApproval,
    Approval,
    Attachment,
    CitizenPromise,
    Commitment,
    CommitmentGroup,
    DocumentParty,
    EffectIndicator,
    LocalFocusArea,
    Measure,
    Place,
    Section,
    Signatory,
    Source,
)
from tests.factories import (
    AmendmentApprovalFactory,
    ApprovalFactory,
    AttachmentFactory,
    CircumstanceFactory,
    CommitmentStatusFactory,
    EffectIndicatorFactory,
    IndicatorValueFactory,
    InvitationFactory,
    LocalFocusAreaFactory,
    MeasureValueFactory,
    MembershipFactory,
    OtherWorkFactory,
    PlaceFactory,
    SignatoryFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(username="riks", is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def one_of_everything():
    status = CommitmentStatusFactory()
    promise = status.followup.promise
    CircumstanceFactory(followup=status.followup)
    OtherWorkFactory(followup=status.followup)
    MeasureValueFactory(status=status)
    SourceFactory(promise=promise)
    PlaceFactory(promise=promise)
    SignatoryFactory(promise=promise)
    AttachmentFactory(promise=promise)
    LocalFocusAreaFactory(promise=promise)
    ApprovalFactory(promise=promise)
    IndicatorValueFactory(indicator=EffectIndicatorFactory(promise=promise))
    AmendmentApprovalFactory(amendment__commitment=status.commitment)
    MembershipFactory()
    InvitationFactory()
    ReminderSent.objects.create(
        user=UserFactory(username="paminnelse"),
        municipality=promise.municipality,
        sent_on=datetime.date(2026, 3, 2),
        email="paminnelse@example.org",
        periods=f"{promise.pk}:2025-2",
    )
    return status


# Parts are edited inside their document or follow-up; their own admin lists them read-only.
EDITED_INSIDE_THEIR_DOCUMENT = {
    Commitment,
    CommitmentGroup,
    DocumentParty,
    LocalFocusArea,
    Measure,
    Section,
    Source,
    Place,
    Signatory,
    Attachment,
    Approval,
    Amendment,
    AmendmentApproval,
    CommitmentStatus,
    EffectIndicator,
    Circumstance,
    OtherWork,
    Measure,
    MeasureValue,
}
# The reminder log is written by `manage.py followup_reminders` only.
NOT_ADDED_BY_HAND = EDITED_INSIDE_THEIR_DOCUMENT | {ReminderSent}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_the_three_apps_has_an_admin():
    registered = {m._meta.label for m in admin.site._registry}
    for app in ("municipalities", "loften", "followup"):
        from django.apps import apps

        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical"):
                assert model._meta.label in registered, model


def test_every_admin_page_opens_in_swedish(superuser_client, one_of_everything):
    for model in admin.site._registry:
        if model._meta.app_label not in ("municipalities", "loften", "followup"):
            continue
        obj = model.objects.first()
        for url in (
            admin_url(model, "changelist"),
            admin_url(model, "change", obj.pk),
            admin_url(model, "history", obj.pk),
        ):
            response = superuser_client.get(url)
            assert response.status_code == 200, url
        response = superuser_client.get(admin_url(model, "add"))
        assert response.status_code == (403 if model in NOT_ADDED_BY_HAND else 200)
    response = superuser_client.get(admin_url(CitizenPromise, "changelist"))
    assert "Välj medborgarlöfte att ändra" in response.text


def test_changelist_filters_and_search_work(superuser_client, one_of_everything):
    url = admin_url(CitizenPromise, "changelist")
    response = superuser_client.get(url, {"q": "Vingåker", "state__exact": "draft"})
    assert response.status_code == 200
    assert "Medborgarlöfte Vingåker 2025–2026" in response.text
    response = superuser_client.get(url, {"q": "0428"})
    assert "Medborgarlöfte Vingåker 2025–2026" in response.text


def test_autocomplete_finds_municipalities_by_name_and_code(superuser_client):
    url = reverse("admin:autocomplete")
    params = {"app_label": "loften", "model_name": "citizenpromise", "field_name": "municipality"}
    response = superuser_client.get(url, {**params, "term": "Vingå"})
    assert [r["text"] for r in response.json()["results"]] == ["Vingåker"]
    response = superuser_client.get(url, {**params, "term": "0483"})
    assert [r["text"] for r in response.json()["results"]] == ["Katrineholm"]


def test_admin_edit_is_recorded_in_history_with_its_user(superuser_client, one_of_everything):
    promise = one_of_everything.followup.promise
    commitment = promise.commitments.get()
    url = admin_url(CitizenPromise, "change", promise.pk)
    form = superuser_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(
        {
            "municipality": promise.municipality_id,
            "police_area": promise.police_area_id,
            "valid_from": "2025-01-01",
            "valid_until": "2026-12-31",
            "district": "Centrum",
            "replaces": "",
        }
    )
    for prefix, rows in (
        ("parties", promise.parties.all()),
        ("sections", promise.sections.all()),
        ("local_focus_areas", promise.local_focus_areas.all()),
        ("commitment_groups", promise.commitment_groups.all()),
        ("sources", promise.sources.all()),
        ("places", promise.places.all()),
        ("signatories", promise.signatories.all()),
        ("commitments", promise.commitments.all()),
        ("attachments", promise.attachments.all()),
        ("effect_indicators", promise.effect_indicators.all()),
        ("measures", promise.measures.all()),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-promise"] = promise.pk
            for field in row._meta.concrete_fields:
                if field.name not in ("id", "promise"):
                    value = getattr(row, field.attname)
                    data[f"{prefix}-{i}-{field.name}"] = "" if value is None else value
    data["commitments-0-text"] = "genomföra minst tolv trafikkontroller per halvår"

    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    record = promise.history.latest()
    assert record.history_user == superuser_client.user
    assert record.district == "Centrum"
    assert record.prev_record.district == ""
    commitment_record = Commitment.history.filter(id=commitment.pk).latest()
    assert commitment_record.history_user == superuser_client.user
    assert commitment_record.text == "genomföra minst tolv trafikkontroller per halvår"

    history_page = superuser_client.get(admin_url(CitizenPromise, "history", promise.pk))
    assert "riks" in history_page.text


def test_follow_up_rows_are_read_only_in_the_change_form_and_edited_on_the_form_page(
    superuser_client,
):
    status = CommitmentStatusFactory()
    response = superuser_client.get(admin_url(FollowUp, "change", status.followup.pk))
    # The status rows between the draft's circumstances and its other work.
    _circumstances, inline, _other_work = response.context["inline_admin_formsets"]
    assert not inline.has_change_permission and not inline.has_add_permission
    assert status.commitment.text[:40] in response.text
    assert reverse("admin:followup_followup_form", args=[status.followup.pk]) in response.text
