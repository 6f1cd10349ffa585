"""The CSV files: the API's rows for Swedish Excel, never a draft, filtered like the API."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import FollowUp
from loften.models import CitizenPromise
from portal.opendata.datasets import DATASETS, LICENCE_LINK
from tests.factories import CommitmentFactory, FollowUpFactory, build_promise

pytestmark = pytest.mark.django_db


def download(client, key, **params):
    response = client.get(reverse("opendata:csv", args=[key]), params)
    assert response.status_code == 200, response.content
    return response


def rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_every_dataset_is_a_csv_file_for_swedish_excel(client):
    build_promise(commitments=3, followups=1)
    for dataset in DATASETS:
        response = download(client, dataset.key)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{dataset.key}.csv"'
        assert response["Link"] == LICENCE_LINK
        assert response.content.startswith("\ufeff".encode())
        assert b"\r\n" in response.content
        assert rows(response), dataset.key


def test_the_documents_file_has_the_same_figures_as_the_api(client):
    promise = build_promise(commitments=6, followups=2)
    api = client.get(reverse("opendata:promise-detail", args=[promise.pk])).json()
    (row,) = rows(download(client, "medborgarloften"))
    assert row["id"] == str(promise.pk)
    assert row["titel"] == promise.title
    assert row["kommun"] == "Vingåker"
    assert row["lan"] == "Södermanlands län"
    assert row["genomfort_procent"] == str(api["progress"])
    assert row["senaste_uppfoljning"] == api["latest_followup"]["name"] == "2021 halvår 2"
    assert row["uppfoljningsintervall"] == api["cadence"] == "half_yearly"
    assert row["uppfoljning_forsenad"] == "ja"  # 2022 onwards was never followed up
    assert row["antal_loften"] == "6"
    assert row["undertecknare"] == "Anna Andersson, Per Polis"


def test_drafts_and_signed_documents_never_appear_in_a_csv_file(client):
    published = build_promise(commitments=2, followups=1, title="Publicerat löfte")
    build_promise(state=CitizenPromise.State.DRAFT, title="Hemligt utkast")
    build_promise(state=CitizenPromise.State.SIGNED, title="Undertecknat ej publicerat")
    FollowUpFactory(
        promise=published, year=2021, number=2, state=FollowUp.State.DRAFT, summary="Utkast"
    )
    for key in ("medborgarloften", "loften", "uppfoljningar", "statusar"):
        text = download(client, key).content.decode()
        assert "Hemligt utkast" not in text and "Undertecknat" not in text, key
        assert "Utkast" not in text, key
    assert [r["medborgarlofte"] for r in rows(download(client, "loften"))] == [
        str(published.pk)
    ] * 2
    assert [
        (r["uppfoljningsintervall"], r["ar"], r["period"], r["period_namn"])
        for r in rows(download(client, "uppfoljningar"))
    ] == [("half_yearly", "2021", "1", "2021 halvår 1")]


def test_texts_that_look_like_formulas_are_kept_from_being_formulas(client):
    promise = build_promise(commitments=0, followups=0)
    CommitmentFactory(promise=promise, text='=HYPERLINK("http://example.org")')
    CommitmentFactory(promise=promise, text="-1 i bilar på Storgatan")
    (first, second) = rows(download(client, "loften"))
    assert first["loefte"] == '\'=HYPERLINK("http://example.org")'
    assert second["loefte"] == "'-1 i bilar på Storgatan"
    assert first["medborgarlofte"] == str(promise.pk)  # numbers are not texts


def test_a_csv_file_is_filtered_like_the_api(client):
    vingaker = build_promise(commitments=1, followups=0)
    assert [r["id"] for r in rows(download(client, "medborgarloften", lan="04"))] == [
        str(vingaker.pk)
    ]
    assert rows(download(client, "medborgarloften", lan="01")) == []
    kommuner = rows(download(client, "kommuner", lan="04"))
    assert len(kommuner) == 9 and kommuner[0]["kommunkod"] == "0428"


def test_a_bad_filter_value_is_refused_in_swedish(client):
    response = client.get(reverse("opendata:csv", args=["loften"]), {"lan": "Södermanland"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "lan: Ange länet med dess tvåsiffriga länskod" in response.content.decode()


def test_an_unknown_file_is_not_found(client):
    assert client.get(reverse("opendata:csv", args=["hemligheter"])).status_code == 404


@pytest.mark.parametrize("key", ["medborgarloften", "loften", "uppfoljningar", "statusar"])
def test_query_count_of_a_csv_file_does_not_grow_with_rows(client, key):
    build_promise(commitments=2, followups=1)
    url = reverse("opendata:csv", args=[key])
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    lines = response.content.count(b"\r\n")
    for _ in range(3):
        build_promise(commitments=10, followups=3)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b"\r\n") > lines
    assert len(many) == len(few)
