"""A bounded load test on loopback (README "Load test"): readers on the public pages and the API
for a fixed time while an editor publishes follow-ups, served as in production. It fails (exit
status 1) on any failed request or publication.

    make loadtest [DURATION=30 CLIENTS=8]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborgarloften \\
        .venv/bin/python benchmarks/loadtest.py --duration 30 --clients 8 [--workers 2]

It never touches the database that DATABASE_URL names: it makes a throw-away one beside it
(PostgreSQL: `<name>_loadtest`, dropped at the end; without a PostgreSQL DATABASE_URL, a SQLite
file in a temporary folder), migrates it and loads the demo data, runs collectstatic into a
temporary folder, and starts gunicorn (config/gunicorn.conf.py) on a free loopback port with
DEBUG off, as `make serve` does. The readers send `X-Forwarded-Proto: https`, as the TLS proxy
in front of the portal would. Meanwhile the editor, in this process, creates the next
period's follow-up of a published medborgarlöfte and publishes it with the services the
admin uses (`followup_create`, `followup_publish`), one every `--publish-every` seconds (the
demo's published documents are made valid until 2040 first, so that it never runs out).

It prints requests, failures, req/s, p50 and p95 per page, and the follow-ups published.
"""

import argparse
import http.client
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable


# --- The throw-away database ---------------------------------------------------------------------


def throwaway_database(url: str, folder: Path) -> tuple[str, callable]:
    """A new, empty database beside the one `url` names, and a function that removes it."""
    if not url.startswith("postgres"):
        return f"sqlite:///{folder / 'loadtest.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_loadtest"
    server = parts._replace(path="/postgres").geturl()

    def execute(statement):
        connection = psycopg.connect(server, autocommit=True)
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl(), lambda: execute(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


def production_environment(database_url: str, folder: Path, port: int) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_SSL_REDIRECT", "GUNICORN_CMD_ARGS"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        # No limit of its own gets in the way: the load test is one client address.
        OPEN_DATA_THROTTLE_RATE="1000000/minute",
    )
    return environment


def manage(environment: dict, *arguments: str) -> None:
    subprocess.run([PYTHON, "manage.py", *arguments], env=environment, cwd=ROOT, check=True)


def prepare(environment: dict) -> None:
    manage(environment, "migrate", "--no-input", "--verbosity", "0")
    manage(environment, "load_demo", "--i-know-this-is-not-production")
    manage(environment, "rebuild_search_index")
    manage(environment, "collectstatic", "--no-input", "--verbosity", "0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(environment: dict, workers: int, port: int) -> subprocess.Popen:
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--config", "config/gunicorn.conf.py", "--workers", str(workers)]
        + ["--access-logfile", "/dev/null", "config.wsgi"],
        env=environment,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn stopped at start-up; see its messages above.") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start within a minute.")


# --- Readers --------------------------------------------------------------------------------------


@dataclass
class Results:
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    failures: dict = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, seconds: float, failure: str | None) -> None:
        with self.lock:
            self.latencies[name].append(seconds)
            if failure:
                self.failures[name].append(failure)


def read_pages(
    host: str,
    port: int,
    pages: list[tuple[str, str]],
    until: float,
    results: Results,
    offset: int,
) -> None:
    """One client: asks for the pages in turn over one keep-alive connection until `until`."""
    headers = {"Host": host, "X-Forwarded-Proto": "https", "Accept-Language": "sv"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    turn = offset
    while time.monotonic() < until:
        name, path = pages[turn % len(pages)]
        turn += 1
        started = time.perf_counter()
        failure = None
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failure = f"{path}: HTTP {response.status}"
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            failure = f"{path}: {type(error).__name__}: {error}"
            connection.close()
        results.record(name, time.perf_counter() - started, failure)
    connection.close()


def public_pages() -> list[tuple[str, str]]:
    """The pages the readers ask for, from the demo data: a few of each kind."""
    from django.urls import reverse

    from followup.models import FollowUp
    from loften.models import CitizenPromise, FocusArea

    promises = list(CitizenPromise.objects.published().order_by("pk")[:6])
    followups = FollowUp.objects.published().order_by("pk")[:4]
    pages = [("start", reverse("loften:home")), ("kommuner", reverse("loften:municipality_list"))]
    pages += [("kommun", promise.municipality.get_absolute_url()) for promise in promises[:3]]
    pages += [("medborgarlöfte", promise.get_absolute_url()) for promise in promises]
    pages += [("uppföljning", followup.get_absolute_url()) for followup in followups]
    for area in FocusArea.objects.order_by("pk")[:2]:
        pages.append(("fokusområde", reverse("loften:focus_area", args=[area.slug])))
    pages += [
        ("statistik", reverse("loften:statistics")),
        ("sök", reverse("loften:search") + "?q=trygghet"),
        ("API", reverse("opendata:promise-list")),
    ]
    return pages


# --- The editor -----------------------------------------------------------------------------------


@dataclass
class Publications:
    published: list = field(default_factory=list)
    failures: list = field(default_factory=list)


def candidates():
    """(follow-up to create: promise and period, an editor of the promise) for every period
    of every published document's validity that has no follow-up yet, oldest first."""
    from followup.periods import Period
    from loften.models import CitizenPromise
    from municipalities.models import Membership

    for promise in CitizenPromise.objects.published().order_by("valid_from", "pk"):
        membership = (
            Membership.objects.filter(
                municipality=promise.municipality_id, role=Membership.Role.EDITOR
            )
            .select_related("user")
            .first()
        )
        if membership is None:
            continue
        taken = set(promise.followups.values_list("year", "number"))
        for period in Period.between(promise):
            if period.key not in taken:
                yield promise, period, membership.user


def lengthen_validity() -> None:
    """The demo's published documents run out of periods without a follow-up within seconds;
    in this throw-away database they are made valid until 2040, so that the editor has a new
    period to publish for the whole run (a row update: no page reads the history)."""
    import datetime

    from loften.models import CitizenPromise

    CitizenPromise.objects.published().update(valid_until=datetime.date(2040, 12, 31))


def publish_follow_ups(until: float, every: float, publications: Publications) -> None:
    from django.db import connection

    from followup import services

    try:
        for promise, period, user in candidates():
            if time.monotonic() >= until:
                break
            started = time.perf_counter()
            try:
                followup = services.followup_create(
                    promise=promise,
                    year=period.year,
                    number=period.number,
                    user=user,
                    summary="Publicerad under lasttestet.",
                )
                services.followup_publish(followup=followup, user=user)
            except Exception as error:  # any refusal is a failure of the run  # noqa: BLE001
                publications.failures.append(f"{promise} {period}: {error!r}")
                continue
            publications.published.append(time.perf_counter() - started)
            time.sleep(max(0.0, every - (time.perf_counter() - started)))
    finally:
        connection.close()


# --- The run --------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def report(results: Results, publications: Publications, duration: float) -> str:
    lines = [
        f"{'page':<16} {'requests':>9} {'failed':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}",
        "-" * 61,
    ]
    everything = []
    for name, values in results.latencies.items():
        everything += values
        lines.append(
            f"{name:<16} {len(values):>9} {len(results.failures[name]):>7} "
            f"{len(values) / duration:>8.1f} {percentile(values, 0.5) * 1000:>8.0f} "
            f"{percentile(values, 0.95) * 1000:>8.0f}"
        )
    failed = sum(len(failures) for failures in results.failures.values())
    lines.append("-" * 61)
    lines.append(
        f"{'all':<16} {len(everything):>9} {failed:>7} {len(everything) / duration:>8.1f} "
        f"{percentile(everything, 0.5) * 1000:>8.0f} {percentile(everything, 0.95) * 1000:>8.0f}"
    )
    published = publications.published
    lines.append(
        f"\nFollow-ups published meanwhile: {len(published)}, failed: "
        f"{len(publications.failures)}"
        + (f", p50 {statistics.median(published) * 1000:.0f} ms each" if published else "")
    )
    return "\n".join(lines)


def run(base_url: str, *, duration: float, clients: int, publish_every: float) -> int:
    """Readers against `base_url` and the editor on the current database for `duration`
    seconds; prints the figures and returns the number of failures."""
    parts = urlsplit(base_url)
    pages = public_pages()
    results, publications = Results(), Publications()
    until = time.monotonic() + duration
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=read_pages,
            args=(parts.hostname, parts.port, pages, until, results, n * 3),
        )
        for n in range(clients)
    ]
    threads.append(
        threading.Thread(target=publish_follow_ups, args=(until, publish_every, publications))
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    print(report(results, publications, elapsed))
    failures = [failure for values in results.failures.values() for failure in values]
    for failure in (failures + publications.failures)[:20]:
        print("FAILED:", failure)
    return len(failures) + len(publications.failures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds of load (30)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent readers (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--publish-every", type=float, default=1.0, help="seconds between publications (1)"
    )
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="medborgarloften-loadtest-"))
    database_url, drop = throwaway_database(os.environ.get("DATABASE_URL", ""), folder)
    port = free_port()
    environment = production_environment(database_url, folder, port)
    server = None
    django_ready = False
    try:
        print(f"Preparing {database_url.split('@')[-1]} with the demo data …", flush=True)
        prepare(environment)
        os.environ.update(environment)
        import django

        django.setup()
        django_ready = True
        lengthen_validity()
        server = start_gunicorn(environment, options.workers, port)
        print(
            f"gunicorn: {options.workers} workers on 127.0.0.1:{port}; {options.clients} readers "
            f"for {options.duration:.0f} s while an editor publishes follow-ups.\n",
            flush=True,
        )
        failures = run(
            f"http://127.0.0.1:{port}",
            duration=options.duration,
            clients=options.clients,
            publish_every=options.publish_every,
        )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if django_ready:
            from django.db import connections

            connections.close_all()
        drop()
        shutil.rmtree(folder, ignore_errors=True)
    print("\nResult:", "no failed requests" if not failures else f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
