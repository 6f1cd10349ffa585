"""Signing in to the admin: lockout after repeated failures (django-axes), two-factor sign-in
with TOTP when it is switched on (django-otp), a new session key at login, and no admin
response kept in a cache. Setting an app up by the e-mailed link, and backup codes, are in
tests/test_two_factor.py."""

import datetime
import os
import subprocess
import sys
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.management.utils import get_random_secret_key
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.two_factor import code_for, links_sent_to, login

pytestmark = pytest.mark.django_db


# --- Lockout -------------------------------------------------------------------------------------


def test_repeated_failures_lock_the_login(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        response = login(client, "kommun.vingaker", "fel-lösenord")
        assert response.status_code == 200
        assert "skiftlägeskänsliga" in response.text  # Django's "wrong password" message

    response = login(client, "kommun.vingaker", "fel-lösenord")
    assert response.status_code == 429
    assert "För många inloggningsförsök" in response.text
    assert "no-store" in response["Cache-Control"]

    # Locked: even the right password does not get in now.
    response = login(client, "kommun.vingaker")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="kommun.vingaker").failures_since_start >= 3


def test_lockout_is_per_username_and_address(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        login(client, "kommun.vingaker", "fel-lösenord")
    other_address = Client(REMOTE_ADDR="192.0.2.10")
    response = login(other_address, "kommun.vingaker")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_success_before_the_limit_resets_the_count(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    login(client, "kommun.vingaker", "fel-lösenord")
    login(client, "kommun.vingaker", "fel-lösenord")
    assert login(client, "kommun.vingaker").status_code == 302
    client.logout()
    login(client, "kommun.vingaker", "fel-lösenord")
    assert login(client, "kommun.vingaker").status_code == 302


# --- Session and caching -------------------------------------------------------------------------


def test_session_key_rotates_at_login(client, editor):
    client.get(reverse("admin:login"))
    session = client.session
    session["before_login"] = True
    session.save()
    before = session.session_key
    client.cookies[django_settings.SESSION_COOKIE_NAME] = before

    assert login(client, "kommun.vingaker").status_code == 302
    after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert after and after != before


def test_admin_responses_are_not_stored(client, editor):
    for url in (reverse("admin:login"), reverse("admin:index"), "/admin/finns-inte/"):
        assert "no-store" in client.get(url)["Cache-Control"], url
    client.force_login(editor)
    for url in (
        reverse("admin:index"),
        reverse("admin:loften_citizenpromise_changelist"),
        reverse("admin:municipalities_municipality_changelist"),  # 403
        reverse("admin:loften_citizenpromise_change", args=[999999]),  # 404
        reverse("admin:jsi18n"),
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url


# --- Two-factor sign-in --------------------------------------------------------------------------


def test_without_2fa_the_password_is_enough(client, editor, settings):
    settings.ADMIN_REQUIRE_2FA = False
    login(client, "kommun.vingaker")
    assert client.get(reverse("admin:index")).status_code == 200


def test_with_2fa_a_new_user_sets_up_an_authenticator_app(client, editor, settings):
    settings.ADMIN_REQUIRE_2FA = True
    response = login(client, "kommun.vingaker")
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("admin:two_factor"))
    page = response.text
    assert "Konfigurera tvåstegsverifiering" in page
    # The password alone shows no QR code: the set-up link goes to the registered address.
    assert 'class="two-factor-qr"' not in page
    assert "Vi har skickat en länk till din registrerade e-postadress k…@example.org" in page
    (link,) = links_sent_to("kommun.vingaker@example.org")

    # Nothing of the admin is reachable before the code.
    url = reverse("admin:loften_citizenpromise_changelist")
    assert client.get(url)["Location"].startswith(reverse("admin:login"))

    response = client.get(link)
    assert response["Location"] == reverse("admin:two_factor_enrol")
    enrol_page = reverse("admin:two_factor_enrol") + "?next=" + url
    response = client.get(enrol_page)
    assert response.status_code == 200
    assert 'class="two-factor-qr"' in response.text
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed

    response = client.post(enrol_page, {"token": "000000", "next": url})
    assert response.status_code == 200
    assert "Koden stämmer inte" in response.text
    # Wrong codes slow the next try down (django-otp throttling).
    response = client.post(enrol_page, {"token": code_for(device), "next": url})
    assert "Vänta" in response.text
    device.refresh_from_db()
    device.throttle_reset()

    before = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    response = client.post(enrol_page, {"token": code_for(device), "next": url})
    assert response.status_code == 200
    assert "Tvåstegsverifieringen är aktiverad" in response.text
    assert f'href="{url}"' in response.text  # on to where the user was going
    assert client.cookies[django_settings.SESSION_COOKIE_NAME].value != before
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(url).status_code == 200


def test_with_2fa_a_returning_user_enters_a_code(editor, settings):
    settings.ADMIN_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=editor, name="Telefon", confirmed=True)
    client = Client()
    response = client.get(login(client, "kommun.vingaker")["Location"], follow=True)
    assert "Ange engångskod" in response.text
    # No new key is shown to someone who has only the password.
    assert 'class="two-factor-qr"' not in response.text
    response = client.post(reverse("admin:two_factor"), {"token": code_for(device)})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_with_2fa_a_password_only_session_is_not_enough(client, editor, settings):
    settings.ADMIN_REQUIRE_2FA = True
    client.force_login(editor)
    response = client.get(reverse("admin:loften_citizenpromise_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("admin:two_factor"))


def test_two_factor_page_lets_a_half_signed_in_user_log_out(client, editor, settings):
    settings.ADMIN_REQUIRE_2FA = True
    client.force_login(editor)
    response = client.post(reverse("admin:two_factor"), {"_logout": "1"})
    assert response["Location"] == reverse("admin:login")
    assert "_auth_user_id" not in client.session


def test_two_factor_page_needs_a_password_first(client, settings):
    settings.ADMIN_REQUIRE_2FA = True
    response = client.get(reverse("admin:two_factor"))
    assert response["Location"].startswith(reverse("admin:login"))
    assert not TOTPDevice.objects.exists()


def test_non_staff_users_get_no_second_step(client, settings):
    settings.ADMIN_REQUIRE_2FA = True
    UserFactory(username="invanare", is_staff=False)
    response = login(client, "invanare")
    assert response.status_code == 200  # the admin login form refuses non-staff
    assert not TOTPDevice.objects.exists()


def _setting(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.ADMIN_REQUIRE_2FA)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_2fa_is_required_in_production_and_off_in_debug():
    assert _setting(SECRET_KEY=get_random_secret_key()) == "True"
    assert _setting(DEBUG="1") == "False"
    assert _setting(SECRET_KEY=get_random_secret_key(), ADMIN_REQUIRE_2FA="0") == "False"
    assert _setting(DEBUG="1", ADMIN_REQUIRE_2FA="1") == "True"


# --- Idle sessions -------------------------------------------------------------------------------


class Clock:
    """Django's clock, moved forward by the test instead of waiting."""

    def __init__(self):
        self._real_now = timezone.now
        self.offset = datetime.timedelta()

    def now(self):
        return self._real_now() + self.offset

    def advance(self, minutes):
        self.offset += datetime.timedelta(minutes=minutes)


@pytest.fixture
def clock():
    moved = Clock()
    with mock.patch("django.utils.timezone.now", moved.now):
        yield moved


def test_an_idle_sign_in_ends_with_a_message(client, editor, clock):
    assert login(client, "kommun.vingaker").status_code == 302
    url = reverse("admin:loften_citizenpromise_changelist")
    assert client.get(url).status_code == 200

    clock.advance(31)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).text
    assert "Du loggades ut eftersom du inte har gjort något på 30 minuter" in page


def test_an_active_sign_in_stays(client, editor, clock):
    login(client, "kommun.vingaker")
    url = reverse("admin:loften_citizenpromise_changelist")
    for _ in range(6):  # two hours, with a request every twenty minutes
        clock.advance(20)
        assert client.get(url).status_code == 200
    assert "_auth_user_id" in client.session


def test_activity_does_not_extend_the_sign_in_beyond_its_age(client, editor, clock):
    login(client, "kommun.vingaker")
    session = Session.objects.get()
    age = (session.expire_date - timezone.now()).total_seconds()
    assert abs(age - django_settings.SESSION_COOKIE_AGE) < 60
    for _ in range(3):
        clock.advance(5)
        assert client.get(reverse("admin:index")).status_code == 200
    assert Session.objects.get().expire_date == session.expire_date


def test_public_pages_start_no_session_for_visitors(client):
    response = client.get(reverse("loften:home"))
    assert response.status_code == 200
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()
