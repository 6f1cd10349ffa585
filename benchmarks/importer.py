"""Benchmark of the importer (not a test: it prints times and asserts nothing).

    DEBUG=1 .venv/bin/python benchmarks/importer.py [--runs 5]

Builds a medborgarlöfte of about ten A4 pages (a long lägesbild, twelve focus areas, 60 löften
under three lead-ins, two signatories) as plain text, Word and PDF (rendered with WeasyPrint),
and measures reading the text out of the file and proposing its structure, then the whole
`import_medborgarlofte` command saving the draft through the services, on a throw-away SQLite
database in memory. The issue's goal is under 2 seconds for a 10-page document.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPH = (
    "Utifrån medborgardialoger, trygghetsmätningen och polisens brottsstatistik upplever de som "
    "bor i kommunen att de i regel är trygga, men att störande trafik, skadegörelse och unga som "
    "samlas sent på kvällen vid stationen och i centrum skapar oro hos många."
)


def blocks() -> list[tuple[str, str]]:
    """(style, text): "title", "heading", "text" or "bullet"."""
    found = [("title", "Medborgarlöfte Flens kommun 2025-2026"), ("heading", "Inledning")]
    found += [("text", PARAGRAPH)] * 4
    found += [("heading", "Lägesbild")] + [("text", PARAGRAPH)] * 62
    found += [("heading", "Fokusområden")]
    found += [("bullet", f"Fokusområde {n}: trafik och trygghet i område {n}") for n in range(12)]
    found += [("heading", "Medborgarlöften 2025-2026")]
    for lead_in in ("Polisen lovar att:", "Kommunen lovar att:", "Vi lovar gemensamt att:"):
        found.append(("text", lead_in))
        found += [
            ("bullet", f"genomföra insats {n} i centrum och på landsbygden, med återkoppling.")
            for n in range(20)
        ]
    found += [("heading", "Uppföljning")] + [("text", PARAGRAPH)] * 6
    found += [
        ("text", "Flen 2024-12-10"),
        ("text", "Anna Berg"),
        ("text", "Kommunchef Flens kommun"),
    ]
    found += [("text", "Per Lind"), ("text", "Lokalpolisområdeschef Katrineholm")]
    return found


def as_text() -> bytes:
    marks = {"bullet": "- "}
    return "\n\n".join(marks.get(style, "") + text for style, text in blocks()).encode()


def as_docx() -> bytes:
    from docx import Document

    document = Document()
    for style, text in blocks():
        if style == "title":
            document.add_heading(text, 0)
        elif style == "heading":
            document.add_heading(text, 1)
        else:
            document.add_paragraph(text, style="List Bullet" if style == "bullet" else None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_pdf() -> bytes:
    from weasyprint import HTML

    tags = {"title": "h1", "heading": "h2", "text": "p", "bullet": "p"}
    body = "".join(
        f"<{tags[style]}>{'- ' if style == 'bullet' else ''}{text}</{tags[style]}>"
        for style, text in blocks()
    )
    return HTML(
        string=f'<html lang="sv"><body style="font-size:11pt">{body}</body></html>'
    ).write_pdf()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()
    from django.core.management import call_command

    from loften.importer.extract import extract_text
    from loften.importer.proposal import propose

    files = {"txt": as_text(), "docx": as_docx(), "pdf": as_pdf()}
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(files["pdf"])).pages)
    print(f"Dokumentet: {pages} sidor A4 som PDF, {len(blocks())} stycken.")
    for kind, data in files.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            proposal = propose(extract_text(f"loften.{kind}", data)[1])
            times.append(time.perf_counter() - start)
        print(
            f"{kind:>5}: läsa + föreslå {statistics.median(times) * 1000:7.1f} ms (median av "
            f"{runs}); {len(proposal.commitments)} löften, {len(proposal.focus_areas)} fokusområden"
        )

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from municipalities.models import Membership, Municipality

    user = get_user_model().objects.create_user("benchmark", password="benchmark-password-1")
    Membership.objects.create(user=user, municipality=Municipality.objects.get(code="0482"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "loften.docx"
        path.write_bytes(files["docx"])
        start = time.perf_counter()
        call_command(
            "import_medborgarlofte", str(path), municipality="0482", user="benchmark",
            stdout=io.StringIO(),
        )  # fmt: skip
        print(f" docx: hela kommandot med utkastet sparat {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
