"""Limits on failed sign-ins beyond one username from one address (config/lockout.py), and the
client's address behind reverse proxies (config/client_address.py).

Time passes by moving the stored failures back, never by waiting."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F, Sum
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from config.client_address import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-1"


def login(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )


def from_address(address):
    return Client(REMOTE_ADDR=address)


def time_passes(seconds):
    """Every recorded failure happened `seconds` earlier."""
    earlier = F("attempt_time") - datetime.timedelta(seconds=seconds)
    AccessAttempt.objects.update(attempt_time=earlier)


def failures():
    return AccessAttempt.objects.aggregate(total=Sum("failures_since_start"))["total"] or 0


# --- One password across many usernames, from one address -----------------------------------------


def test_one_password_across_many_usernames_from_one_address_is_locked(editor, settings):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 10
    attacker = from_address("198.51.100.66")
    statuses = [
        login(attacker, f"tjansteman{number}", "Sommar2026!").status_code for number in range(20)
    ]
    assert statuses == [200] * 9 + [429] * 11
    assert failures() == 10  # refused attempts checked no password and are not counted

    # The address is locked for every username, even with the right password …
    response = login(attacker, "kommun.vingaker")
    assert response.status_code == 429
    assert "från din adress, för flera användarnamn" in response.text
    # … but the officials themselves, elsewhere, are not.
    assert login(from_address("192.0.2.10"), "kommun.vingaker").status_code == 302


def test_the_address_lock_ends_after_the_cool_off(editor, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    office = from_address("198.51.100.20")
    for number in range(3):
        login(office, f"tjansteman{number}", "fel-lösenord")
    assert login(office, "kommun.vingaker").status_code == 429

    time_passes(30 * 60 + 1)
    assert login(office, "kommun.vingaker").status_code == 302


def test_typing_mistakes_of_colleagues_on_one_address_stay_below_the_address_limit(settings):
    """The address limit is higher than the pair's: five colleagues who each mistype once are not
    locked out, as they would be if the address shared axes' limit of 5."""
    colleagues = [UserFactory(username=f"kollega{number}", is_staff=True) for number in range(6)]
    office = from_address("198.51.100.21")
    for colleague in colleagues:
        assert login(office, colleague.username, "fel-lösenord").status_code == 200
    for colleague in colleagues:
        assert login(Client(REMOTE_ADDR="198.51.100.21"), colleague.username).status_code == 302


# --- One username from many addresses ------------------------------------------------------------


def test_failures_for_one_username_from_many_addresses_delay_the_next_attempt(editor, settings):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 3
    settings.LOGIN_USERNAME_DELAY_SECONDS = 30
    for number in range(2):
        response = login(from_address(f"203.0.113.{number}"), "kommun.vingaker", "fel")
        assert response.status_code == 200

    # The third failure, from yet another address, starts a delay of 30 seconds.
    response = login(from_address("203.0.113.2"), "kommun.vingaker", "fel")
    assert response.status_code == 429
    assert "för det här användarnamnet" in response.text
    assert "även med rätt lösenord" in response.text
    last = AccessAttempt.objects.order_by("-attempt_time").first().attempt_time
    retry_at = timezone.localtime(last + datetime.timedelta(seconds=30))
    assert f"Försök igen kl. {retry_at:%H:%M:%S}." in response.text
    assert 29 <= int(response["Retry-After"]) <= 31

    # During the delay even the right password, from a new address, is refused.
    owner = from_address("192.0.2.10")
    response = login(owner, "kommun.vingaker")
    assert response.status_code == 429
    assert "_auth_user_id" not in owner.session

    # After it, a further failure doubles the delay to 60 seconds …
    time_passes(31)
    response = login(from_address("203.0.113.3"), "kommun.vingaker", "fel")
    assert response.status_code == 429
    assert 59 <= int(response["Retry-After"]) <= 61
    time_passes(31)
    assert login(owner, "kommun.vingaker").status_code == 429

    # … and once it has passed, the right password gets in.
    time_passes(30)
    response = login(owner, "kommun.vingaker")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_the_username_delay_doubles_up_to_its_cap(editor, settings):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 1
    settings.LOGIN_USERNAME_DELAY_SECONDS = 30
    settings.LOGIN_USERNAME_MAX_DELAY_SECONDS = 120
    waits = []
    for number in range(5):
        response = login(from_address(f"203.0.113.{number}"), "kommun.vingaker", "fel")
        assert response.status_code == 429
        waits.append(int(response["Retry-After"]))
        time_passes(waits[-1])
    assert [round(wait, -1) for wait in waits] == [30, 60, 120, 120, 120]


def test_a_refused_attempt_does_not_prolong_the_delay(editor, settings):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 1
    settings.LOGIN_USERNAME_DELAY_SECONDS = 30
    assert login(from_address("203.0.113.1"), "kommun.vingaker", "fel").status_code == 429
    for _ in range(5):
        time_passes(5)
        assert login(from_address("203.0.113.2"), "kommun.vingaker", "fel").status_code == 429
    assert failures() == 1
    time_passes(6)
    assert login(from_address("192.0.2.10"), "kommun.vingaker").status_code == 302


def test_the_lock_for_a_username_from_one_address_ends_after_the_cool_off(editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = from_address("192.0.2.10")
    login(client, "kommun.vingaker", "fel")
    response = login(client, "kommun.vingaker", "fel")
    assert response.status_code == 429
    assert "för det här användarnamnet från din adress" in response.text
    time_passes(30 * 60 - 60)
    assert login(client, "kommun.vingaker").status_code == 429
    time_passes(61)
    assert login(client, "kommun.vingaker").status_code == 302


# --- The client's address behind reverse proxies -------------------------------------------------


def test_behind_a_trusted_proxy_clients_are_counted_separately(editor, settings):
    """Every request reaches the portal from the proxy's address; without TRUSTED_PROXY_COUNT
    two failures by one person would lock the username for everybody."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 2
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    login(attacker, "kommun.vingaker", "fel")
    assert login(attacker, "kommun.vingaker", "fel").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}

    official = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert login(official, "kommun.vingaker").status_code == 302


def test_behind_two_proxies_a_forged_first_entry_changes_nothing(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.AXES_FAILURE_LIMIT = 2
    for forged in ("1.1.1.1", "2.2.2.2"):
        attacker = Client(
            REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.7, 10.0.0.2"
        )
        response = login(attacker, "kommun.vingaker", "fel")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_without_trusted_proxies_a_forwarded_header_is_ignored(editor, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    settings.AXES_FAILURE_LIMIT = 2
    for forged in ("198.51.100.1", "198.51.100.2"):
        response = login(Client(HTTP_X_FORWARDED_FOR=forged), "kommun.vingaker", "fel")
    assert response.status_code == 429
    response = login(Client(HTTP_X_FORWARDED_FOR="198.51.100.3"), "kommun.vingaker")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),
        (1, "", "10.0.0.1"),  # the header is missing: the request bypassed the proxy
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.1"),  # fewer hops than proxies
        (2, "6.6.6.6,198.51.100.7 , 10.0.0.2", "198.51.100.7"),
        (1, "2001:db8::7", "2001:db8::7"),
        (1, "unknown", "10.0.0.1"),
    ],
)
def test_client_address(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **extra)
    assert client_ip(request) == expected
