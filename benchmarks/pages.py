"""Times the public pages in-process (README "Performance"): each page is asked for `--requests`
times through Django's test Client (the whole middleware stack, no network, no app server), beside
a bare view (a small template through the same middleware) measured in the same run, and a table
of p50, p95 and the ratio of each page's p50 to the bare view's is printed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_perf DEBUG=1 \\
        .venv/bin/python manage.py generate_national_data --years 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_perf DEBUG=1 \\
        .venv/bin/python benchmarks/pages.py --requests 50

It reads the database that DATABASE_URL names (nothing is written) and picks the pages from the
data in it: the start page, the kommun and the newest published medborgarlöfte of the kommun with
the most documents, one of its follow-ups, the first focus area, the statistics, a search for
a word in most documents ("trygghet") and the medborgarlöfte's JSON API. DEBUG is switched off
after start-up, so that no query is logged.

Each page is drawn afresh (the cache, portal/cache.py, is emptied before every request) unless
`--cached` is given: then every request after the first is answered from the cache.
"""

import argparse
import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = "<!doctype html><html lang=sv><title>{{ title }}</title><p>{{ title }}</p></html>"


def setup() -> None:
    """Django with a URLconf that adds the bare view to the portal's addresses."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import path

    import config.urls

    template = engines["django"].from_string(BARE)

    def bare(request):
        return HttpResponse(template.render({"title": "Bar vy"}, request))

    module = types.ModuleType("benchmark_urls")
    module.urlpatterns = [path("bar-vy/", bare), *config.urls.urlpatterns]
    sys.modules["benchmark_urls"] = module
    settings.ROOT_URLCONF = "benchmark_urls"
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def pages() -> list[tuple[str, str]]:
    from django.db.models import Count
    from django.urls import reverse

    from followup.models import FollowUp
    from loften.models import CitizenPromise, FocusArea
    from municipalities.models import Municipality

    municipality = (
        Municipality.objects.annotate(n=Count("citizen_promises")).order_by("-n", "code").first()
    )
    promise = (
        CitizenPromise.objects.published()
        .filter(municipality=municipality)
        .order_by("-valid_from")
        .first()
    )
    if promise is None:
        sys.exit("No published medborgarlöfte: run manage.py generate_national_data first.")
    followup = FollowUp.objects.published().filter(promise=promise).order_by("-year").first()
    area = FocusArea.objects.order_by("pk").first()
    result = [
        ("bare view", "/bar-vy/"),
        ("start page", reverse("loften:home")),
        ("municipality page", municipality.get_absolute_url()),
        ("medborgarlöfte page", promise.get_absolute_url()),
    ]
    if followup is not None:
        result.append(("follow-up page", followup.get_absolute_url()))
    if area is not None:
        result.append(("focus area page", reverse("loften:focus_area", args=[area.slug])))
    result += [
        ("statistics", reverse("loften:statistics")),
        ("search", reverse("loften:search") + "?q=trygghet"),
        ("JSON API", reverse("loften:api_promise", args=[municipality.slug, promise.pk])),
    ]
    return result


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(requests: int, *, cached: bool = False) -> list[tuple[str, float, float]]:
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    rows = []
    for name, url in pages():
        response = client.get(url)  # warm up: per-process caches, templates
        if response.status_code != 200:
            sys.exit(f"{name} {url}: HTTP {response.status_code}")
        times = []
        for _ in range(requests):
            if not cached:
                cache.clear()
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
        rows.append((name, statistics.median(times), percentile(times, 0.95)))
    return rows


def table(rows: list[tuple[str, float, float]]) -> str:
    bare = rows[0][1]
    lines = ["| page | p50 | p95 | ratio to bare view |", "| --- | --- | --- | --- |"]
    for name, p50, p95 in rows:
        lines.append(f"| {name} | {p50 * 1000:.1f} ms | {p95 * 1000:.1f} ms | {bare / p50:.3f} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="requests per page")
    parser.add_argument("--cached", action="store_true", help="answer from the page cache")
    arguments = parser.parse_args()
    setup()
    print(table(measure(arguments.requests, cached=arguments.cached)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
