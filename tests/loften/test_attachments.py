"""Attachments (bilagor): only PDF, DOCX and ODT, recognised by their content; a size limit; one
stored file per content; the round trip admin upload → public page → download → PDF; drafts'
attachments never public; frozen with their document, copied into a new version, with history."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loften import attachments, services
from loften.models import Attachment, CitizenPromise
from loften.pdf import promise_pdf
from tests.factories import PDF_BYTES, AttachmentFactory, approve
from tests.loften.helpers import change_url, form_data, messages
from tests.loften.test_pdf import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_storage")]

State = CitizenPromise.State


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_BYTES = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT_BYTES = _zip({"mimetype": attachments.ODT.encode(), "content.xml": b"<office:document/>"})


def _upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _attach(promise, user, name, data, title="Handlingsplan"):
    return services.citizen_promise_part_save(
        part=Attachment(promise=promise, title=title, file=_upload(name, data)), user=user
    )


# --- What is accepted -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "content_type", "extension"),
    [
        ("plan.pdf", PDF_BYTES, attachments.PDF, "pdf"),
        ("plan.docx", DOCX_BYTES, attachments.DOCX, "docx"),
        ("plan.odt", ODT_BYTES, attachments.ODT, "odt"),
        # The content decides, not the name.
        ("plan.txt", PDF_BYTES, attachments.PDF, "pdf"),
    ],
)
def test_pdf_docx_and_odt_are_recognised_by_their_content(
    draft, editor, name, data, content_type, extension
):
    attachment = _attach(draft, editor, name, data)

    assert attachment.content_type == content_type
    assert attachment.size == len(data)
    digest = attachment.sha256
    assert attachment.file.name == f"bilagor/{digest[:2]}/{digest}.{extension}"
    with default_storage.open(attachment.file.name, "rb") as stored:
        assert stored.read() == data


@pytest.mark.parametrize(
    ("name", "data", "browser_type"),
    [
        ("handlingsplan.pdf", b"MZ\x90\x00\x03\x00\x00\x00program", "application/pdf"),
        ("handlingsplan.pdf", "Polisen lovar att …".encode(), "application/pdf"),
        ("handlingsplan.docx", _zip({"word/document.xml": b"<w:document/>"}), attachments.DOCX),
        ("karta.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), ""),
        ("trasig.docx", b"PK\x03\x04 not really a zip", attachments.DOCX),
    ],
)
def test_anything_else_is_refused_whatever_its_name_or_declared_type(
    draft, editor, name, data, browser_type
):
    upload = SimpleUploadedFile(name, data, content_type=browser_type)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_part_save(
            part=Attachment(promise=draft, title="Handlingsplan", file=upload), user=editor
        )
    assert "Filen är inte en PDF, ett Word-dokument (DOCX) eller ett OpenDocument-dokument" in (
        messages(error)
    )
    assert not draft.attachments.exists()
    assert not default_storage.exists("bilagor")


def test_a_file_over_the_limit_is_refused_with_both_sizes(draft, editor, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        _attach(draft, editor, "stor.pdf", PDF_BYTES + b"0" * 2000)
    text = messages(error)
    assert "Filen är 2,0\xa0kB. En bilaga får vara högst 1,0\xa0kB." in text
    assert not draft.attachments.exists()


def test_the_same_content_is_stored_once(draft, editor):
    first = _attach(draft, editor, "plan.pdf", PDF_BYTES, title="Handlingsplan")
    second = _attach(draft, editor, "kopia.pdf", PDF_BYTES, title="Handlingsplan (kopia)")

    assert first.file.name == second.file.name
    _folders, files = default_storage.listdir(f"bilagor/{first.sha256[:2]}")
    assert files == [f"{first.sha256}.pdf"]


# --- Life-cycle ---------------------------------------------------------------------------------


def test_attachments_are_frozen_with_their_document_and_have_history(draft, editor):
    attachment = _attach(draft, editor, "plan.pdf", PDF_BYTES)
    assert attachment.history.get().history_user == editor
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)

    with pytest.raises(ValidationError) as error:
        _attach(draft, editor, "annan.pdf", PDF_BYTES + b"%")
    assert "bilagor" in messages(error) and "Skapa en ny version" in messages(error)
    with pytest.raises(ValidationError):
        services.citizen_promise_part_delete(part=attachment, user=editor)
    assert draft.attachments.count() == 1


def test_a_change_of_attachment_withdraws_the_approvals(draft, editor):
    approve(draft)
    assert draft.approvals.current().count() == 2
    _attach(draft, editor, "plan.pdf", PDF_BYTES)
    assert draft.approvals.current().count() == 0


def test_a_new_version_copies_the_attachments_and_their_files(draft, editor):
    attachment = _attach(draft, editor, "plan.pdf", PDF_BYTES)
    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)

    new = services.citizen_promise_new_version(promise=draft, user=editor)

    copy = new.attachments.get()
    assert copy.pk != attachment.pk
    assert (copy.title, copy.file.name, copy.sha256, copy.size) == (
        attachment.title,
        attachment.file.name,
        attachment.sha256,
        attachment.size,
    )


# --- Downloads ------------------------------------------------------------------------------------


def _public_url(attachment):
    promise = attachment.promise
    return reverse(
        "loften:attachment",
        kwargs={
            "slug": promise.municipality.slug,
            "pk": promise.pk,
            "attachment_pk": attachment.pk,
        },
    )


def test_a_drafts_attachment_is_not_public_but_its_editors_download_it(client, draft, editor):
    attachment = AttachmentFactory(promise=draft)

    assert client.get(_public_url(attachment)).status_code == 404
    client.force_login(editor)
    assert client.get(_public_url(attachment)).status_code == 404  # public address: public only
    response = client.get(attachment.file.url)
    assert response.status_code == 200
    assert "private, no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_upload_in_the_admin_then_page_link_download_and_pdf_listing(client, draft, editor):
    client.force_login(editor)
    data = form_data(client.get(change_url(draft)))
    data.update(
        {
            "attachments-TOTAL_FORMS": 1,
            "attachments-0-title": "Handlingsplan 2025",
            "attachments-0-file": _upload("handlingsplan.pdf", PDF_BYTES, "application/pdf"),
            "attachments-0-order": 1,
        }
    )
    response = client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    attachment = draft.attachments.get()
    assert (attachment.title, attachment.content_type) == ("Handlingsplan 2025", "application/pdf")
    admin_page = client.get(change_url(draft)).content.decode()
    assert attachment.file.url in admin_page  # the staff download, never the media folder

    approve(draft)
    services.citizen_promise_sign(promise=draft, user=editor)
    services.citizen_promise_publish(promise=draft, user=editor)
    client.logout()

    page = client.get(draft.get_absolute_url()).content.decode()
    link = re.search(r'<a href="([^"]+)" download>Handlingsplan 2025</a>', page)
    assert link and link.group(1) == _public_url(attachment)
    assert f"(PDF, {len(PDF_BYTES)}\xa0byte)" in page
    download = client.get(link.group(1))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="Handlingsplan 2025.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF_BYTES

    text = pdf_text(promise_pdf(draft).read())
    assert "Bilagor Handlingsplan 2025" in text


def test_the_admin_says_why_a_renamed_program_is_refused(client, draft, editor):
    client.force_login(editor)
    data = form_data(client.get(change_url(draft)))
    data.update(
        {
            "attachments-TOTAL_FORMS": 1,
            "attachments-0-title": "Handlingsplan",
            "attachments-0-file": _upload("handlingsplan.pdf", b"MZ\x90\x00program"),
            "attachments-0-order": 1,
        }
    )
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    assert "Filen är inte en PDF" in response.content.decode()
    assert not draft.attachments.exists()
