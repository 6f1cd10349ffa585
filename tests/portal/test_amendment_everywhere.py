"""An approved amendment reads the same on the löfte's page, in the admin, in both JSON APIs, in
the CSV file and in a newly rendered document PDF: the same values before and after, the same
reason, and the amended values as the löfte's current ones."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from loften.models import Amendment
from loften.pdf import promise_pdf
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    MeasureFactory,
    UserFactory,
    in_force_today,
    record_approvals,
)
from tests.factories import approved_amendment as amend
from tests.pdfs import pdf_text

CHANGE = "trafikkontroller: 20 st → trafikkontroller: 30 st"
RATE = "inget återkommande mål → minst 1 trafikkontroller per dygn"
REASON = "Kontrollerna gav effekt; parterna höjer målet."


@pytest.fixture
def amended(db):
    promise = CitizenPromiseFactory(published=True, **in_force_today())
    commitment = CommitmentFactory(promise=promise)
    measure = MeasureFactory(commitment=commitment, name="trafikkontroller", unit="st")
    record_approvals(promise)
    amend(
        commitment,
        reason=REASON,
        rate_target="1",
        rate_per="day",
        rate_counted="trafikkontroller",
        measures=[{"id": measure.pk, "name": "trafikkontroller", "unit": "st", "target": "30"}],
        ends_on=datetime.date(2027, 12, 31),
    )
    return promise, commitment


def test_page_and_admin(client, amended):
    promise, commitment = amended
    page = client.get(commitment.get_absolute_url()).text
    assert CHANGE in page and RATE in page and REASON in page
    assert "minst 1 trafikkontroller per dygn; trafikkontroller: 30 st" in page
    client.force_login(UserFactory(is_superuser=True))
    admin = client.get(reverse("admin:loften_amendment_change", args=[Amendment.objects.get().pk]))
    assert admin.status_code == 200
    assert CHANGE in admin.text and RATE in admin.text


def test_apis_and_csv(client, amended):
    promise, commitment = amended
    document = client.get(
        reverse("loften:api_promise", args=[promise.municipality.slug, promise.pk])
    ).json()
    row = document["commitments"][0]
    assert [(m["name"], m["target"]) for m in row["measures"]] == [("trafikkontroller", 30)]
    assert (row["rate"]["target"], row["rate"]["per"]) == (1, "day")
    assert row["period"] == {"starts_on": None, "ends_on": "2027-12-31"}
    [amendment] = row["amendments"]
    assert amendment["reason"] == REASON
    assert [(c["before_text"], c["after_text"]) for c in amendment["changes"]][:2] == [
        tuple(RATE.split(" → ")),
        tuple(CHANGE.split(" → ")),
    ]

    opendata = client.get(reverse("opendata:commitment-detail", args=[commitment.pk])).json()
    assert opendata["ends_on"] == "2027-12-31"
    assert [m["target"] for m in opendata["measures"]] == [30]
    assert opendata["amendments"][0]["changes"][1]["after_text"] == "trafikkontroller: 30 st"
    assert opendata["amendments"][0]["reason"] == REASON

    text = client.get(reverse("opendata:csv", args=["loften"])).content.decode("utf-8")
    first = next(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert first["galler_till"] == "2027-12-31"
    assert "minst 1 trafikkontroller per dygn" in first["takt_mal"]
    assert f"Mått: {CHANGE}" in first["andringar"] and f"Takt: {RATE}" in first["andringar"]
    assert REASON in first["andringar"]


@pytest.mark.usefixtures("pdf_storage")
def test_a_new_document_pdf_lists_the_amendment(amended):
    promise, _commitment = amended
    text = " ".join(pdf_text(promise_pdf(promise).read()).replace("\u2010 ", "").split())
    assert "Ändrat av parterna efter undertecknandet" in text
    assert CHANGE in text
    assert REASON in text
    assert "Mål: minst 1 trafikkontroller per dygn; trafikkontroller: 30 st" in text


def test_a_new_measure_reads_the_same_in_the_page_and_open_data(client, amended):
    _promise, commitment = amended
    amend(
        commitment,
        reason="Parterna följer också nykterheten.",
        measures=[{"name": "nykterhetskontroller", "unit": "st", "target": "100"}],
    )
    page = client.get(commitment.get_absolute_url()).text
    assert "inget sådant mått → nykterhetskontroller: 100 st" in page
    opendata = client.get(reverse("opendata:commitment-detail", args=[commitment.pk])).json()
    [change] = opendata["amendments"][-1]["changes"]
    assert (change["key"], change["before"], change["after_text"]) == (
        "measure",
        None,
        "nykterhetskontroller: 100 st",
    )
