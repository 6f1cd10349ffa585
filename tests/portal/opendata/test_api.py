"""The open-data JSON API: only what citizens may see, the same figures as the pages, filters
like the pages', pages of rows, the licence on every answer, and a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import CommitmentStatus, FollowUp, Status
from loften.models import CitizenPromise
from portal.opendata.datasets import LICENCE_LINK, LICENCE_URL
from tests.factories import (
    CommitmentFactory,
    CommitmentStatusFactory,
    FocusAreaFactory,
    FollowUpFactory,
    PoliceAreaFactory,
    build_promise,
    in_force_today,
    municipality,
)

pytestmark = pytest.mark.django_db


def api(client, name, **params):
    response = client.get(reverse(f"opendata:{name}"), params)
    assert response.status_code == 200, response.content
    return response.json()


def ids(data):
    return [row["id"] for row in data["results"]]


@pytest.fixture
def draft_world(db):
    """A published document, and beside it everything that must never be public: a draft, a
    signed but unpublished document, and a draft follow-up of the published one."""
    published = build_promise(commitments=3, followups=1, title="Publicerat löfte")
    draft = build_promise(state=CitizenPromise.State.DRAFT, title="Hemligt utkast")
    signed = build_promise(state=CitizenPromise.State.SIGNED, title="Undertecknat ej publicerat")
    draft_followup = FollowUpFactory(
        promise=published, year=2021, number=2, state=FollowUp.State.DRAFT, summary="Utkast"
    )
    for commitment in published.commitments.all():
        CommitmentStatusFactory(followup=draft_followup, commitment=commitment, status=Status.DONE)
    return published, draft, signed, draft_followup


def test_drafts_and_signed_documents_never_appear_in_the_api(client, draft_world):
    published, draft, signed, draft_followup = draft_world
    hidden = {draft.pk, signed.pk}
    hidden_commitments = {c.pk for p in (draft, signed) for c in p.commitments.all()}

    promises = api(client, "promise-list")
    assert ids(promises) == [published.pk]
    assert "Hemligt utkast" not in str(promises)
    commitments = api(client, "commitment-list", per_sida=500)
    assert {row["promise"] for row in commitments["results"]} == {published.pk}
    assert not hidden_commitments & set(ids(commitments))
    followups = api(client, "followup-list")
    assert [(f["year"], f["number"]) for f in followups["results"]] == [(2021, 1)]
    statuses = api(client, "status-list", per_sida=500)
    assert {row["followup"] for row in statuses["results"]} == {
        published.followups.get(year=2021, number=1).pk
    }

    for pk in hidden:
        url = reverse("opendata:promise-detail", args=[pk])
        assert client.get(url).status_code == 404
    assert (
        client.get(reverse("opendata:followup-detail", args=[draft_followup.pk])).status_code == 404
    )
    commitment = draft.commitments.first()
    assert (
        client.get(reverse("opendata:commitment-detail", args=[commitment.pk])).status_code == 404
    )
    status = CommitmentStatus.objects.filter(followup=draft_followup).first()
    assert client.get(reverse("opendata:status-detail", args=[status.pk])).status_code == 404


def test_a_draft_follow_up_does_not_change_the_published_figures(client, draft_world):
    published, *_ = draft_world
    data = client.get(reverse("opendata:promise-detail", args=[published.pk])).json()
    assert data["latest_followup"]["name"] == "2021 halvår 1"
    assert {c["latest_followup"]["number"] for c in data["commitments"]} == {1}


def test_the_api_gives_the_same_figures_as_the_page_and_the_old_api(client):
    promise = build_promise(commitments=6, followups=2)
    data = client.get(reverse("opendata:promise-detail", args=[promise.pk])).json()
    page = client.get(promise.get_absolute_url())
    old = client.get(
        reverse("loften:api_promise", args=[promise.municipality.slug, promise.pk])
    ).json()

    assert data["progress"] == old["progress"] == round(page.context["progress"])
    assert f"{data['progress']} % genomfört" in page.text
    assert (
        data["latest_followup"]
        == old["latest_followup"]
        == {
            "cadence": "half_yearly",
            "year": 2021,
            "number": 2,
            "name": "2021 halvår 2",
            "start": "2021-07-01",
            "end": "2021-12-31",
        }
    )
    assert [c["latest_status"] for c in data["commitments"]] == [
        c["latest_status"] for c in old["commitments"]
    ]
    assert [c["latest_progress"] for c in data["commitments"]] == [
        c["latest_progress"] for c in old["commitments"]
    ]
    assert data["commitments"][0]["latest_status_label"] == "pågår"
    assert data["url"] == "http://testserver" + promise.get_absolute_url()


def test_a_document_carries_its_whole_content(client):
    promise = build_promise(commitments=3, followups=1)
    data = client.get(reverse("opendata:promise-detail", args=[promise.pk])).json()
    assert data["title"] == promise.title
    assert data["municipality"] == {"code": "0428", "name": "Vingåker", "slug": "vingaker"}
    assert data["county"]["code"] == "04"
    assert data["police_area"]["slug"] == "lokalpolisomrade-katrineholm"
    assert (data["valid_from"], data["valid_until"]) == ("2021-01-01", "2024-12-31")
    assert [(s["kind"], s["heading"]) for s in data["sections"]] == [
        (s.kind, s.heading) for s in promise.sections.all()
    ]
    # The fields from before sections: the text of the sections of that kind.
    assert data["situation"] == promise.sections.get(kind="situation").body
    assert data["effects"] == promise.sections.get(kind="effects").body
    assert data["followup_plan"] == promise.sections.get(kind="followup_plan").body
    assert [p["name"] for p in data["parties"]] == ["Vingåkers kommun", promise.police_area.name]
    assert data["commitments"][0]["lead_in"] == "Polisen lovar att:"
    assert data["sources"] == [
        {
            "kind": "safety_survey",
            "kind_label": "trygghetsmätning",
            "description": "Trygghetsmätningen visar oro i centrum.",
        }
    ]
    assert data["places"][0]["latitude"] == pytest.approx(59.04516)
    assert [s["name"] for s in data["signatories"]] == ["Anna Andersson", "Per Polis"]
    assert [c["party"] for c in data["commitments"]] == ["police", "municipality", "joint"]
    assert data["commitments"][0]["focus_areas"] == ["trafik"]
    assert data["phase"] == "ended"


def test_a_withdrawn_document_is_public_but_not_the_signed_one_it_replaced(client):
    signed = build_promise(state=CitizenPromise.State.SIGNED)
    newer = build_promise(replaces=signed)
    data = client.get(reverse("opendata:promise-detail", args=[newer.pk])).json()
    assert data["replaces"] is None
    withdrawn = build_promise(state=CitizenPromise.State.WITHDRAWN)
    data = client.get(reverse("opendata:promise-detail", args=[withdrawn.pk])).json()
    assert (data["state"], data["phase"]) == ("withdrawn", "withdrawn")
    assert data["withdrawal_reason"] == "Ersatt av ett nytt löfte."


def test_every_answer_carries_the_licence(client):
    promise = build_promise()
    for url in [
        reverse("opendata:promise-list"),
        reverse("opendata:promise-detail", args=[promise.pk]),
        reverse("opendata:municipality-list"),
        reverse("opendata:promise-detail", args=[999999]),
        reverse("opendata:promise-list") + "?lan=x",
    ]:
        response = client.get(url)
        assert response["Link"] == LICENCE_LINK, url
    assert api(client, "municipality-list")["license"] == LICENCE_URL


def test_the_api_needs_no_session_or_csrf_and_only_reads(client):
    response = client.get(reverse("opendata:promise-list"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    refused = client.post(reverse("opendata:promise-list"), {})
    assert refused.status_code == 405
    assert refused.json() == {"detail": "API:t kan bara läsa: använd GET."}
    detail = reverse("opendata:municipality-detail", args=["vingaker"])
    assert client.delete(detail).status_code == 405
    missing = client.get(reverse("opendata:promise-detail", args=[999999]))
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Finns inte (eller är inte publicerat)."}
    wrong_format = client.get(reverse("opendata:promise-list"), HTTP_ACCEPT="text/html")
    assert wrong_format.status_code == 406
    assert wrong_format.json() == {"detail": "API:t svarar bara i JSON (application/json)."}


# --- Filters, as the pages filter ----------------------------------------------------------------


@pytest.fixture
def two_counties(db):
    """Vingåker (Södermanland, 04; ended) and Stockholm (01; in force today, focus area
    narkotika only)."""
    vingaker = build_promise(commitments=3, followups=1)
    area = PoliceAreaFactory(
        name="Lokalpolisområde Test Stockholm",
        slug="lokalpolisomrade-test-stockholm",
        municipalities=[municipality("0180")],
    )
    stockholm = build_promise(
        commitments=0,
        followups=0,
        municipality=municipality("0180"),
        police_area=area,
        **in_force_today(),
    )
    drugs = FocusAreaFactory(slug="narkotika", name="Narkotika")
    CommitmentFactory(promise=stockholm, text="besöka skolorna").focus_areas.add(drugs)
    return vingaker, stockholm


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"lan": "04"}, "vingaker"),
        ({"lan": "01"}, "stockholm"),
        ({"kommun": "0180"}, "stockholm"),
        ({"kommun": "vingaker"}, "vingaker"),
        ({"lokalpolisomrade": "lokalpolisomrade-test-stockholm"}, "stockholm"),
        ({"fokusomrade": "narkotika"}, "stockholm"),
        ({"fokusomrade": "trafik"}, "vingaker"),
        ({"ar": "2022"}, "vingaker"),
        ({"fas": "pagaende"}, "stockholm"),
        ({"fas": "avslutat"}, "vingaker"),
    ],
)
def test_documents_filter_like_the_pages(client, two_counties, params, expected):
    vingaker, stockholm = two_counties
    wanted = {"vingaker": vingaker, "stockholm": stockholm}[expected]
    assert ids(api(client, "promise-list", **params)) == [wanted.pk]


def test_commitments_filter_by_their_own_focus_area_and_document(client, two_counties):
    vingaker, stockholm = two_counties
    drugs = api(client, "commitment-list", fokusomrade="narkotika")
    assert [row["text"] for row in drugs["results"]] == ["besöka skolorna"]
    assert {row["promise"] for row in api(client, "commitment-list", lan="04")["results"]} == {
        vingaker.pk
    }
    # "police": the police takes part, alone or with others.
    police = api(client, "commitment-list", part="police", medborgarlofte=vingaker.pk)
    assert [row["party"] for row in police["results"]] == ["police", "joint"]
    joint = api(client, "commitment-list", part="joint", medborgarlofte=vingaker.pk)
    assert [row["party"] for row in joint["results"]] == ["joint"]
    done = api(client, "commitment-list", status="done")
    assert [row["latest_status"] for row in done["results"]] == ["done"]


def test_follow_ups_filter_by_their_period(client):
    promise = build_promise(commitments=2, followups=3)
    rows = api(client, "followup-list", ar=2021)["results"]
    assert [(r["year"], r["number"]) for r in rows] == [(2021, 1), (2021, 2)]
    rows = api(client, "followup-list", ar=2022, period=1, kommun="0428")["results"]
    assert [(r["year"], r["number"], r["promise"]) for r in rows] == [(2022, 1, promise.pk)]
    assert api(client, "status-list", ar=2022, period=1)["count"] == 2
    assert api(client, "status-list", ar=2022, period=1, intervall="tertial")["count"] == 0
    assert api(client, "status-list", ar=2022, period=1, intervall="half_yearly")["count"] == 2


def test_reference_data_filters(client, two_counties):
    assert [m["code"] for m in api(client, "municipality-list", lan="04", per_sida=500)["results"]][
        :2
    ] == [
        "0428",
        "0461",
    ]
    assert api(client, "municipality-list", lan="04")["count"] == 9
    stockholm = api(client, "municipality-list", q="stockh")["results"]
    assert [(m["code"], m["has_current_promise"]) for m in stockholm] == [("0180", True)]
    # Stockholm is split between several areas: the shipped register's and the test's own.
    areas = {a["slug"] for a in api(client, "police-area-list", kommun="0180")["results"]}
    assert {"lokalpolisomrade-test-stockholm", "lokalpolisomrade-jarva"} <= areas
    assert "lokalpolisomrade-katrineholm" not in areas
    traffic = client.get(reverse("opendata:focus-area-detail", args=["trafik"])).json()
    assert traffic["published_commitment_count"] == 3


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"lan": "Södermanland"}, "lan", "tvåsiffriga länskod"),
        ({"ar": "tjugo"}, "ar", "heltal"),
        ({"ar": "1999"}, "ar", "2000"),
        ({"fas": "snart"}, "fas", "giltigt alternativ"),
        ({"kommun": "Vingåker"}, "kommun", "kommunkod"),
    ],
)
def test_a_bad_filter_value_says_what_is_expected(client, params, field, message):
    response = client.get(reverse("opendata:promise-list"), params)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


# --- Pages of rows -------------------------------------------------------------------------------


def test_lists_come_in_pages(client):
    data = api(client, "municipality-list")
    assert data["count"] == 290
    assert len(data["results"]) == 50
    assert data["next"].endswith("sida=2")
    last = api(client, "municipality-list", sida=6)
    assert len(last["results"]) == 40 and last["next"] is None
    assert len(api(client, "municipality-list", per_sida=300)["results"]) == 290
    response = client.get(reverse("opendata:municipality-list"), {"sida": 7})
    assert response.status_code == 404
    assert response.json() == {"detail": "Sidan finns inte."}


def test_an_unknown_api_address_answers_in_json(client):
    response = client.get("/api/v1/finns-inte/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Adressen finns inte i API:t."}


# --- A fixed number of queries -------------------------------------------------------------------


def _documents(count, commitments):
    for year in range(count):
        build_promise(
            commitments=commitments,
            followups=2,
            valid_from=datetime.date(2021 + year, 1, 1),
            valid_until=datetime.date(2021 + year, 12, 31),
        )


@pytest.mark.parametrize(
    "name", ["promise-list", "commitment-list", "followup-list", "status-list"]
)
def test_query_count_does_not_grow_with_rows(client, name):
    _documents(1, 3)
    url = reverse(f"opendata:{name}")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    rows = response.json()["count"]
    _documents(4, 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"per_sida": 500})
    assert response.status_code == 200
    assert response.json()["count"] > rows
    assert len(many) == len(few)


@pytest.mark.parametrize("name", ["municipality-list", "police-area-list", "focus-area-list"])
def test_reference_lists_take_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, name
):
    with django_assert_max_num_queries(5):
        response = client.get(reverse(f"opendata:{name}"), {"per_sida": 500})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["0", "501", "många", "²"])
def test_an_unusable_page_size_is_refused(client, value):
    response = client.get(reverse("opendata:municipality-list"), {"per_sida": value})
    assert response.status_code == 400
    assert response.json() == {
        "per_sida": ["Ange antalet rader per sida som ett heltal från 1 till 500."]
    }
