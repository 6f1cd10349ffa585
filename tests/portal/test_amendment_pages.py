"""The public history of amendments: the löfte's page and the document's page show when, what
changed (before → after) and why; the löfte shows its amended values; proposals do not show."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loften import services
from loften.models import CitizenPromise
from tests.factories import approved_amendment, build_promise, in_force_today, party_editors


@pytest.fixture
def promise(db):
    return build_promise(commitments=3, **in_force_today())


def _get(client, url):
    cache.clear()  # the queries of drawing the page, not of reading it from the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.text, len(queries)


def test_the_history_shows_before_and_after_and_the_current_values(client, promise):
    commitment = promise.commitments.order_by("pk").first()
    old_text = commitment.text
    approved_amendment(
        commitment,
        reason="Kontrollerna gav effekt, så parterna fortsätter ett år till.",
        text="genomföra trafikkontroller varje vecka",
        ends_on=datetime.date(2027, 12, 31),
    )
    versions = CitizenPromise.objects.count()

    page, _count = _get(client, commitment.get_absolute_url())
    assert "genomföra trafikkontroller varje vecka" in page  # the current value
    assert "Ändringar under löptiden" in page
    assert f"{old_text} → genomföra trafikkontroller varje vecka" in page
    assert "medborgarlöftets giltighetstid → till 2027-12-31" in page
    assert "Period:</strong> till 2027-12-31" in page
    assert "Kontrollerna gav effekt" in page

    document, _count = _get(client, promise.get_absolute_url())
    assert "Ändringar under löptiden" in document
    assert "Kontrollerna gav effekt" in document
    assert CitizenPromise.objects.count() == versions  # no new version


def test_a_proposal_is_not_public(client, promise):
    commitment = promise.commitments.first()
    kommun, _polis = party_editors(promise)
    services.amendment_propose(
        commitment=commitment,
        user=kommun,
        values={"text": "en föreslagen metod"},
        reason="Förslag.",
        effective_from=datetime.date(2025, 9, 1),
    )
    for url in (commitment.get_absolute_url(), promise.get_absolute_url()):
        page, _count = _get(client, url)
        assert "en föreslagen metod" not in page and "Ändringar under löptiden" not in page


def test_query_count_does_not_grow_with_amendments(client, promise):
    first, *others = promise.commitments.order_by("pk")
    approved_amendment(first, measures=[{"name": "nya kontroller", "unit": "st", "target": 10}])
    _get(client, promise.get_absolute_url())  # warm up caches
    few = [_get(client, url)[1] for url in (promise.get_absolute_url(), first.get_absolute_url())]
    added = first.measures.get(name="nya kontroller")
    approved_amendment(
        first, measures=[{"id": added.pk, "name": "nya kontroller", "unit": "st", "target": 12}]
    )
    for commitment in others:
        approved_amendment(commitment, ends_on=datetime.date(2027, 6, 30))
    many = [_get(client, url)[1] for url in (promise.get_absolute_url(), first.get_absolute_url())]
    assert few == many
