"""Addresses and bodies of the PDF downloads, for the export tests (tests/loften) and the public
download tests (tests/portal)."""

import io

from django.urls import reverse
from pypdf import PdfReader


def download_url(promise):
    return reverse("loften:promise_pdf", args=[promise.municipality.slug, promise.pk])


def export_url(promise):
    return reverse("loften:promise_pdf_export", args=[promise.pk])


def body(response):
    return b"".join(response.streaming_content)


def pdf_text(data):
    """All text of a PDF, read back with pypdf, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
