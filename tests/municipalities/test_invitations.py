"""Invitations: an organisation's administrator (or a national administrator) invites a person by
e-mail; the link works once, expires, can be sent again (the old one stops) or revoked; accepting
creates the account or adds the membership to the existing one without telling anyone which; an
organisation administrator reaches only their own organisation, by every URL and the command."""

import datetime
import re
import time
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from municipalities import invitations
from municipalities.models import Invitation, Membership
from tests.factories import MembershipFactory, PoliceAreaFactory, UserFactory, municipality
from tests.invitations import PASSWORD, accept_data, invitation_links_sent_to
from tests.two_factor import PASSWORD as OLD_PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
INVITE = reverse("admin:municipalities_invitation_add")
INVITATIONS = reverse("admin:municipalities_invitation_changelist")
DOCUMENTS = reverse("admin:loften_citizenpromise_changelist")


@pytest.fixture
def orgadmin(db):
    return MembershipFactory(
        user__username="administrator.vingaker",
        municipality=municipality("0428"),
        role=Membership.Role.ADMIN,
    ).user


@pytest.fixture
def admin_client(orgadmin):
    client = Client()
    client.force_login(orgadmin)
    return client


def invite(client, email, organisation=None, role="editor"):
    organisation = organisation or f"m{municipality('0428').pk}"
    return client.post(INVITE, {"email": email, "organisation": organisation, "role": role})


def counts():
    return (User.objects.count(), Membership.objects.count())


def later(days):
    """The clock `days` from now, for the links' signatures and their expiry."""
    moved = time.time() + days * 86400
    return mock.patch.object(signing.time, "time", return_value=moved)


# --- Inviting ------------------------------------------------------------------------------------


def test_the_form_preselects_the_only_organisation_and_offers_no_other(admin_client):
    form = admin_client.get(INVITE).context["form"]
    vingaker = f"m{municipality('0428').pk}"
    assert form.fields["organisation"].initial == vingaker
    offered = [key for _group, options in form.fields["organisation"].choices for key, _ in options]
    assert offered == [vingaker]


def test_the_invite_form_never_tells_whether_the_address_has_an_account(admin_client):
    UserFactory(username="finns", email="finns@example.org")
    answers = {}
    for email in ("finns@example.org", "ny@example.org"):
        response = invite(admin_client, email, role="reviewer")
        assert response.status_code == 302
        page = admin_client.get(response["Location"])
        message = [str(m) for m in page.context["messages"]]
        (sent,) = [m for m in mail.outbox if m.to == [email]]
        link = invitation_links_sent_to(email)[0]
        accept_page = Client().get(link)
        assert accept_page.status_code == 200
        answers[email] = [
            text.replace(email, "ADDRESS").replace(link, "LINK")
            for text in (
                response["Location"],
                *message,
                sent.subject,
                sent.body,
                # The page's CSP nonce is new on every request.
                re.sub(
                    r'nonce="[^"]+"', "", accept_page.text.split('name="csrfmiddlewaretoken"')[0]
                ),
            )
        ]
    assert answers["finns@example.org"] == answers["ny@example.org"]


def test_no_password_travels_by_email(admin_client, orgadmin):
    invite(admin_client, "ny@example.org")
    link = invitation_links_sent_to("ny@example.org")[0]
    Client().post(link, accept_data(first_name="Nora", last_name="Ny"))
    assert len(mail.outbox) == 2  # the invitation, and the notice to the inviter
    assert all(PASSWORD not in m.body for m in mail.outbox)
    assert all("lösenord:" not in m.body.lower() for m in mail.outbox)


# --- Accepting -----------------------------------------------------------------------------------


def test_accepting_creates_the_account_and_membership_and_tells_the_inviter(admin_client, orgadmin):
    invite(admin_client, "Nora.Ny@Example.org", role="reviewer")
    link = invitation_links_sent_to("nora.ny@example.org")[0]
    person = Client()
    response = person.post(link, accept_data(first_name="Nora", last_name="Ny"))

    # Signed in, and straight on to set up the app: no second e-mail.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:two_factor_enrol"))
    assert person.get(response["Location"]).status_code == 200
    user = User.objects.get(email="nora.ny@example.org")
    assert user.check_password(PASSWORD) and user.is_staff and not user.is_superuser
    assert user.get_full_name() == "Nora Ny"
    membership = Membership.objects.get(user=user)
    assert (membership.municipality.code, membership.role) == ("0428", "reviewer")
    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.ACCEPTED
    assert (invitation.invited_by, invitation.accepted_by) == (orgadmin, user)
    assert [h.history_change_reason for h in invitation.history.order_by("history_id")] == [
        "Inbjuden",
        "Accepterad",
    ]
    assert membership.history.get().history_user == user

    (notice,) = [m for m in mail.outbox if m.to == [orgadmin.email]]
    assert "nora.ny@example.org har accepterat din inbjudan" in notice.subject
    assert f"/admin/auth/user/{user.pk}/change/" in notice.body

    # The link was used up.
    assert "redan använts" in Client().get(link).text


def test_an_existing_account_accepts_with_its_own_password(admin_client):
    existing = UserFactory(username="finns", email="finns@example.org")
    invite(admin_client, "finns@example.org", role="editor")
    link = invitation_links_sent_to("finns@example.org")[0]
    before = counts()

    # A new password is no way into someone's existing account.
    response = Client().post(link, accept_data("Ett-annat-losenord-99"))
    assert response.status_code == 200
    assert "Lösenordet godtas inte" in response.text
    assert counts() == before
    assert Invitation.objects.get().state == Invitation.State.PENDING

    response = Client().post(link, accept_data(OLD_PASSWORD))
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.check_password(OLD_PASSWORD)  # no new password
    assert User.objects.count() == before[0]
    assert Membership.objects.get(user=existing).role == "editor"


def test_a_weak_password_is_refused_by_djangos_validators(admin_client):
    invite(admin_client, "ny@example.org")
    link = invitation_links_sent_to("ny@example.org")[0]
    before = counts()
    response = Client().post(link, accept_data("12345678"))
    assert response.status_code == 200
    assert "för vanligt" in response.text or "helt numeriskt" in response.text
    response = Client().post(link, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "Lösenorden är inte likadana" in response.text
    assert counts() == before


@pytest.mark.parametrize("broken", ["expired", "reused", "tampered", "revoked", "replaced"])
def test_broken_links_are_refused_and_create_nothing(admin_client, orgadmin, broken):
    invite(admin_client, "ny@example.org")
    link = invitation_links_sent_to("ny@example.org")[0]
    expected = {
        "expired": "har gått ut",
        "reused": "redan använts",
        "tampered": "ofullständig eller felaktig",
        "revoked": "har återkallats",
        "replaced": "ersatts av en nyare",
    }[broken]
    if broken == "reused":
        assert Client().post(link, accept_data()).status_code == 302
    elif broken == "tampered":
        token = link.split("/")[-2]
        link = link.replace(token, token[:-2] + ("aa" if token[-2:] != "aa" else "bb"))
    elif broken == "revoked":
        invitations.invitation_revoke(user=orgadmin, invitation_ids=[Invitation.objects.get().pk])
    elif broken == "replaced":
        invitations.invitation_resend(user=orgadmin, invitation_ids=[Invitation.objects.get().pk])
    before = counts()
    with later(8 if broken == "expired" else 0):
        for response in (Client().get(link), Client().post(link, accept_data())):
            assert response.status_code == 200
            assert expected in response.text
            assert 'name="password1"' not in response.text
    assert counts() == before
    if broken != "reused":
        assert not Invitation.objects.filter(state=Invitation.State.ACCEPTED).exists()


def test_sending_again_gives_a_new_link_and_the_history_has_it_all(admin_client, orgadmin):
    invite(admin_client, "ny@example.org")
    invitation = Invitation.objects.get()
    response = admin_client.post(
        INVITATIONS, {"action": "resend", "_selected_action": [invitation.pk]}, follow=True
    )
    assert "skickades igen" in response.text
    old, new = invitation_links_sent_to("ny@example.org")
    assert old != new
    assert "ersatts av en nyare" in Client().get(old).text
    admin_client.post(INVITATIONS, {"action": "revoke", "_selected_action": [invitation.pk]})
    assert "har återkallats" in Client().get(new).text
    reasons = [h.history_change_reason for h in invitation.history.order_by("history_id")]
    assert reasons == ["Inbjuden", "Skickad igen", "Återkallad"]
    assert {h.history_user for h in invitation.history.all()} == {orgadmin}
    listing = admin_client.get(INVITATIONS)
    assert "ny@example.org" in listing.text and "återkallad" in listing.text


def test_invitations_are_rate_limited_per_inviter(admin_client, settings):
    settings.INVITATION_RATE_LIMIT_PER_HOUR = 2
    for n in range(2):
        assert invite(admin_client, f"person{n}@example.org").status_code == 302
    response = invite(admin_client, "person2@example.org")
    assert response.status_code == 200
    assert "högst 2 inbjudningar i timmen" in response.text
    assert Invitation.objects.count() == 2
    # Sending again counts too.
    selected = list(Invitation.objects.values_list("pk", flat=True))
    response = admin_client.post(
        INVITATIONS, {"action": "resend", "_selected_action": selected}, follow=True
    )
    assert "högst 2 inbjudningar i timmen" in response.text


# --- Only one's own organisation -----------------------------------------------------------------


def test_an_organisation_administrator_cannot_invite_into_another_organisation(
    admin_client, orgadmin
):
    strangnas = municipality("0486")
    area = PoliceAreaFactory(name="Lokalpolisområde Eskilstuna", slug="lpo-eskilstuna")
    for organisation in (f"m{strangnas.pk}", f"p{area.pk}"):
        response = invite(admin_client, "ny@example.org", organisation=organisation)
        assert response.status_code == 200
        assert response.context["form"].errors["organisation"]
    with pytest.raises(ValidationError, match="där du är administratör"):
        invitations.invitation_create(
            inviter=orgadmin, email="ny@example.org", role="editor", municipality=strangnas
        )
    with pytest.raises(CommandError, match="där du är administratör"):
        call_command(
            "invite",
            "ny@example.org",
            "--municipality",
            "0486",
            "--role",
            "admin",
            "--invited-by",
            orgadmin.username,
            stdout=StringIO(),
        )
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_organisation_administrator_cannot_touch_another_organisations_invitations(
    admin_client, orgadmin
):
    national = UserFactory(username="riks", is_superuser=True)
    other, _link = invitations.invitation_create(
        inviter=national, email="x@example.org", role="editor", municipality=municipality("0486")
    )
    mail.outbox.clear()
    for action in ("resend", "revoke"):
        admin_client.post(INVITATIONS, {"action": action, "_selected_action": [other.pk]})
    other.refresh_from_db()
    assert other.state == Invitation.State.PENDING and other.sent_by == national
    assert mail.outbox == []
    assert invitations.invitation_revoke(user=orgadmin, invitation_ids=[other.pk]) == 0
    for name in ("change", "history"):
        url = reverse(f"admin:municipalities_invitation_{name}", args=[other.pk])
        assert admin_client.get(url).status_code == 404
    assert "x@example.org" not in admin_client.get(INVITATIONS).text


def test_the_command_prints_the_link_for_bootstrapping(settings):
    settings.PORTAL_URL = "https://medborgarloften.example"
    out = StringIO()
    call_command(
        "invite", "forsta@example.org", "--municipality", "0428", "--role", "admin", stdout=out
    )
    link = invitation_links_sent_to("forsta@example.org")[0]
    assert f"https://medborgarloften.example{link}" in out.getvalue()
    invitation = Invitation.objects.get()
    assert invitation.invited_by is None and invitation.role == "admin"
    with pytest.raises(CommandError, match="ingen kommun"):
        call_command("invite", "a@example.org", "--municipality", "9999", "--role", "editor")


# --- The people of an organisation ---------------------------------------------------------------


def test_an_organisation_administrator_sees_only_their_people_without_groups(
    admin_client, orgadmin
):
    colleague = MembershipFactory(user__username="kollega", municipality=municipality("0428"))
    stranger = MembershipFactory(user__username="fromling", municipality=municipality("0486"))
    page = admin_client.get(reverse("admin:auth_user_changelist"))
    assert page.status_code == 200
    shown = {u.username for u in page.context["cl"].result_list}
    assert shown == {"administrator.vingaker", "kollega"}
    page = admin_client.get(reverse("admin:auth_user_change", args=[colleague.user.pk]))
    assert page.status_code == 200
    assert "Vingåkers kommun (redaktör)" in page.text
    for hidden in ('name="groups"', "user_permissions", "is_superuser", 'name="is_staff"'):
        assert hidden not in page.text
    assert 'name="first_name"' not in page.text  # read-only
    url = reverse("admin:auth_user_change", args=[stranger.user.pk])
    assert admin_client.get(url).status_code == 404


def test_the_user_list_shows_two_factor_state(client):
    national = UserFactory(username="riks", is_superuser=True)
    TOTPDevice.objects.create(user=national, name="Telefon", confirmed=True)
    codes = StaticDevice.objects.create(user=national, name="Reservkoder", confirmed=True)
    for token in ("aaaa2222", "bbbb3333", "cccc4444"):
        codes.token_set.create(token=token)
    client.force_login(national)
    page = client.get(reverse("admin:auth_user_changelist"))
    assert page.status_code == 200
    (row,) = [u for u in page.context["cl"].result_list if u.username == "riks"]
    assert row.app_confirmed and row.backup_codes_left == 3
    page = client.get(reverse("admin:auth_user_change", args=[national.pk]))
    assert 'name="groups"' in page.text and "reservkoder kvar" in page.text.lower()


def test_removing_a_membership_takes_effect_on_the_next_request(admin_client):
    colleague = MembershipFactory(user__username="kollega", municipality=municipality("0428"))
    colleague_client = Client()
    colleague_client.force_login(colleague.user)
    assert colleague_client.get(DOCUMENTS).status_code == 200

    url = reverse("admin:municipalities_membership_delete", args=[colleague.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=colleague.pk).exists()
    assert colleague_client.get(DOCUMENTS).status_code == 403


def test_an_organisation_administrator_changes_only_the_role(admin_client):
    colleague = MembershipFactory(user__username="kollega", municipality=municipality("0428"))
    url = reverse("admin:municipalities_membership_change", args=[colleague.pk])
    response = admin_client.post(
        url, {"role": "reviewer", "municipality": municipality("0486").pk, "user": 1}
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.role == "reviewer" and colleague.municipality.code == "0428"


def test_pending_invitation_to_the_same_place_is_not_duplicated(admin_client):
    invite(admin_client, "ny@example.org")
    response = invite(admin_client, "ny@example.org")
    assert response.status_code == 200
    assert "har redan en giltig inbjudan" in response.text
    # Once it has expired, a new one may be sent.
    Invitation.objects.update(expires_at=Invitation.objects.get().sent_at - datetime.timedelta(1))
    assert invite(admin_client, "ny@example.org").status_code == 302


def test_an_account_with_an_app_gives_a_code_from_it_after_accepting(admin_client):
    existing = UserFactory(username="finns", email="finns@example.org")
    TOTPDevice.objects.create(user=existing, name="Telefon", confirmed=True)
    invite(admin_client, "finns@example.org")
    link = invitation_links_sent_to("finns@example.org")[0]
    response = Client().post(link, accept_data(OLD_PASSWORD))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:two_factor"))
    assert not TOTPDevice.objects.filter(user=existing, confirmed=False).exists()
