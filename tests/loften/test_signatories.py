"""What a document says about its signing: any number of signatories of any organisation, or
explicitly none; the signing place and date once; its case number and decision; löften that
stand in an attachment. Each through the services, the admin, the page, the PDF and open data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from loften import services
from loften.models import CitizenPromise, Signatory
from loften.pdf import promise_pdf
from tests.factories import (
    AttachmentFactory,
    CitizenPromiseFactory,
    CommitmentFactory,
    SignatoryFactory,
    approve,
)
from tests.loften.helpers import change_url, form_data, messages
from tests.loften.test_pdf import page_texts, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_storage")]


def _sign_and_publish(promise, editor):
    approve(promise)
    services.citizen_promise_sign(promise=promise, user=editor)
    services.citizen_promise_publish(promise=promise, user=editor)
    promise.refresh_from_db()
    return promise


# --- No signatories -------------------------------------------------------------------------------


def test_a_document_that_names_no_signatories_signs_and_publishes_and_says_so(client, editor):
    promise = CitizenPromiseFactory(names_no_signatories=True)
    CommitmentFactory(promise=promise)

    _sign_and_publish(promise, editor)

    assert promise.state == CitizenPromise.State.PUBLISHED
    assert not Signatory.objects.exists()  # signing never makes up names
    page = client.get(promise.get_absolute_url()).content.decode()
    assert "Dokumentet namnger inga undertecknare." in page
    # Who approved, and when, is what the portal records.
    assert "Godkänt av parterna" in page
    assert "Vingåkers kommun" in page and promise.police_area.name in page
    last_page = page_texts(promise_pdf(promise).read())[-1]
    assert "Underskrifter Dokumentet namnger inga undertecknare." in last_page


def test_without_signatories_or_the_mark_signing_says_both_ways_out(editor):
    promise = CitizenPromiseFactory()
    CommitmentFactory(promise=promise)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_sign(promise=promise, user=editor)
    text = messages(error)
    assert "Lägg till undertecknarna som dokumentet namnger." in text
    assert "kryssa i ”Dokumentet namnger inga undertecknare”" in text


def test_signatories_and_the_mark_exclude_each_other(editor):
    promise = CitizenPromiseFactory(names_no_signatories=True)
    CommitmentFactory(promise=promise)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_part_save(
            part=Signatory(promise=promise, name="Anna Andersson", title="ordförande"),
            user=editor,
        )
    assert "Ta bort den markeringen om dokumentet namnger Anna Andersson" in messages(error)

    # Marked afterwards, outside the admin: signing refuses until one of them goes.
    other = CitizenPromiseFactory(
        valid_from=datetime.date(2027, 1, 1), valid_until=datetime.date(2027, 12, 31)
    )
    CommitmentFactory(promise=other)
    SignatoryFactory(promise=other)
    CitizenPromise.objects.filter(pk=other.pk).update(names_no_signatories=True)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_sign(promise=other, user=editor)
    assert "har undertecknare men är markerat" in messages(error)


def test_in_the_admin_the_mark_needs_the_signatories_removed_in_the_same_save(client, editor):
    promise = CitizenPromiseFactory()
    signatory = SignatoryFactory(promise=promise)
    client.force_login(editor)
    data = form_data(client.get(change_url(promise)))
    data["names_no_signatories"] = "on"

    response = client.post(change_url(promise), data)
    assert response.status_code == 200
    assert "Ta bort den markeringen om dokumentet namnger Anna Andersson" in (
        response.content.decode()
    )

    data["signatories-0-DELETE"] = "on"
    response = client.post(change_url(promise), data)
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.names_no_signatories
    assert not Signatory.objects.filter(pk=signatory.pk).exists()


# --- Any number of signatories, of any organisation -----------------------------------------------

FOUR = [
    ("Ralf Hedin", "kommunchef", "Vingåkers kommun"),
    ("Johan Karlsson", "chef lokalpolisområde Katrineholm", "Lokalpolisområde Katrineholm"),
    ("Eva Ek", "vd", "Vingåkersbostäder AB"),
    ("Lars Lind", "räddningschef", "Räddningstjänsten Sörmland"),
]


def test_four_signatories_one_a_company_are_shown_on_the_page_and_in_the_pdf(client, editor):
    promise = CitizenPromiseFactory(signed_place="Vingåker", signed_on=datetime.date(2023, 3, 12))
    CommitmentFactory(promise=promise)
    for order, (name, title, organisation) in enumerate(FOUR):
        services.citizen_promise_part_save(
            part=Signatory(
                promise=promise, name=name, title=title, organisation=organisation, order=order
            ),
            user=editor,
        )
    _sign_and_publish(promise, editor)

    page = client.get(promise.get_absolute_url()).content.decode()
    for name, title, organisation in FOUR:
        assert f"<strong>{name}</strong>, {title} ({organisation})" in page
    assert page.count("Vingåker den 12 mars 2023") == 1
    last_page = page_texts(promise_pdf(promise).read())[-1]
    assert "Eva Ek Vd Vingåkersbostäder AB" in last_page
    assert "Lars Lind Räddningschef Räddningstjänsten Sörmland" in last_page
    assert last_page.count("Vingåker den 12 mars 2023") == 1


# --- Case number, decision, signing place and date ------------------------------------------------


def test_case_number_decision_and_signing_are_shown_as_labelled_metadata(client, editor):
    promise = CitizenPromiseFactory(
        case_number="KS 2022/123",
        decided_by="Kommunstyrelsen",
        decided_on=datetime.date(2023, 2, 27),
        signed_place="Vingåker",
        signed_on=datetime.date(2023, 3, 12),
    )
    CommitmentFactory(promise=promise)
    SignatoryFactory(promise=promise)
    _sign_and_publish(promise, editor)

    page = client.get(promise.get_absolute_url()).content.decode()
    assert "Diarienummer</dt>" in page and "KS 2022/123" in page
    assert "Beslutat av</dt>" in page and "Kommunstyrelsen" in page
    assert "Beslutsdatum</dt>" in page and "27 februari 2023" in page
    assert "Vingåker den 12 mars 2023" in page
    text = pdf_text(promise_pdf(promise).read())
    assert "Diarienummer KS 2022/123" in text
    assert "Beslutat av Kommunstyrelsen" in text
    assert "Beslutsdatum 27 februari 2023" in text
    assert "Vingåker den 12 mars 2023" in text

    data = client.get(reverse("opendata:promise-detail", args=[promise.pk])).json()
    assert (data["case_number"], data["decided_by"], data["decided_on"]) == (
        "KS 2022/123",
        "Kommunstyrelsen",
        "2023-02-27",
    )
    assert (data["signed_place"], data["signed_on"]) == ("Vingåker", "2023-03-12")
    assert data["signatories"] == [
        {
            "name": "Anna Andersson",
            "title": "kommunstyrelsens ordförande",
            "organisation": "Vingåkers kommun",
        }
    ]
    api = client.get(
        reverse("loften:api_promise", args=[promise.municipality.slug, promise.pk])
    ).json()
    assert api["case_number"] == "KS 2022/123"
    assert api["decision"] == {"decided_by": "Kommunstyrelsen", "decided_on": "2023-02-27"}


def test_a_new_version_is_signed_anew(editor):
    promise = CitizenPromiseFactory(signed_place="Vingåker", signed_on=datetime.date(2023, 3, 12))
    CommitmentFactory(promise=promise)
    SignatoryFactory(promise=promise)
    approve(promise)
    services.citizen_promise_sign(promise=promise, user=editor)

    new = services.citizen_promise_new_version(promise=promise, user=editor)

    assert (new.signed_place, new.signed_on) == ("Vingåker", None)


# --- Löften in an attachment ----------------------------------------------------------------------


def test_loften_in_an_attachment_need_no_loften_in_the_text(client, editor):
    promise = CitizenPromiseFactory(commitments_in_attachment=True, names_no_signatories=True)
    with pytest.raises(ValidationError) as error:
        services.citizen_promise_sign(promise=promise, user=editor)
    assert "lägg till bilagan med löftena" in messages(error)

    AttachmentFactory(promise=promise, title="Handlingsplan 2025–2026")
    _sign_and_publish(promise, editor)

    page = client.get(promise.get_absolute_url()).content.decode()
    assert "Löftena finns i bilaga" in page
    assert "innehåller inga löften" not in page
    text = pdf_text(promise_pdf(promise).read())
    assert "Löftena finns i bilaga: Handlingsplan 2025–2026" in text
    assert "innehåller ännu inga löften" not in text
    data = client.get(reverse("opendata:promise-detail", args=[promise.pk])).json()
    assert data["commitments_in_attachment"] is True
    assert [a["title"] for a in data["attachments"]] == ["Handlingsplan 2025–2026"]
    assert data["attachments"][0]["url"].endswith(
        reverse(
            "loften:attachment",
            args=[promise.municipality.slug, promise.pk, promise.attachments.get().pk],
        )
    )
