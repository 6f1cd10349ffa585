"""History version pages show old versions and never revert to one."""

import pytest
from django.urls import reverse

from loften.models import CitizenPromise

pytestmark = pytest.mark.django_db


def test_history_version_pages_never_revert(client, world):
    promise = world.own[CitizenPromise]
    version = promise.history.first().history_id
    url = reverse("admin:loften_citizenpromise_simple_history", args=[promise.pk, version])
    client.force_login(world.users["national"])
    response = client.post(url, {"title": "Återställd", "_change_history": "1"})
    assert response.status_code == 403
    promise.refresh_from_db()
    assert promise.title != "Återställd"
