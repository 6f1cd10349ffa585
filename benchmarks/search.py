"""Benchmark of the search at /sok/ on PostgreSQL (not a test: it prints figures and asserts
nothing).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborgarloften DEBUG=1 \\
        .venv/bin/python benchmarks/search.py [--documents 1500] [--runs 60]

Creates a throw-away test database beside the one DATABASE_URL names (``test_<name>``, dropped
at the end), fills it in bulk with published medborgarlöften (10 löften each, two published
follow-ups with a status per löfte), builds the search entries with the same code as
``manage.py rebuild_search_index``, and measures the search page through Django's test client
for a few searches, beside a bare Django view (same client, middleware and URL resolving) as the
baseline. Prints p50 and p95 per search, their ratio to the baseline, and the query plan of one
search.
"""

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCHES = [
    ("trygghet (most documents)", {"q": "trygghet"}),
    ("bedrägerierna (stemmed, some)", {"q": "bedrägerierna"}),
    ("Marmorbyn (a few)", {"q": "Marmorbyn"}),
    ('"belysningen vid stationen" (phrase)', {"q": '"belysningen vid stationen"'}),
    ("narkotika + län + part", {"q": "narkotika", "lan": "04", "part": "police"}),
    ("filters only", {"status": "done", "giltighet": "pagaende"}),
]

SITUATIONS = [
    "Trygghetsmätningen visar att tryggheten i centrum har minskat på kvällarna.",
    "Invånarna oroar sig för bedrägerier mot äldre, särskilt via telefon.",
    "Belysningen vid stationen är svag och få människor rör sig där efter mörkrets inbrott.",
    "Narkotikan på skolgårdarna och i parkerna oroar föräldrar och skolpersonal.",
    "Trafiken på genomfartsleden går för fort förbi skolan.",
    "Skadegörelse och klotter har ökat i bostadsområdena.",
    "Ungdomar samlas vid köpcentret och flera butiker har anmält snatteri.",
]
COMMITMENTS = [
    "genomföra trafikkontroller på vägarna in mot centrum",
    "ordna en trygghetsvandring i centrum varje höst",
    "ta fram en gemensam plan mot bedrägerier riktade mot äldre",
    "besöka högstadieskolorna och prata om narkotika",
    "förbättra belysningen vid järnvägsstationen",
    "bjuda in invånarna till medborgardialog varje vår",
    "starta grannsamverkan i Marmorbyn",
    "öka antalet fotpatruller under helgkvällar",
    "sanera klotter inom ett dygn",
    "anställa fältassistenter under sommarlovet",
]
SUMMARIES = [
    "Arbetet går enligt plan.",
    "Tryggheten har ökat enligt den senaste mätningen.",
    "Två informationsträffar om bedrägerier hölls för pensionärer.",
    "Belysningen vid stationen är utbytt.",
]


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the search benchmark is about it.")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # No setup_test_environment(): its instrumented template rendering would be measured too.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    from django.urls import include, path

    urlpatterns.extend([path("bare/", bare), path("", include("config.urls"))])
    settings.ROOT_URLCONF = __name__  # the project's URLs plus the bare baseline view
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return name


def generate(documents, seed=2026):
    """Published documents in bulk: each with 10 löften, two published follow-ups and a status
    per löfte in each. Returns (documents, commitments, statuses) created."""
    from django.utils import timezone

    from followup.models import CommitmentStatus, FollowUp, Status
    from loften.models import (
        CitizenPromise,
        Commitment,
        CommitmentGroup,
        FocusArea,
        Place,
        Section,
        Source,
    )
    from municipalities.models import Municipality, PoliceArea, PoliceRegion

    rng = random.Random(seed)
    now = timezone.now()
    municipalities = list(Municipality.objects.select_related("county"))
    region = PoliceRegion.objects.first()
    areas = PoliceArea.objects.bulk_create(
        PoliceArea(name=f"Lokalpolisområde {m.name}", slug=f"lpo-{m.slug}", region=region)
        for m in municipalities
    )
    area_of = dict(zip((m.pk for m in municipalities), areas, strict=True))
    focus_areas = list(FocusArea.objects.all())
    today = timezone.localdate()
    promises = []
    for n in range(documents):
        municipality = municipalities[n % len(municipalities)]
        start = datetime.date(today.year - rng.randint(0, 6), 1, 1)
        promises.append(
            CitizenPromise(
                municipality=municipality,
                police_area=area_of[municipality.pk],
                title=f"Medborgarlöfte {municipality.name} {start.year}–{start.year + 1} ({n})",
                valid_from=start,
                valid_until=datetime.date(start.year + 1, 12, 31),
                state=CitizenPromise.State.PUBLISHED,
                signed_at=now,
                published_at=now,
            )
        )
    promises = CitizenPromise.objects.bulk_create(promises, batch_size=500)
    Source.objects.bulk_create(
        Source(promise=p, kind=Source.Kind.SAFETY_SURVEY, description=rng.choice(SITUATIONS))
        for p in promises
    )
    Place.objects.bulk_create(Place(promise=p, name="Järnvägsstationen") for p in promises)
    Section.objects.bulk_create(
        Section(promise=p, kind=kind, heading=heading, body=body, order=order)
        for p in promises
        for order, (kind, heading, body) in enumerate(
            [
                ("situation", "Lägesbild", " ".join(rng.sample(SITUATIONS, 4)) * 3),
                ("effects", "Effekter", " ".join(rng.sample(SITUATIONS, 2))),
                ("followup_plan", "Uppföljning", "Följs upp varje halvår."),
            ]
        )
    )
    lead_ins = ["Polisen lovar att:", "Kommunen lovar att:", "Vi lovar gemensamt att:"]
    groups = CommitmentGroup.objects.bulk_create(
        CommitmentGroup(promise=p, lead_in=lead_in, order=order)
        for p in promises
        for order, lead_in in enumerate(lead_ins)
    )
    group_of = {(g.promise_id, g.order): g for g in groups}
    commitments = Commitment.objects.bulk_create(
        (
            Commitment(
                promise=p,
                group=group_of[(p.pk, i % 3)],
                order=i,
                text=rng.choice(COMMITMENTS) + f" (löfte {i + 1})",
            )
            for p in promises
            for i in range(10)
        ),
        batch_size=2000,
    )
    through = Commitment.focus_areas.through
    through.objects.bulk_create(
        (through(commitment=c, focusarea=rng.choice(focus_areas)) for c in commitments),
        batch_size=5000,
    )
    followups = FollowUp.objects.bulk_create(
        (
            FollowUp(
                promise=p,
                year=p.valid_from.year,
                number=half,
                state=FollowUp.State.PUBLISHED,
                published_at=now,
                summary=rng.choice(SUMMARIES),
            )
            for p in promises
            for half in (1, 2)
        ),
        batch_size=2000,
    )
    by_promise = {}
    for c in commitments:
        by_promise.setdefault(c.promise_id, []).append(c)
    statuses = [Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED, Status.POSTPONED]
    rows = []
    for f in followups:
        for c in by_promise[f.promise_id]:
            status = rng.choice(statuses)
            rows.append(
                CommitmentStatus(
                    followup=f,
                    commitment=c,
                    status=status,
                    reason="Flyttad på grund av vakanser." if status == Status.POSTPONED else "",
                )
            )
    CommitmentStatus.objects.bulk_create(rows, batch_size=5000)
    return len(promises), len(commitments), len(followups), len(rows)


def bare(request):
    from django.http import HttpResponse

    return HttpResponse("<!doctype html><title>ok</title><p>ok</p>")


def percentiles(durations):
    ordered = sorted(durations)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(client, path, params, runs):
    client.get(path, params)  # warm up
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path, params)
        durations.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return percentiles(durations), response.text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=60, help="requests per figure")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client

    from loften.models import CitizenPromise
    from portal.search.filters import SearchFilter
    from portal.search.index import rebuild

    try:
        start = time.perf_counter()
        counts = generate(args.documents)
        generated = time.perf_counter() - start
        start = time.perf_counter()
        rebuild()
        indexed = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        documents, commitments, followups, statuses = counts
        print(
            f"data: {documents} documents, {commitments} löften, {followups} follow-ups, "
            f"{statuses} statuses (generated in {generated:.1f} s; search entries built in "
            f"{indexed:.1f} s)"
        )
        client = Client()
        (base50, base95), _ = measure(client, "/bare/", {}, args.runs)
        print(f"\n{'search':42} {'hits':>5} {'p50 ms':>8} {'p95 ms':>8} {'p95/bare':>9}")
        print(f"{'bare Django view (baseline)':42} {'':>5} {base50:8.1f} {base95:8.1f} {1:9.1f}")
        for label, params in SEARCHES:
            (p50, p95), text = measure(client, "/sok/", params, args.runs)
            hits = int(re.search(r'role="status">(\d+)', text).group(1))
            print(f"{label:42} {hits:5d} {p50:8.1f} {p95:8.1f} {p95 / base95:9.1f}")

        filters = SearchFilter({"q": "bedrägerierna"}, queryset=CitizenPromise.objects.published())
        sql, params = filters.qs[:20].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ANALYZE {sql}", params)
            plan = "\n".join("    " + row[0] for row in cursor.fetchall())
        print("\nquery plan of the page's results for 'bedrägerierna':\n" + plan)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


#: This module is the URLconf while it runs (see setup): the project's URLs and the baseline.
urlpatterns = []

if __name__ == "__main__":
    main()
