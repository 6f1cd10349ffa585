"""Two-factor enrolment needs more than the password (security finding 3): an authenticator app
is set up only through a one-time link e-mailed to the user's registered address, also after a
national administrator removed a lost phone; backup codes are shown once and work once each."""

import datetime
import logging
import time
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.two_factor import backup_codes_in, code_for, enrol, links_sent_to, login

pytestmark = pytest.mark.django_db

EMAIL = "kommun.vingaker@example.org"
INDEX = reverse("admin:index")
TWO_FACTOR = reverse("admin:two_factor")
ENROL = reverse("admin:two_factor_enrol")


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.ADMIN_REQUIRE_2FA = True
    settings.TWO_FACTOR_LINK_MAX_AGE_HOURS = 24
    settings.TWO_FACTOR_LINK_RESEND_MINUTES = 5


def signed_in(username="kommun.vingaker"):
    """A client past the password step, on the second step's page."""
    client = Client()
    assert login(client, username).status_code == 302
    response = client.get(TWO_FACTOR)
    assert response.status_code == 200
    return client, response


def link_sent_minutes_ago(user, minutes):
    """The pending link as if sent `minutes` ago: the limit reads its device's created_at."""
    TOTPDevice.objects.filter(user=user, confirmed=False).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def later(hours):
    """The clock `hours` from now, for the signatures on links (django.core.signing)."""
    return mock.patch.object(signing.time, "time", return_value=time.time() + hours * 3600)


# --- The password alone ---------------------------------------------------------------------------


def test_the_password_alone_gets_no_key_and_confirms_no_app(editor):
    client, response = signed_in()
    assert 'class="two-factor-qr"' not in response.text
    assert "two-factor-secret" not in response.text
    assert "Vi har skickat en länk" in response.text

    # The set-up page itself refuses a session that has not opened the link.
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"] == TWO_FACTOR
    # Even with the key (as if guessed), a code confirms nothing without the link.
    pending = TOTPDevice.objects.get(user=editor)
    for url in (ENROL, TWO_FACTOR):
        response = client.post(url, {"token": code_for(pending)})
        assert response.status_code in (200, 302)
        assert 'class="two-factor-qr"' not in response.text
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert client.get(INDEX)["Location"].startswith(reverse("admin:login"))


def test_signing_in_again_sends_no_second_link_while_the_first_is_valid(editor):
    signed_in()
    client, response = signed_in()
    assert "En länk har redan skickats" in response.text
    assert len(links_sent_to(EMAIL)) == 1


def test_a_new_link_at_most_every_few_minutes(editor):
    client, _page = signed_in()
    response = client.post(TWO_FACTOR, {"_send_link": "1"}, follow=True)
    assert response.status_code == 200
    assert "En länk skickades för mindre än 5 minuter sedan" in response.text
    assert len(links_sent_to(EMAIL)) == 1

    link_sent_minutes_ago(editor, 6)
    response = client.post(TWO_FACTOR, {"_send_link": "1"}, follow=True)
    assert "En ny länk har skickats till k…@example.org" in response.text
    first, second = links_sent_to(EMAIL)
    # The new link replaces the old one.
    assert "ersatts av en nyare länk" in client.get(first).text
    assert client.get(second)["Location"] == ENROL


def test_a_user_without_an_email_address_is_told_whom_to_ask(client):
    UserFactory(username="utan.adress", email="")
    client, response = signed_in("utan.adress")
    assert "Ditt konto har ingen e-postadress" in response.text
    assert "Kontakta en nationell administratör" in response.text
    assert 'class="two-factor-qr"' not in response.text
    assert mail.outbox == []


# --- The link ------------------------------------------------------------------------------------


def test_the_link_sets_the_app_up_once(editor, caplog):
    caplog.set_level(logging.DEBUG)
    client, _page = signed_in()
    (link,) = links_sent_to(EMAIL)
    message = mail.outbox[0]
    assert message.subject == "Konfigurera tvåstegsverifiering för Medborgarlöften"
    assert "gäller i 24 timmar och kan användas en gång" in message.body

    response = client.get(ENROL, follow=False)
    assert response.status_code == 302  # not before the link
    device, response = enrol(client, link)
    assert client.get(INDEX).status_code == 200

    # Used: neither this session nor a later sign-in can open it again.
    response = client.get(link)
    assert response.status_code == 200
    assert "Länken har redan använts" in response.text
    client, _page = signed_in()
    response = client.get(link)
    assert "Länken har redan använts" in response.text
    assert 'class="two-factor-qr"' not in response.text
    assert "Skicka en ny länk" in response.text
    assert TOTPDevice.objects.get(user=editor) == device
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in caplog.text


def test_the_link_opened_before_signing_in_asks_for_the_password_first(editor):
    signed_in()
    (link,) = links_sent_to(EMAIL)
    client = Client()  # another browser, not signed in
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    response = client.post(
        reverse("admin:login"),
        {"username": "kommun.vingaker", "password": "test-password-1", "next": link},
    )
    assert response["Location"] == link
    enrol(client, link)
    assert client.get(INDEX).status_code == 200


def test_the_link_expires(editor):
    client, _page = signed_in()
    (link,) = links_sent_to(EMAIL)
    with later(hours=25):
        response = client.get(link)
    assert response.status_code == 200
    assert "Länken har gått ut. Den gäller i 24 timmar" in response.text
    assert "Skicka en ny länk" in response.text
    assert 'class="two-factor-qr"' not in response.text

    with later(hours=23):
        response = client.get(link)
    assert response["Location"] == ENROL


def test_a_link_for_one_user_does_not_work_for_another(editor):
    UserFactory(username="kollega")
    signed_in()
    (link,) = links_sent_to(EMAIL)

    other, _page = signed_in("kollega")
    response = other.get(link)
    assert response.status_code == 200
    assert "Länken gäller ett annat konto" in response.text
    assert 'class="two-factor-qr"' not in response.text
    assert other.get(ENROL)["Location"] == TWO_FACTOR
    assert not TOTPDevice.objects.filter(user__username="kollega", confirmed=True).exists()

    # It still works for the person it was sent to.
    owner, _page = signed_in()
    enrol(owner, link)


def test_after_an_administrator_removes_the_app_only_a_new_link_sets_one_up(editor, settings):
    client, _page = signed_in()
    (first_link,) = links_sent_to(EMAIL)
    device, _codes = enrol(client, first_link)

    # Lost phone: a national administrator deletes the device in the admin.
    settings.ADMIN_REQUIRE_2FA = False
    national = Client()
    national.force_login(UserFactory(username="admin", is_superuser=True))
    response = national.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    settings.ADMIN_REQUIRE_2FA = True

    client, response = signed_in()
    assert 'class="two-factor-qr"' not in response.text
    assert "Vi har skickat en länk" in response.text
    assert "Länken har redan använts" in client.get(first_link).text
    assert client.get(ENROL)["Location"] == TWO_FACTOR
    _old, new_link = links_sent_to(EMAIL)
    enrol(client, new_link)
    assert client.get(INDEX).status_code == 200


def test_an_administrator_can_send_a_new_link(editor, settings):
    settings.ADMIN_REQUIRE_2FA = False
    national = Client()
    national.force_login(UserFactory(username="admin", is_superuser=True))
    without_address = UserFactory(username="utan.adress", email="")
    response = national.post(
        reverse("admin:auth_user_changelist"),
        {"action": "send_two_factor_link", "_selected_action": [editor.pk, without_address.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Länken skickades till 1 användare" in response.text
    assert "Användaren utan.adress har ingen e-postadress. Lägg in en" in response.text
    (link,) = links_sent_to(EMAIL)
    assert LogEntry.objects.filter(object_id=str(editor.pk)).exists()

    settings.ADMIN_REQUIRE_2FA = True
    client, _page = signed_in()
    enrol(client, link)


def test_the_admin_never_shows_keys_or_backup_codes(editor, settings):
    client, _page = signed_in()
    device, response = enrol(client, links_sent_to(EMAIL)[0])
    codes = backup_codes_in(response)
    settings.ADMIN_REQUIRE_2FA = False
    national = Client()
    national.force_login(UserFactory(username="admin", is_superuser=True))
    page = national.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.text
    static = StaticDevice.objects.get(user=editor)
    page = national.get(reverse("admin:otp_static_staticdevice_change", args=[static.pk]))
    assert page.status_code == 200
    assert not any(code in page.text for code in codes)


# --- Backup codes --------------------------------------------------------------------------------


def test_backup_codes_are_shown_once_and_each_works_once(editor):
    client, _page = signed_in()
    _device, response = enrol(client, links_sent_to(EMAIL)[0])
    codes = backup_codes_in(response)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "De visas bara den här gången" in response.text

    page = client.get(reverse("admin:two_factor_backup_codes"))
    assert page.status_code == 200
    assert "Du har 10 oanvända reservkoder kvar" in page.text
    assert not any(code in page.text for code in codes)

    client, response = signed_in()
    assert "Ange engångskod" in response.text
    response = client.post(TWO_FACTOR, {"token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(INDEX).status_code == 200

    client, _page = signed_in()
    response = client.post(TWO_FACTOR, {"token": codes[0]})
    assert response.status_code == 200
    assert "Koden stämmer inte" in response.text
    assert client.get(INDEX).status_code == 302
    StaticDevice.objects.get(user=editor).throttle_reset()
    assert client.post(TWO_FACTOR, {"token": codes[1]})["Location"] == INDEX
    page = client.get(reverse("admin:two_factor_backup_codes"))
    assert "Du har 8 oanvända reservkoder kvar" in page.text


def test_new_backup_codes_replace_the_old(editor):
    client, _page = signed_in()
    _device, response = enrol(client, links_sent_to(EMAIL)[0])
    old = backup_codes_in(response)

    response = client.post(reverse("admin:two_factor_backup_codes"))
    assert response.status_code == 200
    new = backup_codes_in(response)
    assert len(new) == 10 and not set(new) & set(old)

    client, _page = signed_in()
    response = client.post(TWO_FACTOR, {"token": old[0]})
    assert "Koden stämmer inte" in response.text
    StaticDevice.objects.get(user=editor).throttle_reset()
    assert client.post(TWO_FACTOR, {"token": new[0]})["Location"] == INDEX


def test_backup_codes_need_a_verified_session(editor):
    client, _page = signed_in()
    response = client.post(reverse("admin:two_factor_backup_codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not StaticDevice.objects.exists()
