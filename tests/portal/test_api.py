import pytest
from django.urls import reverse

from loften.models import CitizenPromise
from tests.factories import build_promise

pytestmark = pytest.mark.django_db


def api_url(promise):
    return reverse("loften:api_promise", args=[promise.municipality.slug, promise.pk])


def test_api_gives_the_same_figures_as_the_page(client):
    promise = build_promise(commitments=6, followups=2)
    data = client.get(api_url(promise)).json()
    page = client.get(promise.get_absolute_url())
    assert data["progress"] == round(page.context["progress"])
    assert f"{data['progress']} % genomfört" in page.text
    assert data["latest_followup"] == {
        "cadence": "half_yearly",
        "year": 2021,
        "number": 2,
        "name": "2021 halvår 2",
        "start": "2021-07-01",
        "end": "2021-12-31",
    }
    # In the document's order: the police's löften, the kommun's, then the shared ones.
    assert [c["latest_status"] for c in data["commitments"]] == [
        "in_progress",
        "not_done",
        "partly_done",
        "not_started",
        "postponed",
        "done",
    ]
    assert [c["party"] for c in data["commitments"]] == [
        "police",
        "police",
        "municipality",
        "municipality",
        "joint",
        "joint",
    ]
    [measure] = data["commitments"][0]["measures"]
    assert (measure["name"], measure["target"], measure["value"]) == ("kontroller", 20, 10)
    assert measure["text"] == "10 av 20"
    assert data["commitments"][0]["rate"] is None
    assert data["municipality"] == {"code": "0428", "name": "Vingåker"}


def test_api_never_shows_drafts(client):
    promise = build_promise(state=CitizenPromise.State.DRAFT)
    assert client.get(api_url(promise)).status_code == 404


def test_api_query_count_is_fixed(client, django_assert_max_num_queries):
    promise = build_promise(commitments=30, followups=8)
    # The document with its progress, its parties, attachments, löften with their parties, measures,
    # latest rows and their values, the löften's amendments and the effect indicators.
    with django_assert_max_num_queries(10):
        response = client.get(api_url(promise))
    assert response.status_code == 200
