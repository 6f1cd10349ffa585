"""A document's cadence on the public side: follow-up pages and PDFs whose addresses name the
period in words, the old year-and-half addresses redirecting to them, and the period in the
API, the CSV files, the feed and the PDF."""

import csv
import io

import pytest
from django.urls import reverse

from followup.models import FollowUp
from followup.pdf import followup_pdf, gather_followup_report
from loften.models import Cadence
from tests.factories import UserFactory, build_promise
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db


def followup_address(promise, period, *, pdf=False, prefix=""):
    tail = "pdf/" if pdf else ""
    return (
        f"{prefix}/kommuner/{promise.municipality.slug}/medborgarloften/{promise.pk}/"
        f"uppfoljningar/{period}/{tail}"
    )


@pytest.fixture
def tertial(db):
    """A document 2021–2024 followed up per tertial, with three published follow-ups."""
    return build_promise(commitments=3, followups=3, cadence=Cadence.TERTIAL)


def test_a_tertial_documents_follow_up_page_names_its_tertial(client, tertial):
    latest = tertial.followups.get(year=2021, number=3)
    assert latest.get_absolute_url() == followup_address(tertial, "2021-tertial-3")
    response = client.get(latest.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "<h1>Uppföljning 2021 tertial 3</h1>" in text
    assert "1 september 2021 – 31 december 2021" in text
    assert "Förra (2021 tertial 2)" in text
    assert followup_address(tertial, "2021-tertial-3", pdf=True) in text


def test_a_tertial_documents_page_lists_its_tertials(client, tertial):
    text = client.get(tertial.get_absolute_url()).text
    assert "Uppföljningar, per tertial" in text
    assert "uppföljningen 2021 tertial 3" in text
    for number in (1, 2, 3):
        assert f'href="{followup_address(tertial, f"2021-tertial-{number}")}"' in text
    assert "2022 tertial 1" in text  # not published: named, not linked
    assert followup_address(tertial, "2022-tertial-1") not in text


def test_a_tertial_commitments_page_links_each_tertial(client, tertial):
    commitment = tertial.commitments.first()
    text = client.get(commitment.get_absolute_url()).text
    assert f'href="{followup_address(tertial, "2021-tertial-2")}">2021 tertial 2</a>' in text


def test_a_yearly_documents_follow_up_is_the_whole_year(client):
    promise = build_promise(commitments=2, followups=2, cadence=Cadence.YEARLY)
    response = client.get(followup_address(promise, "helaret-2022"))
    assert response.status_code == 200
    assert "Uppföljning helåret 2022" in response.text
    assert "Förra (helåret 2021)" in response.text


def test_an_end_of_period_follow_up_covers_the_whole_validity(client):
    promise = build_promise(commitments=2, followups=1, cadence=Cadence.END_OF_PERIOD)
    followup = promise.followups.get()
    assert (followup.year, followup.number) == (2024, 1)
    response = client.get(followup_address(promise, "hela-perioden"))
    assert response.status_code == 200
    assert "Uppföljning hela perioden 2021–2024" in response.text


@pytest.mark.parametrize(
    "period",
    ["2021-halvar-1", "2021-tertial-4", "helaret-2021", "2021-tertial-3x", "2030-tertial-1"],
)
def test_a_period_of_another_cadence_or_none_at_all_is_404(client, tertial, period):
    assert client.get(followup_address(tertial, period)).status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_old_year_and_half_addresses_redirect_permanently(client, prefix):
    promise = build_promise(commitments=2, followups=2)
    old = followup_address(promise, "2021-2", prefix=prefix)
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == followup_address(promise, "2021-halvar-2", prefix=prefix)
    assert client.get(response["Location"]).status_code == 200

    response = client.get(followup_address(promise, "2021-1", pdf=True, prefix=prefix))
    assert response.status_code == 301
    assert response["Location"] == followup_address(
        promise, "2021-halvar-1", pdf=True, prefix=prefix
    )


def test_old_addresses_of_no_published_half_year_are_404(client, tertial):
    promise = build_promise(commitments=2, followups=1)
    assert client.get(followup_address(promise, "2021-2")).status_code == 404  # not published
    assert client.get(followup_address(promise, "2021-3")).status_code == 404
    # A tertial document never had such addresses, though its number 1 follow-up exists.
    assert client.get(followup_address(tertial, "2021-1")).status_code == 404


def test_the_pdf_names_the_period(tertial):
    report = gather_followup_report(tertial.followups.get(year=2021, number=2))
    assert report.title == "Uppföljning 2021 tertial 2"
    assert report.period == "2021 tertial 2"
    assert (str(report.period_start), str(report.period_end)) == ("2021-05-01", "2021-08-31")


def test_the_api_and_csv_carry_the_period(client, tertial):
    rows = client.get(reverse("opendata:followup-list")).json()["results"]
    assert [
        (r["cadence"], r["year"], r["number"], r["period_name"], r["period_start"], r["period_end"])
        for r in rows
    ] == [
        ("tertial", 2021, 1, "2021 tertial 1", "2021-01-01", "2021-04-30"),
        ("tertial", 2021, 2, "2021 tertial 2", "2021-05-01", "2021-08-31"),
        ("tertial", 2021, 3, "2021 tertial 3", "2021-09-01", "2021-12-31"),
    ]
    assert rows[2]["url"].endswith("/uppfoljningar/2021-tertial-3/")
    document = client.get(reverse("opendata:promise-detail", args=[tertial.pk])).json()
    assert document["cadence"] == "tertial"
    assert document["latest_followup"] == {
        "cadence": "tertial",
        "year": 2021,
        "number": 3,
        "name": "2021 tertial 3",
        "start": "2021-09-01",
        "end": "2021-12-31",
    }
    assert {c["latest_followup"]["name"] for c in document["commitments"]} == {"2021 tertial 3"}
    filtered = client.get(reverse("opendata:followup-list"), {"period": 2, "intervall": "tertial"})
    assert [r["number"] for r in filtered.json()["results"]] == [2]

    text = client.get(reverse("opendata:csv", args=["uppfoljningar"])).content.decode("utf-8")
    table = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert [(r["uppfoljningsintervall"], r["period_namn"]) for r in table] == [
        ("tertial", "2021 tertial 1"),
        ("tertial", "2021 tertial 2"),
        ("tertial", "2021 tertial 3"),
    ]

    per_document = client.get(
        reverse("loften:api_promise", args=[tertial.municipality.slug, tertial.pk])
    ).json()
    assert per_document["latest_followup"]["name"] == "2021 tertial 3"


def test_the_feed_names_the_period(client, tertial):
    text = client.get(reverse("loften:feed")).text
    assert "Uppföljning 2021 tertial 3: " in text
    assert FollowUp.objects.published().count() == 3


@pytest.mark.usefixtures("pdf_storage")
def test_the_same_period_on_the_page_in_the_admin_the_api_the_csv_and_the_pdf(client, tertial):
    followup = tertial.followups.get(year=2021, number=2)
    name = "2021 tertial 2"
    assert f"Uppföljning {name}" in client.get(followup.get_absolute_url()).text
    row = client.get(reverse("opendata:followup-detail", args=[followup.pk])).json()
    assert row["period_name"] == name
    text = client.get(reverse("opendata:csv", args=["statusar"])).content.decode("utf-8")
    assert {r["period_namn"] for r in csv.DictReader(io.StringIO(text[1:]), delimiter=";")} == {
        "2021 tertial 1",
        name,
        "2021 tertial 3",
    }
    assert name in pdf_text(followup_pdf(followup).read())
    client.force_login(UserFactory(is_superuser=True))
    form = client.get(reverse("admin:followup_followup_form", args=[followup.pk]))
    assert f"{name.capitalize()} (1 maj 2021 – 31 augusti 2021)" in form.text
    listing = client.get(reverse("admin:followup_followup_changelist")).text
    assert f'<td class="field-period_display">{name}</td>' in listing
