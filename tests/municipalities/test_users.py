"""User accounts are deactivated, never deleted, and every change to them and to memberships is
in the history with who made it (security finding: deleting a user erased the audit trail)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from municipalities import services
from municipalities.models import Membership
from tests.factories import MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def national(client):
    user = UserFactory(username="riks", is_superuser=True)
    client.force_login(user)
    return user


def test_the_user_admin_offers_no_delete(client, national, editor):
    change = client.get(reverse("admin:auth_user_change", args=[editor.pk]))
    assert change.status_code == 200
    delete_url = reverse("admin:auth_user_delete", args=[editor.pk])
    assert delete_url not in change.text

    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403

    changelist = client.get(reverse("admin:auth_user_changelist"))
    assert changelist.status_code == 200
    assert 'value="delete_selected"' not in changelist.text
    assert 'value="deactivate"' in changelist.text
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [editor.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=editor.pk).exists()


def test_deactivating_a_user_is_recorded_and_ends_their_access(client, national, editor):
    editor_client = Client()
    editor_client.force_login(editor)
    promises = reverse("admin:loften_citizenpromise_changelist")
    assert editor_client.get(promises).status_code == 200

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate", "_selected_action": [editor.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 användare inaktiverades" in response.text

    editor.refresh_from_db()
    assert not editor.is_active
    # The membership stays for the record but gives nothing; the open session ends.
    assert Membership.objects.filter(user=editor).exists()
    assert editor_client.get(promises).status_code == 302
    event = editor.history.first()
    assert (event.is_active, event.history_user, event.history_change_reason) == (
        False,
        national,
        "Inaktiverad",
    )
    assert event.history_user_username == "riks"


def test_deactivation_is_for_national_administrators_and_never_of_oneself(national, editor):
    with pytest.raises(ValidationError, match="ditt eget konto"):
        services.user_deactivate(user=national, user_ids=[national.pk, editor.pk])
    with pytest.raises(ValidationError, match="nationell administratör"):
        services.user_deactivate(user=editor, user_ids=[national.pk])
    national.refresh_from_db()
    editor.refresh_from_db()
    assert national.is_active and editor.is_active


def test_changes_to_a_user_are_in_their_history_with_who_made_them(client, national):
    joined = timezone.make_aware(datetime.datetime(2025, 1, 2, 10, 0))
    user = UserFactory(username="anna", email="anna@example.org", date_joined=joined)
    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": "anna",
            "first_name": "",
            "last_name": "",
            "email": "anna.ny@example.org",
            "is_active": "",
            "is_staff": "",
            "date_joined_0": "2025-01-02",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302

    record = user.history.first()
    assert (record.history_user, record.history_user_username) == (national, "riks")
    changed = {change.field for change in record.diff_against(record.prev_record).changes}
    assert changed == {"email", "is_active", "is_staff"}
    # The password hash is never copied into the history.
    assert not hasattr(record, "password")

    page = client.get(reverse("admin:auth_user_history", args=[user.pk]))
    assert page.status_code == 200
    assert "anna.ny@example.org" in page.text
    assert ">riks</a>" in page.text


def test_signing_in_and_changing_a_password_add_no_readable_hash(client):
    user = UserFactory(username="anna")
    rows = user.history.count()
    client.force_login(user)  # saves last_login, which the history leaves out
    assert user.history.count() == rows
    user.set_password("ett-nytt-langt-losenord")
    user.save()
    assert all(not hasattr(row, "password") for row in user.history.all())


def test_changes_to_memberships_are_in_their_history_with_who_made_them(client, national):
    user = UserFactory(username="anna")
    add = client.post(
        reverse("admin:municipalities_membership_add"),
        {"user": user.pk, "municipality": municipality().pk, "role": "editor"},
    )
    assert add.status_code == 302
    membership = Membership.objects.get(user=user)
    change = client.post(
        reverse("admin:municipalities_membership_change", args=[membership.pk]),
        {"user": user.pk, "municipality": municipality().pk, "role": "reviewer"},
    )
    assert change.status_code == 302

    created, changed = membership.history.order_by("history_id")
    assert (created.history_type, created.history_user_username) == ("+", "riks")
    assert (changed.role, changed.history_user_username) == ("reviewer", "riks")

    page = client.get(reverse("admin:municipalities_membership_history", args=[membership.pk]))
    assert page.status_code == 200
    assert "granskare" in page.text and ">riks</a>" in page.text


def test_an_editors_organisations_are_named_in_the_history_of_their_changes(client):
    # A member of two organisations: both are named, as they were at the time.
    editor = MembershipFactory(user__username="anna", municipality=municipality("0428")).user
    MembershipFactory(user=editor, municipality=municipality("0483"))
    target = UserFactory(username="bo")
    target._history_user = editor
    target.email = "bo@example.org"
    target.save()
    assert target.history.first().history_user_organisations == (
        "Katrineholms kommun, Vingåkers kommun"
    )
