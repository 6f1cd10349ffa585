"""The API and the CSV files are throttled per client address, and a forged X-Forwarded-For
does not get round it (the address is read as config/client_address.py reads it)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_too_many_requests_are_refused_with_a_wait(client, settings):
    settings.OPEN_DATA_THROTTLE_RATE = "3/minute"
    url = reverse("opendata:focus-area-list")
    for _ in range(3):
        assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"].startswith("För många förfrågningar. Försök igen om ")
    # The CSV files count against the same limit.
    csv = client.get(reverse("opendata:csv", args=["fokusomraden"]))
    assert csv.status_code == 429
    assert csv.content.decode().startswith("För många förfrågningar. Försök igen om ")
    assert int(csv["Retry-After"]) > 0


def test_a_forged_forwarded_address_does_not_reset_the_limit(client, settings):
    settings.OPEN_DATA_THROTTLE_RATE = "2/minute"
    url = reverse("opendata:focus-area-list")
    statuses = [client.get(url, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, settings):
    """The throttle reads the client's address as the sign-in limits do (config/client_address):
    behind one proxy, the address the proxy recorded, whatever the client wrote before it."""
    settings.OPEN_DATA_THROTTLE_RATE = "2/minute"
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("opendata:focus-area-list")

    def get(forwarded_for):
        return client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)

    first = [get(f"6.6.6.{n}, 198.51.100.7").status_code for n in range(3)]
    assert first == [200, 200, 429]
    assert get("198.51.100.8").status_code == 200
