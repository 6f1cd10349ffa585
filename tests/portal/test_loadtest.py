"""A few seconds of `make loadtest`'s own load (benchmarks/loadtest.py) against the test server:
readers on every kind of public page and the API while an editor publishes follow-ups, with no
failed request and no failed publication. The full run (gunicorn, production settings, the demo
data, 30 s) is `make loadtest`.

On PostgreSQL only (CI): the tests' SQLite database lives in memory with a shared cache, whose
table locks refuse a reader while another thread writes; a SQLite file, as `make loadtest` uses,
waits instead."""

import threading
import time
from urllib.parse import urlsplit

import pytest
from django.db import connection

from benchmarks.loadtest import Publications, Results, public_pages, publish_follow_ups, read_pages
from followup.models import FollowUp
from tests.factories import build_promise

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="on PostgreSQL (DATABASE_URL), as in CI"
    ),
]


def test_readers_and_a_publishing_editor_at_once(live_server, reference_data, editor, settings):
    settings.OPEN_DATA_THROTTLE_RATE = "100000/minute"
    promise = build_promise(commitments=4, followups=1)
    published_before = FollowUp.objects.published().count()
    pages = public_pages()
    assert {name for name, _ in pages} >= {"start", "medborgarlöfte", "uppföljning", "sök", "API"}

    address = urlsplit(live_server.url)
    results, publications = Results(), Publications()
    until = time.monotonic() + 3
    threads = [
        threading.Thread(
            target=read_pages, args=(address.hostname, address.port, pages, until, results, n)
        )
        for n in range(2)
    ]
    threads.append(threading.Thread(target=publish_follow_ups, args=(until, 0.3, publications)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert dict(results.failures) == {} and publications.failures == []
    assert sum(len(values) for values in results.latencies.values()) >= len(pages)
    assert len(publications.published) >= 2
    assert FollowUp.objects.published().count() == published_before + len(publications.published)
    assert promise.followups.filter(summary="Publicerad under lasttestet.").count() >= 2
