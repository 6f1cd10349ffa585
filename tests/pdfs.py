"""Addresses and bodies of the PDF downloads, for the export tests (tests/loften) and the public
download tests (tests/portal)."""

from django.urls import reverse


def download_url(promise):
    return reverse("loften:promise_pdf", args=[promise.municipality.slug, promise.pk])


def export_url(promise):
    return reverse("loften:promise_pdf_export", args=[promise.pk])


def body(response):
    return b"".join(response.streaming_content)
