"""Benchmark of the PDF pipeline (not a test: it prints figures and asserts nothing).

    DEBUG=1 .venv/bin/python benchmarks/pdf_render.py [--runs 5]

Sets up a throw-away SQLite database in memory, a temporary storage and a throw-away signing
certificate, creates a medborgarlöfte of four A4 pages and measures:

* a bare WeasyPrint render of the document's print HTML (same HTML, fonts, CSS and fetcher; no
  PDF/A, no tags, no signature, and the stylesheet and fonts loaded anew for each render, as
  WeasyPrint does by default: `bare_render`);
* the portal's render (template + PDF/A-2a with tags + static-only fetcher) and its signing;
* a first download through the view (gather, render, sign, store) and a cached download (gather,
  storage look-up, read) with Django's test client.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(workdir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    from loften.certificates import create_signing_certificates

    files = create_signing_certificates(workdir / "certs", passphrase="benchmark")
    os.environ["PDF_SIGNING_PKCS12_PATH"] = str(files.pkcs12)
    os.environ["PDF_SIGNING_PKCS12_PASSPHRASE"] = "benchmark"
    os.environ["PDF_SIGNING_TRUST_ROOTS"] = str(files.root)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


SENTENCE = (
    "Trygghetsmätningen och dialogerna med invånarna visar att oron är störst på kvällarna "
    "kring stationen och i centrum, där belysningen är svag och få människor rör sig. "
)


def create_promise():
    import datetime

    from django.utils import timezone

    from loften.models import (
        CitizenPromise,
        Commitment,
        CommitmentGroup,
        Section,
        Signatory,
        Source,
    )
    from municipalities.models import Municipality, PoliceArea, PoliceRegion

    municipality = Municipality.objects.get(code="0428")
    # The shipped register may already have it (migration 0008_load_police_areas).
    police_area, _created = PoliceArea.objects.get_or_create(
        slug="lokalpolisomrade-katrineholm",
        defaults={
            "name": "Lokalpolisområde Katrineholm",
            "region": PoliceRegion.objects.get(name="Region Öst"),
        },
    )
    police_area.municipalities.add(municipality)
    now = timezone.now()
    promise = CitizenPromise.objects.create(
        municipality=municipality,
        police_area=police_area,
        title="Medborgarlöfte Vingåkers kommun 2025–2026",
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2026, 12, 31),
        state=CitizenPromise.State.PUBLISHED,
        signed_at=now,
        signed_place="Vingåker",
        signed_on=datetime.date(2024, 12, 9),
        published_at=now,
    )
    for order, (kind, heading, body) in enumerate(
        [
            ("situation", "Lägesbild", "\n\n".join(SENTENCE * 4 for _ in range(3))),
            ("commitments", "Våra löften", ""),
            ("effects", "Effekter och mål", SENTENCE * 3),
            ("followup_plan", "Uppföljning", SENTENCE * 2),
        ]
    ):
        Section.objects.create(promise=promise, kind=kind, heading=heading, body=body, order=order)
    for order, kind in enumerate(Source.Kind.values):
        Source.objects.create(promise=promise, kind=kind, description=SENTENCE, order=order)
    groups = [
        CommitmentGroup.objects.create(promise=promise, lead_in=lead_in, order=order)
        for order, lead_in in enumerate(
            ["Polisen lovar att:", "Kommunen lovar att:", "Vi lovar gemensamt att:"]
        )
    ]
    for order in range(12):
        Commitment.objects.create(
            promise=promise,
            group=groups[order % 3],
            text=f"genomföra insats nummer {order + 1} för ökad trygghet i centrum. " + SENTENCE,
            order=order,
        )
    for order, (name, title, organisation) in enumerate(
        [
            ("Karin Sjöberg", "kommunstyrelsens ordförande", promise.municipality.long_name),
            ("Mikael Berglund", "lokalpolisområdeschef", promise.police_area.name),
        ]
    ):
        Signatory.objects.create(
            promise=promise, name=name, title=title, organisation=organisation, order=order
        )
    return promise


def bare_render(html):
    """WeasyPrint as it comes: the print stylesheet given the way its documentation shows, with a
    new font configuration, for this one document."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from loften.pdf import renderer
    from loften.pdf.fetcher import BASE_URL, StaticOnlyURLFetcher

    fetcher = StaticOnlyURLFetcher()
    font_config = FontConfiguration()
    stylesheet = weasyprint.CSS(
        url=renderer.print_stylesheet_url(), url_fetcher=fetcher, font_config=font_config
    )
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], font_config=font_config
    )


def timed(function, runs):
    durations = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions per figure (median)")
    runs = parser.parse_args().runs

    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from django.test import Client
        from django.urls import reverse

        from loften import signing
        from loften.pdf import renderer
        from loften.pdf.gather import gather_promise_document

        promise = create_promise()
        document = gather_promise_document(promise)
        context = {"document": document, "signed": True, "version": "benchmark"}
        html = renderer.render_html("print/citizen_promise.html", context)

        def bare():
            return bare_render(html)

        def portal_render():
            return renderer.render_pdf(renderer.render_html("print/citizen_promise.html", context))

        bare()  # warm up fonts and imports
        bare_time, _ = timed(bare, runs)
        render_time, rendered = timed(portal_render, runs)
        sign_time, _ = timed(
            lambda: signing.sign_pdf(rendered.data, stamp=rendered.stamp, reason="Benchmark"), runs
        )

        client = Client()
        url = reverse("loften:promise_pdf", args=[promise.municipality.slug, promise.pk])
        start = time.perf_counter()
        first = client.get(url)
        size = len(b"".join(first.streaming_content))
        first_time = time.perf_counter() - start

        def cached():
            response = client.get(url)
            return b"".join(response.streaming_content)

        cached_time, _ = timed(cached, max(runs, 10))

    print(
        f"Document: {rendered.page_count} pages A4, {len(document.groups)} groups, "
        f"{document.commitment_count} commitments; signed file {size / 1024:.0f} KiB"
    )
    print(f"Bare WeasyPrint render (same HTML):        {bare_time * 1000:8.0f} ms")
    print(
        f"Portal render (template + PDF/A-2a, tags): {render_time * 1000:8.0f} ms  "
        f"(ratio to bare: {render_time / bare_time:.2f})"
    )
    print(f"Signing (pyHanko PAdES, visible stamp):    {sign_time * 1000:8.0f} ms")
    print(
        f"Render + sign:                             {(render_time + sign_time) * 1000:8.0f} ms"
        f"  (ratio to bare: {(render_time + sign_time) / bare_time:.2f})"
    )
    print(f"First download (gather+render+sign+store): {first_time * 1000:8.0f} ms")
    print(f"Cached download (gather+look-up+read):     {cached_time * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
