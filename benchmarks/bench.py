"""`make bench` (README "Benchmark"): the public pages served as in production on the generated
national data, each beside a bare view measured in the same run, on a cache miss and cached; the
search's p95; the PDF's render, signing and cached download. Prints a table and writes it as
Markdown to `--output`.

    make bench [BENCH_YEARS=5 BENCH_DURATION=5 BENCH_CONNECTIONS=4]
    .venv/bin/python benchmarks/bench.py --years 5 --duration 5 --connections 4 \\
        [--database-url postgres://postgres@127.0.0.1:5432/medborgarloften_bench]

The database (BENCH_DATABASE_URL, by default `medborgarloften_bench` on the local PostgreSQL) is
the bench's own: it is created when missing, migrated, and its generated data replaced
(`generate_national_data --years N`; nothing else in it is touched). Static files, stored PDFs and
a throw-away signing certificate go to a temporary folder. gunicorn (config/gunicorn.conf.py,
DEBUG off, the production settings through `bench_settings`, which only adds the bare view and the
dummy cache of the miss pass) serves on a free loopback port, twice: once with every cache a
dummy (BENCH_CACHE=off: each request is a cache miss), once with the caches as configured
(REDIS_URL or each process's memory). Each page is asked for by `wrk` when it is installed
(`apt-get install wrk`), otherwise by Python processes over keep-alive connections, for
`--duration` seconds in all with `--connections` connections, in rounds of about a second: every
page, the bare view among them, in turn within each round, so that a slow spell of the machine
weighs on the bare view as on the pages (the req/s of a page is over all its rounds, its p50 and
p95 the median of the rounds'). The search is then measured once more with one connection per
worker, so that its p95 is also shown without the wait behind other requests that more connections
than workers make. Any answer other than 200 is an error and fails the run.
"""

import argparse
import datetime
import http.client
import multiprocessing
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
sys.path[:0] = [str(ROOT), str(BENCHMARKS)]

from loadtest import free_port, manage, production_environment, start_gunicorn  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/medborgarloften_bench"
HEADERS = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Language": "sv"}
BARE_PATH = "/bar-vy/"  # bench_urls
SEARCH_TARGET_MS = 50
SEARCH_ALONE = "search, one connection per worker"
PDF_TARGET_RATIO = 1.3


# --- Preparing the database -----------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Creates the PostgreSQL database `url` names when it does not exist yet."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    connection = psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def bench_environment(database_url: str, folder: Path, port: int) -> dict:
    environment = production_environment(database_url, folder, port)
    environment.update(
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([str(BENCHMARKS), str(ROOT)]),
        PDF_SIGNING_PKCS12_PATH=str(folder / "certs" / "signering.p12"),
        PDF_SIGNING_PKCS12_PASSPHRASE="bench",
        PDF_SIGNING_TRUST_ROOTS=str(folder / "certs" / "rot.pem"),
        # Steady state: no worker is replaced mid-run (config/gunicorn.conf.py's max_requests),
        # whose start (its preparation for PDFs, loften/pdf/warm.py) would fall inside a
        # measurement.
        GUNICORN_CMD_ARGS="--max-requests 0",
    )
    return environment


def prepare(environment: dict, years: int, folder: Path) -> None:
    from loften.certificates import create_signing_certificates

    create_signing_certificates(folder / "certs", passphrase="bench")
    manage(environment, "migrate", "--no-input", "--verbosity", "0")
    generate = ["generate_national_data", "--years", str(years)]
    manage(environment, *generate, "--i-know-this-is-not-production")
    manage(environment, "rebuild_search_index")
    manage(environment, "collectstatic", "--no-input", "--verbosity", "0")


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def data_counts() -> dict:
    from followup.models import CommitmentStatus, FollowUp
    from loften.models import CitizenPromise, Commitment

    return {
        "documents": CitizenPromise.objects.published().count(),
        "commitments": Commitment.objects.count(),
        "followups": FollowUp.objects.count(),
        "statuses": CommitmentStatus.objects.count(),
    }


@dataclass(frozen=True)
class Page:
    name: str
    path: str


def pages() -> list[Page]:
    """The bare view, then one of each public page, picked from the data: the kommun with the most
    documents, its newest published medborgarlöfte, one follow-up of it, the focus area with the
    most löften, a search for a word in most documents, the APIs and the PDF."""
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
        sys.exit("No published medborgarlöfte: generate_national_data made none.")
    followup = FollowUp.objects.published().filter(promise=promise).order_by("-pk").first()
    document = [municipality.slug, promise.pk]
    area = FocusArea.objects.with_published_commitment_count().order_by("-commitment_count").first()
    result = [
        Page("bare view", BARE_PATH),
        Page("start page", reverse("loften:home")),
        Page("municipality page", municipality.get_absolute_url()),
        Page("medborgarlöfte page", promise.get_absolute_url()),
    ]
    if followup is not None:
        result.append(Page("follow-up page", followup.get_absolute_url()))
    result += [
        Page("focus-area page", reverse("loften:focus_area", args=[area.slug])),
        Page("statistics page", reverse("loften:statistics")),
        Page("search", reverse("loften:search") + "?q=trygghet"),
        Page("API: medborgarlöfte", reverse("loften:api_promise", args=document)),
        Page("API: list", reverse("opendata:promise-list")),
        Page("PDF, cached download", reverse("loften:promise_pdf", args=document)),
    ]
    return result


# --- The load generator ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int
    max_ms: float = 0.0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout + e.status, latency.max))
end
"""


def wrk_load(port: int, path: str, duration: float, connections: int, script: Path) -> Load:
    headers = [argument for key, value in HEADERS.items() for argument in ("-H", f"{key}: {value}")]
    output = subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{max(1, round(duration))}s"]
        + ["--timeout", "30s", "-s", str(script), *headers, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    requests, micros, p50, p95, errors, longest = (int(value) for value in line.split()[1:])
    return Load(requests, micros / 1e6, p50 / 1000, p95 / 1000, errors, longest / 1000)


def _client(arguments) -> tuple[list[float], int]:
    """One connection: asks for `path` over keep-alive until `until` (time.time())."""
    port, path, until = arguments
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors = [], 0
    while time.time() < until:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=HEADERS)
            response = connection.getresponse()
            response.read()
            errors += response.status != 200
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
        latencies.append(time.perf_counter() - started)
    connection.close()
    return latencies, errors


def python_load(port: int, path: str, duration: float, connections: int, pool) -> Load:
    started = time.time()
    results = pool.map(_client, [(port, path, started + duration)] * connections)
    seconds = time.time() - started
    latencies = sorted(value for values, _errors in results for value in values)
    return Load(
        requests=len(latencies),
        seconds=seconds,
        p50_ms=statistics.median(latencies) * 1000,
        p95_ms=latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] * 1000,
        errors=sum(errors for _values, errors in results),
        max_ms=latencies[-1] * 1000 if latencies else 0.0,
    )


def first_answer(port: int, path: str) -> float:
    """Asks for `path` once (warming the worker's templates, and storing a PDF) and returns
    the seconds it took; any answer other than 200 ends the run."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        sys.exit(f"{path}: HTTP {response.status}")
    return time.perf_counter() - started


def combined(loads: list[Load]) -> Load:
    """The rounds of one page as one: their requests and seconds summed, the median of their
    p50s and of their p95s."""
    return Load(
        requests=sum(load.requests for load in loads),
        seconds=sum(load.seconds for load in loads),
        p50_ms=statistics.median(load.p50_ms for load in loads),
        p95_ms=statistics.median(load.p95_ms for load in loads),
        errors=sum(load.errors for load in loads),
        max_ms=max(load.max_ms for load in loads),
    )


def serve_and_measure(environment, port, workers, page_list, duration, connections, folder):
    """One pass: gunicorn with `environment`, each page warmed, then loaded in rounds of about
    a second each, the pages in turn within a round (the bare view among them), so that a slow
    spell of the machine weighs on the bare view as on the pages it is compared with."""
    server = start_gunicorn(environment, workers, port)
    script = folder / "bench.lua"
    script.write_text(WRK_SCRIPT)
    pool = None if shutil.which("wrk") else multiprocessing.get_context("spawn").Pool(connections)

    def load(path, seconds, clients=connections):
        if pool is None:
            result = wrk_load(port, path, seconds, clients, script)
        else:
            result = python_load(port, path, seconds, clients, pool)
        # The requests still in the workers when the load stopped finish before the next page
        # is measured: they take at most about as long as the slowest one measured.
        time.sleep(min(result.max_ms / 1000, 10))
        return result

    try:
        first = {}
        for page in page_list:
            first[page.name] = first_answer(port, page.path)
            for _ in range(2 * workers):
                first_answer(port, page.path)
            # One unmeasured second with every connection, so that no worker meets the page
            # for the first time while measured.
            load(page.path, 1)
        rounds = max(1, round(duration))
        loads = {page.name: [] for page in page_list}
        for _ in range(rounds):
            for page in page_list:
                loads[page.name].append(load(page.path, duration / rounds))
        results = {name: combined(page_loads) for name, page_loads in loads.items()}
        # The search once more with one connection per worker: its time as a visitor meets it
        # when no other request is ahead of theirs (with more connections than workers, each
        # request also waits for the one before it).
        search = next((page for page in page_list if page.name == "search"), None)
        if search is not None and connections > workers:
            results[SEARCH_ALONE] = combined(
                [load(search.path, duration / rounds, workers) for _ in range(rounds)]
            )
        for name, result in results.items():
            print(f"  {name:<22} {result.per_second:8.1f} req/s", flush=True)
        return results, first
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


# --- The PDF, in this process ---------------------------------------------------------------------


def measure_pdf(runs: int) -> dict:
    """A bare WeasyPrint render of the print HTML of the newest generated document, the portal's
    render (PDF/A-2a, tags) and its signing; medians of `runs`."""
    from pdf_render import bare_render

    from loften import signing
    from loften.models import CitizenPromise
    from loften.pdf import renderer
    from loften.pdf.gather import gather_promise_document
    from loften.pdf.warm import warm_up

    promise = CitizenPromise.objects.published().order_by("-valid_from", "-pk").first()
    document = gather_promise_document(promise)
    context = {"document": document, "signed": True, "version": "bench"}
    html = renderer.render_html("print/citizen_promise.html", context)

    def bare():
        return bare_render(html)

    def render():
        return renderer.render_pdf(renderer.render_html("print/citizen_promise.html", context))

    def timed(function, *arguments):
        started = time.perf_counter()
        result = function(*arguments)
        return time.perf_counter() - started, result

    def sign(rendered):
        return signing.sign_pdf(rendered.data, stamp=rendered.stamp, reason="bench")

    bare()  # fonts and imports
    warm_up()  # the process's one-time preparation, as a gunicorn worker makes it
    # Taken in turns, so that a slower spell of a shared machine weighs on all three alike.
    bare_times, render_times, sign_times = [], [], []
    for _ in range(runs):
        bare_times.append(timed(bare)[0])
        seconds, rendered = timed(render)
        render_times.append(seconds)
        sign_times.append(timed(sign, rendered)[0])
    bare_time, render_time, sign_time = map(
        statistics.median, (bare_times, render_times, sign_times)
    )
    return {
        "pages": rendered.page_count,
        "bare_ms": bare_time * 1000,
        "render_ms": render_time * 1000,
        "sign_ms": sign_time * 1000,
    }


# --- The table ------------------------------------------------------------------------------------


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0
    return (
        f"{os.cpu_count()} cores{f' ({model})' if model else ''}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, load average {load:.1f} "
        "at the end"
    )


def ratio(load: Load | None, bare: Load | None) -> str:
    if load is None or bare is None or not bare.per_second:
        return "–"
    return f"{load.per_second / bare.per_second:.2f}"


def cells(load: Load | None, bare: Load | None) -> list[str]:
    if load is None:
        return ["–"] * 4
    if not load.requests:  # none finished within the run: no latency to report
        return ["0", "–", "–", "0.00"]
    return [
        f"{load.per_second:,.0f}",
        f"{load.p50_ms:.1f} ms",
        f"{load.p95_ms:.1f} ms",
        ratio(load, bare),
    ]


def table(options, counts, page_list, passes, first, pdf, generator) -> str:
    miss, cached = passes.get("miss", {}), passes.get("cached", {})
    lines = [
        f"`make bench` on {datetime.date.today().isoformat()}: {machine()}.",
        "",
        f"Data: generated national data, {options.years} years: {counts['documents']:,} "
        f"published medborgarlöften, {counts['commitments']:,} löften, "
        f"{counts['followups']:,} follow-ups, {counts['statuses']:,} statuses (PostgreSQL). "
        f"gunicorn with {options.workers} workers, production settings; {generator} on loopback "
        f"with {options.connections} connections for {options.duration:g} s per page and pass, in "
        f"rounds of about a second with the pages in turn (p50 and p95: the median of the "
        "rounds'). The ratio is the page's req/s to the bare view's in the same pass.",
        "",
        "| page | miss req/s | miss p50 | miss p95 | miss ratio "
        "| cached req/s | cached p50 | cached p95 | cached ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in page_list:
        row = cells(miss.get(page.name), miss.get("bare view"))
        row += cells(cached.get(page.name), cached.get("bare view"))
        lines.append(f"| {page.name} | " + " | ".join(row) + " |")
    errors = sum(load.errors for results in passes.values() for load in results.values())
    lines += ["", f"Errors (any answer but 200): {errors}."]
    for when, results in (("on a cache miss", miss), ("cached", cached)):
        search, alone = results.get("search"), results.get(SEARCH_ALONE)
        if search is None:
            continue
        figures = [f"{search.p95_ms:.1f} ms with {options.connections} connections"]
        if alone is not None:
            figures.append(f"{alone.p95_ms:.1f} ms with one connection per worker")
        verdicts = [
            "met" if load.p95_ms <= SEARCH_TARGET_MS else "not met"
            for load in (search, alone)
            if load is not None
        ]
        lines.append(
            f"Search p95 {when}: {'; '.join(figures)} (target ≤ {SEARCH_TARGET_MS} ms: "
            f"{', '.join(verdicts)})."
        )
    if pdf:
        total = pdf["render_ms"] + pdf["sign_ms"]
        lines += [
            "",
            f"PDF of a generated medborgarlöfte ({pdf['pages']} pages A4), in-process, medians:",
            "",
            "| PDF | time | ratio to bare WeasyPrint |",
            "| --- | ---: | ---: |",
            f"| bare WeasyPrint render of the same HTML | {pdf['bare_ms']:.0f} ms | 1.00 |",
            f"| portal render (template, PDF/A-2a, tags) | {pdf['render_ms']:.0f} ms "
            f"| {pdf['render_ms'] / pdf['bare_ms']:.2f} |",
            f"| signing (PAdES, visible stamp) | {pdf['sign_ms']:.0f} ms | – |",
            f"| render + sign | {total:.0f} ms | {total / pdf['bare_ms']:.2f} "
            f"(target ≤ {PDF_TARGET_RATIO}) |",
        ]
        if "PDF, cached download" in first:
            lines.append(
                "| first download over HTTP (gather, render, sign, store) "
                f"| {first['PDF, cached download'] * 1000:.0f} ms | – |"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=5, help="years of national data (5)")
    parser.add_argument("--duration", type=float, default=5, help="seconds per page and pass (5)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--pdf-runs", type=int, default=5, help="PDF renders to take the median of")
    parser.add_argument(
        "--passes", default="miss,cached", help="miss, cached or both (miss,cached)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE,
        help="the bench's own PostgreSQL database; created when missing",
    )
    parser.add_argument(
        "--output", default=str(BENCHMARKS / "results" / "latest.md"), help="the Markdown table"
    )
    options = parser.parse_args()
    if not options.database_url.startswith("postgres"):
        sys.exit("make bench measures PostgreSQL: give --database-url postgres://…")
    passes_wanted = [name.strip() for name in options.passes.split(",") if name.strip()]

    folder = Path(tempfile.mkdtemp(prefix="medborgarloften-bench-"))
    port = free_port()
    environment = bench_environment(options.database_url, folder, port)
    try:
        ensure_database(options.database_url)
        print(f"Preparing {options.database_url.split('@')[-1]} …", flush=True)
        prepare(environment, options.years, folder)
        os.environ.update(environment)
        import django

        django.setup()
        analyse()
        counts = data_counts()
        page_list = pages()
        generator = "wrk" if shutil.which("wrk") else "Python keep-alive clients"
        passes, first = {}, {}
        for name in passes_wanted:
            print(f"Pass: {name} ({generator})", flush=True)
            cache = {"BENCH_CACHE": "off" if name == "miss" else ""}
            results, answered = serve_and_measure(
                {**environment, **cache},
                port,
                options.workers,
                page_list,
                options.duration,
                options.connections,
                folder,
            )
            passes[name] = results
            first = first or answered
        pdf = measure_pdf(options.pdf_runs) if options.pdf_runs else {}
        from django.db import connections

        connections.close_all()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = table(options, counts, page_list, passes, first, pdf, generator)
    print("\n" + text)
    output = Path(options.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    print(f"Written to {output}.")
    errors = sum(load.errors for results in passes.values() for load in results.values())
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
