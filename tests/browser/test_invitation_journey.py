"""The whole invitation journey in a real browser, with two-factor sign-in on: an organisation's
administrator invites a person with the form; the person opens the link from the e-mail, chooses
a password, sets up an authenticator app (the code computed here from the device's key, as the
app does), sees the backup codes, lands on the organisation's documents, signs out, signs in with
a backup code, and cannot sign in with the same code twice."""

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from municipalities.models import Invitation, Membership
from tests.factories import MembershipFactory, municipality
from tests.invitations import PASSWORD, invitation_links_sent_to
from tests.two_factor import PASSWORD as INVITER_PASSWORD
from tests.two_factor import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "nora.ny@example.org"


@pytest.fixture
def inviter(live_server, reference_data, settings):
    settings.ADMIN_REQUIRE_2FA = True
    user = MembershipFactory(
        user__username="administrator.vingaker",
        municipality=municipality("0428"),
        role=Membership.Role.ADMIN,
    ).user
    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    return user, device


def sign_in(page, base, username, password, code):
    page.goto(f"{base}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.fill("#id_token", code)
    page.click("input[type=submit]")


def sign_out(page):
    page.click("#logout-form button")


def test_invite_accept_enrol_and_sign_in_with_a_backup_code(live_server, inviter, page_at):
    base = live_server.url
    user, device = inviter

    # The administrator invites with the one form; their organisation is preselected.
    page = page_at()
    sign_in(page, base, user.username, INVITER_PASSWORD, code_for(device))
    page.goto(f"{base}/admin/municipalities/invitation/add/")
    assert page.locator("#id_organisation").input_value() == f"m{municipality('0428').pk}"
    page.fill("#id_email", EMAIL)
    page.select_option("#id_role", "editor")
    page.click("input[type=submit]")
    assert f"En inbjudan har skickats till {EMAIL}" in page.locator(".messagelist").inner_text()

    # The person opens the link from the e-mail in their own browser.
    (link,) = invitation_links_sent_to(EMAIL)
    person = page_at()
    person.goto(base + link)
    assert "Vingåkers kommun som redaktör" in person.locator("#content-main").inner_text()
    person.fill("#id_first_name", "Nora")
    person.fill("#id_last_name", "Ny")
    person.fill("#id_password1", PASSWORD)
    person.fill("#id_password2", PASSWORD)
    person.click("input[type=submit]")

    # Straight on to the app, without a second e-mail.
    assert person.locator(".two-factor-qr svg").count() == 1
    assert len(mail.outbox) == 2  # the invitation and the notice to the inviter
    pending = TOTPDevice.objects.get(user__email=EMAIL, confirmed=False)
    person.fill("#id_token", code_for(pending))
    person.click("input[type=submit]")
    codes = person.locator(".two-factor-backup-codes code").all_inner_texts()
    assert len(codes) == 10
    person.click("text=Jag har sparat koderna – fortsätt")
    assert person.url == f"{base}/admin/loften/citizenpromise/"
    assert person.locator("h1").inner_text() == "Välj medborgarlöfte att ändra"

    # Signing in again: the password and a backup code, which works once.
    sign_out(person)
    sign_in(person, base, EMAIL, PASSWORD, codes[0])
    assert person.url == f"{base}/admin/"
    sign_out(person)
    sign_in(person, base, EMAIL, PASSWORD, codes[0])
    assert "Koden stämmer inte" in person.locator("#content-main").inner_text()
    assert person.url.startswith(f"{base}/admin/tvastegsverifiering/")

    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.ACCEPTED
    assert invitation.accepted_by.memberships.get().municipality.code == "0428"
    (notice,) = [m for m in mail.outbox if m.to == [user.email]]
    assert EMAIL in notice.subject
