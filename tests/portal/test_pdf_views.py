"""The public PDF URLs: downloads of documents and follow-up reports, and the "Verifiera
dokument" page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from followup.models import FollowUp
from loften.models import CitizenPromise
from tests.factories import (
    FollowUpFactory,
    make_promise,
)
from tests.pdfs import body, download_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_storage")]

State = CitizenPromise.State


def test_published_document_downloads_as_a_pdf_attachment(client, promise):
    response = client.get(download_url(promise))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="medborgarlofte-')
    data = body(response)
    assert data.startswith(b"%PDF-")
    assert PdfReader(io.BytesIO(data)).metadata.title == promise.title


def test_withdrawn_document_still_downloads(client, db):
    promise = make_promise(state=State.WITHDRAWN)

    assert client.get(download_url(promise)).status_code == 200


@pytest.mark.parametrize("state", [State.DRAFT, State.SIGNED])
def test_documents_that_are_not_public_are_404(client, db, state):
    promise = make_promise(state=state)

    assert client.get(download_url(promise)).status_code == 404


def test_a_wrong_municipality_in_the_address_is_404(client, promise):
    url = reverse("loften:promise_pdf", args=["katrineholm", promise.pk])

    assert client.get(url).status_code == 404


def test_post_to_a_download_is_not_allowed(client, promise):
    assert client.post(download_url(promise)).status_code == 405


def test_second_download_does_not_render_again(client, promise, render_spy):
    first = body(client.get(download_url(promise)))
    second = body(client.get(download_url(promise)))

    assert render_spy.call_count == 1
    assert first == second


# --- Follow-up reports --------------------------------------------------------------------------


def followup_url(followup):
    promise = followup.promise
    return reverse(
        "loften:followup_pdf",
        args=[promise.municipality.slug, promise.pk, followup.period.slug],
    )


def published_followup(promise):
    return FollowUpFactory(
        promise=promise,
        state=FollowUp.State.PUBLISHED,
        published_at=promise.published_at or promise.signed_at,
    )


def test_published_followup_of_a_public_document_downloads(client, promise):
    response = client.get(followup_url(published_followup(promise)))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="uppfoljning-')
    assert body(response).startswith(b"%PDF-")


def test_draft_followup_is_404(client, promise):
    followup = FollowUpFactory(promise=promise)

    assert client.get(followup_url(followup)).status_code == 404


def test_published_followup_of_a_document_that_is_not_public_is_404(client, db):
    followup = published_followup(make_promise(state=State.SIGNED))

    assert client.get(followup_url(followup)).status_code == 404


# --- Verifiera dokument -------------------------------------------------------------------------

VERIFY_URL = "/verifiera/"


def upload(data, name="dokument.pdf", content_type="application/pdf"):
    return {"file": SimpleUploadedFile(name, data, content_type=content_type)}


def test_verify_url_is_swedish_and_the_page_shows_the_form(client):
    assert reverse("loften:verify") == VERIFY_URL

    response = client.get(VERIFY_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Verifiera dokument" in content
    assert 'enctype="multipart/form-data"' in content
    assert "style=" not in content and "<script" not in content


@pytest.mark.usefixtures("signing")
def test_verify_reports_an_intact_signature_and_names_the_document(client, promise):
    data = body(client.get(download_url(promise)))

    response = client.post(VERIFY_URL, upload(data))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Dokumentet är äkta" in content
    assert "Testsignering" in content
    assert promise.title in content
    assert reverse("loften:promise", args=[promise.municipality.slug, promise.pk]) in content
    assert "Filen är den gällande versionen." in content


@pytest.mark.usefixtures("signing")
def test_verify_reports_a_file_with_one_flipped_byte_as_broken(client, promise, render_spy):
    data = body(client.get(download_url(promise)))
    position = len(render_spy.results[-1].data) // 2
    tampered = data[:position] + bytes([data[position] ^ 1]) + data[position + 1 :]

    response = client.post(VERIFY_URL, upload(tampered))

    content = response.content.decode()
    assert "Dokumentet kunde inte verifieras." in content
    assert "Underskriften är bruten" in content
    assert promise.title not in content


def test_verify_reports_an_unsigned_pdf(client, promise):
    data = body(client.get(download_url(promise)))

    content = client.post(VERIFY_URL, upload(data)).content.decode()

    assert "Filen saknar digital underskrift." in content


def test_verify_rejects_a_file_that_is_not_a_pdf(client):
    response = client.post(VERIFY_URL, upload(b"MZ\x90\x00 not a pdf", name="virus.pdf"))

    assert response.status_code == 400
    assert "Filen är inte en PDF." in response.content.decode()


def test_verify_rejects_a_file_over_the_size_limit(client, settings):
    settings.PDF_VERIFY_MAX_UPLOAD_BYTES = 1024

    response = client.post(VERIFY_URL, upload(b"%PDF-1.7\n" + b"0" * 5000))

    assert response.status_code == 400
    content = response.content.decode()
    assert "Filen är för stor. Den största fil som kan kontrolleras är 1,0" in content
    assert "Välj en PDF-fil att kontrollera." not in content


def test_verify_without_a_file_asks_for_one(client):
    response = client.post(VERIFY_URL, {})

    assert response.status_code == 400
    assert "Välj en PDF-fil att kontrollera." in response.content.decode()


def test_verify_upload_is_csrf_protected():
    client = Client(enforce_csrf_checks=True)

    response = client.post(VERIFY_URL, upload(b"%PDF-1.7\n"))

    assert response.status_code == 403
