"""Pages at national scale: the generated data (`manage.py generate_national_data`), page query
counts that stay the same when the country's data is added, and (on PostgreSQL) query plans of
the start page and the pages of one kommun, document or follow-up that read no big table
whole."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import CommitmentStatus, FollowUp, refresh_latest, refresh_latest_followup
from loften.management.demo_guard import FLAG
from loften.models import CitizenPromise, Commitment
from municipalities.models import Municipality, PoliceArea
from portal.demo import national
from tests.factories import build_promise

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)


def generate(years=1):
    return national.generate(years, today=TODAY, log=lambda line: None)


def test_generates_every_kommun_with_complete_documents():
    counts = generate(years=2)
    kommuner = Municipality.objects.count()
    assert counts["promises"] == 2 * kommuner == CitizenPromise.objects.count()
    assert counts["commitments"] == Commitment.objects.count()
    assert counts["statuses"] == CommitmentStatus.objects.count()
    for promise in CitizenPromise.objects.all()[:20]:
        assert promise.is_public and promise.case_number == national.MARK
        assert {p.kind for p in promise.parties.all()} == {"municipality", "police_area"}
        commitments = list(promise.commitments.all())
        assert 6 <= len(commitments) <= 15
        assert all(c.parties.exists() for c in commitments)
        assert promise.sections.count() == len(national.SECTIONS)
        # 2025's document owes 2025 H1, H2 and 2026 H1; 2026's only 2026 H1.
        expected = 3 if promise.valid_from.year == 2025 else 1
        assert promise.followups.filter(state=FollowUp.State.PUBLISHED).count() == expected
        assert CommitmentStatus.objects.filter(followup__promise=promise).count() == expected * len(
            commitments
        )
    # Every kommun has a police area: a shipped one that serves it, or a generated one.
    assert not CitizenPromise.objects.filter(police_area__municipalities=None).exists()


def test_the_latest_mark_is_what_the_rule_gives():
    generate()
    marked = set(CommitmentStatus.objects.filter(is_latest=True).values_list("pk", flat=True))
    refresh_latest(Commitment.objects.values_list("pk", flat=True))
    assert set(CommitmentStatus.objects.filter(is_latest=True).values_list("pk", flat=True)) == (
        marked
    )
    assert len(marked) == Commitment.objects.count()
    followups = set(FollowUp.objects.filter(is_latest=True).values_list("pk", flat=True))
    for promise_id in CitizenPromise.objects.values_list("pk", flat=True):
        refresh_latest_followup(promise_id)
    assert set(FollowUp.objects.filter(is_latest=True).values_list("pk", flat=True)) == followups
    assert (
        len(followups) == CitizenPromise.objects.filter(followups__isnull=False).distinct().count()
    )


def test_a_second_run_replaces_and_remove_deletes_only_generated_data():
    own = build_promise()
    areas = PoliceArea.objects.count()
    generate()
    first = CitizenPromise.objects.count()
    call_command("rebuild_search_index", stdout=io.StringIO())  # entries of generated documents
    generate()
    assert CitizenPromise.objects.count() == first
    national.remove()
    assert list(CitizenPromise.objects.all()) == [own]
    assert PoliceArea.objects.count() == areas
    assert own.commitments.count() == 3 and FollowUp.objects.filter(promise=own).exists()


def test_the_command_refuses_without_debug_and_prints_counts(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG är avstängt"):
        call_command("generate_national_data", "--years", "1")
    with pytest.raises(CommandError, match="mellan 1 och 50"):
        call_command("generate_national_data", "--years", "0", FLAG)
    out = io.StringIO()
    call_command("generate_national_data", "--years", "1", FLAG, stdout=out)
    assert re.search(r"Klart på [\d.]+ s: \d+ medborgarlöften i 290 kommuner", out.getvalue())
    call_command("generate_national_data", "--remove", FLAG, stdout=out)
    assert not CitizenPromise.objects.exists()


PAGES = {
    "start page": lambda p: reverse("loften:home"),
    "municipality page": lambda p: p.municipality.get_absolute_url(),
    "medborgarlöfte page": lambda p: p.get_absolute_url(),
    "focus area page": lambda p: reverse("loften:focus_area", args=["trafik"]),
    "API": lambda p: reverse("loften:api_promise", args=[p.municipality.slug, p.pk]),
}


def query_counts(client, promise):
    counts = {}
    for name, url in PAGES.items():
        client.get(url(promise))  # per-process caches (content types, translations)
        cache.clear()  # the queries of drawing the page, not of reading it from the cache
        with CaptureQueriesContext(connection) as context:
            response = client.get(url(promise))
        assert response.status_code == 200, name
        counts[name] = len(context)
    return counts


def test_page_query_counts_are_the_same_with_the_whole_country(client):
    promise = build_promise(commitments=6, followups=3)
    small = query_counts(client, promise)
    generate()
    assert CitizenPromise.objects.count() > 10 * 20
    assert query_counts(client, promise) == small


# The big tables: a page may read rows of them by an index, never the whole table.
BIG_TABLES = ("followup_commitmentstatus", "followup_followup", "loften_commitment")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's (CI sets DATABASE_URL)"
)
def test_the_pages_of_one_document_or_kommun_scan_no_big_table(client):
    generate(years=3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    promise = CitizenPromise.objects.order_by("-valid_from", "pk").first()
    followup = promise.followups.order_by("-year", "-number").first()
    urls = [
        reverse("loften:home"),
        promise.municipality.get_absolute_url(),
        promise.get_absolute_url(),
        followup.get_absolute_url(),
    ]
    queries = []
    for url in urls:
        client.get(url)  # the country's stored figures (portal.national) are computed once
        cache.clear()  # draw each page, not read it from the cache
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        queries += context.captured_queries
    scans = []
    with connection.cursor() as cursor:
        for query in queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            scans += [
                (table, query["sql"][:200])
                for table in BIG_TABLES
                if re.search(rf"Seq Scan on {table}\b", plan)
            ]
    assert not scans
