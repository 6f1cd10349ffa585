"""Changelist actions touch only documents the user may edit; reviewers have none; signed and
published documents are never deleted, not even by a national administrator."""

import pytest
from django.urls import reverse

from loften.models import CitizenPromise
from tests.factories import CitizenPromiseFactory, CommitmentFactory, SignatoryFactory, approve
from tests.permissions.world import signed_copy

pytestmark = pytest.mark.django_db


def _action(client, model, action, pks, **extra):
    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in pks], **extra},
        follow=True,
    )


def _make_signable(promise):
    SignatoryFactory(promise=promise)
    approve(promise)


def test_actions_touch_only_documents_the_user_may_edit(client, world):
    own, other = world.own[CitizenPromise], world.other[CitizenPromise]
    _make_signable(own)
    _make_signable(other)
    client.force_login(world.users["kommunredaktor"])
    _action(client, CitizenPromise, "sign_selected", [own.pk, other.pk])
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.state == CitizenPromise.State.SIGNED
    assert other.state == CitizenPromise.State.DRAFT


def test_reviewer_has_no_actions(client, world):
    own = world.own[CitizenPromise]
    _make_signable(own)
    client.force_login(world.users["granskare"])
    page = client.get(reverse("admin:loften_citizenpromise_changelist"))
    assert page.context["action_form"] is None or not [
        choice for choice, _ in page.context["action_form"].fields["action"].choices if choice
    ]
    _action(client, CitizenPromise, "sign_selected", [own.pk])
    _action(client, CitizenPromise, "delete_selected", [own.pk], post="yes")
    own.refresh_from_db()
    assert own.state == CitizenPromise.State.DRAFT


def test_delete_action_refuses_signed_documents_and_deletes_drafts(client, world):
    signed = signed_copy(world.own[CitizenPromise])
    draft = CitizenPromiseFactory(
        municipality=signed.municipality, police_area=signed.police_area, title="Tomt utkast"
    )
    CommitmentFactory(promise=draft)
    client.force_login(world.users["kommunredaktor"])

    page = _action(client, CitizenPromise, "delete_selected", [signed.pk, draft.pk], post="yes")
    assert "raderas aldrig" in page.text
    assert CitizenPromise.objects.filter(pk__in=[signed.pk, draft.pk]).count() == 2

    _action(client, CitizenPromise, "delete_selected", [draft.pk], post="yes")
    assert not CitizenPromise.objects.filter(pk=draft.pk).exists()
    assert (
        CitizenPromise.history.filter(id=draft.pk, history_type="-").get().history_user
        == (world.users["kommunredaktor"])
    )


def test_national_admin_cannot_delete_a_published_document_either(client, world):
    signed = signed_copy(world.own[CitizenPromise])
    client.force_login(world.users["national"])
    url = reverse("admin:loften_citizenpromise_delete", args=[signed.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert CitizenPromise.objects.filter(pk=signed.pk).exists()
