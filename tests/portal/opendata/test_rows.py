"""The API's hot rows are written out by hand (a list of documents has a thousand löften): they
must give exactly what DRF's generic serialisation of the declared fields gives, which is also
what the OpenAPI schema describes. And a cached answer is the same answer, rendered once."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request

from followup.models import FollowUp, Status
from followup.periods import Period
from loften.models import CitizenPromise, Commitment
from portal.opendata import querysets
from portal.opendata import serializers as rows
from tests.factories import (
    AmendmentFactory,
    CircumstanceFactory,
    CitizenPromiseFactory,
    CommitmentStatusFactory,
    FocusAreaFactory,
    LocalFocusAreaFactory,
    build_promise,
    in_force_today,
)
from tests.factories import approved_amendment as amend

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied():
    """A document whose löften have everything a row shows: an approved amendment beside a
    proposed one, an own focus area mapped to a national one, a recurring löfte with a count,
    measures with and without a value, and löften of every party."""
    promise = build_promise(commitments=4, followups=2, **in_force_today())
    first, second, third, _fourth = promise.commitments.in_document_order()
    amend(first, reason="Parterna förlänger löftet.", ends_on=_extended())
    AmendmentFactory(commitment=first, reason="Bara föreslaget.")
    national = FocusAreaFactory(slug="narkotika", name="Narkotika")
    local = LocalFocusAreaFactory(promise=promise, name="Tryggare skolväg")
    local.national_focus_areas.add(national)
    second.local_focus_areas.add(local)
    Commitment.objects.filter(pk=third.pk).update(
        rate_target=2, rate_per="week", rate_counted="trygghetsvandringar"
    )
    latest = FollowUp.objects.filter(promise=promise).order_by("-year", "-number").first()
    latest.statuses.filter(commitment=third).update(count=9)
    return promise


def _extended():
    return datetime.date(timezone.localdate().year + 1, 6, 30)


def _context():
    return rows.serializer_context(Request(RequestFactory().get("/api/v1/")))


def _generic(serializer, instance):
    """What DRF itself writes for the serializer's declared fields."""
    return serializers.ModelSerializer.to_representation(serializer, instance)


def test_a_documents_loften_are_written_as_drf_writes_them(varied):
    promise = querysets.promises().get(pk=varied.pk)
    serializer = rows.PromiseSerializer(context=_context()).fields["commitments"].child
    written = [serializer.to_representation(c) for c in promise.commitments.all()]
    assert written == [_generic(serializer, c) for c in promise.commitments.all()]
    # And they hold what the fixture made, so that the comparison compares something.
    first, second, third, _fourth = written
    assert [a["reason"] for a in first["amendments"]] == ["Parterna förlänger löftet."]
    assert first["ends_on"] == _extended().isoformat()
    assert second["local_focus_areas"] == [varied.local_focus_areas.get().pk]
    assert second["focus_areas"] == ["narkotika", "trafik"]
    assert (third["rate"]["count"], third["rate"]["per"]) == (9, "week")
    assert first["measures"][0]["value"] == 10
    assert {row["party"] for row in written} == {"police", "municipality", "joint"}
    assert first["latest_followup"]["name"] == f"{timezone.localdate().year - 1} halvår 2"


def test_a_loeftes_parties_are_read_from_the_list_prefetched_with_it(varied):
    """Open data reads each löfte's parties once, as a list (`Commitment.party_rows`), not
    through a related manager for every field that names them; writing the rows queries
    nothing more."""
    serializer = rows.CommitmentSerializer(context=_context())
    found = list(querysets.commitments().filter(promise=varied))
    with CaptureQueriesContext(connection) as queries:
        for commitment in found:
            assert commitment.party_rows() is commitment.party_list
            written = serializer.to_representation(commitment)
            assert written["parties"] == [party.pk for party in commitment.party_list]
            assert written["party_names"] == ", ".join(p.name for p in commitment.party_list)
    assert len(queries) == 0


def test_a_loefte_on_its_own_is_written_as_drf_writes_it(varied):
    serializer = rows.CommitmentSerializer(context=_context())
    found = list(querysets.commitments().filter(promise=varied))
    assert len(found) == 4
    for commitment in found:
        written = serializer.to_representation(commitment)
        assert written == _generic(serializer, commitment)
        assert list(written) == rows.CommitmentSerializer.Meta.fields


def test_a_document_without_follow_ups_has_no_latest_period(db):
    build_promise(commitments=2, followups=0)
    promise = querysets.promises().get()
    serializer = rows.PromiseSerializer(context=_context())
    data = serializer.to_representation(promise)
    assert data["latest_followup"] is None
    assert [c["latest_followup"] for c in data["commitments"]] == [None, None]
    assert data["commitments"] == [
        _generic(serializer.fields["commitments"].child, c) for c in promise.commitments.all()
    ]


def test_status_rows_are_written_as_drf_writes_them(varied):
    latest = FollowUp.objects.filter(promise=varied).order_by("-year", "-number").first()
    joint = varied.commitments.get(parties__kind="municipality", group__order=2)
    latest.statuses.filter(commitment=joint).delete()
    for party in joint.parties.all():
        CommitmentStatusFactory(followup=latest, commitment=joint, party=party, comment="Del.")
    circumstance = CircumstanceFactory(followup=latest)
    latest.statuses.filter(commitment__order=0).update(
        status=Status.NOT_DONE, reason="", circumstance=circumstance
    )

    followups = rows.FollowUpSerializer(context=_context())
    statuses = followups.fields["statuses"].child
    found = [row for f in querysets.followups().filter(promise=varied) for row in f.statuses.all()]
    assert [statuses.to_representation(row) for row in found] == [
        _generic(statuses, row) for row in found
    ]
    alone = rows.StatusSerializer(context=_context())
    written = [
        alone.to_representation(row)
        for row in querysets.statuses().filter(followup__promise=varied)
    ]
    assert written == [
        _generic(alone, row) for row in querysets.statuses().filter(followup__promise=varied)
    ]
    assert list(written[0]) == rows.StatusSerializer.Meta.fields
    assert {row["party"]["kind"] for row in written if row["party"]} == {
        "municipality",
        "police_area",
    }
    assert [row["circumstance"]["title"] for row in written if row["circumstance"]] == ["Pandemin"]
    assert any(row["rate"] and row["rate"]["count"] == 9 for row in written)


@pytest.mark.parametrize("cadence", CitizenPromise.Cadence.values)
def test_a_period_reads_as_its_serializer_writes_it(cadence):
    promise = CitizenPromiseFactory(cadence=cadence)
    for period in Period.between(promise):
        assert period.as_json() == rows.PeriodSerializer(period).data


def test_labels_follow_the_language(client, varied):
    url = reverse("opendata:commitment-list")
    swedish = client.get(url).json()["results"][0]["latest_status_label"]
    english = client.get("/en" + url).json()["results"][0]["latest_status_label"]
    assert (swedish, english) == ("pågår", "in progress")


def test_a_cached_answer_is_the_same_answer_rendered_once(client, varied):
    url = reverse("opendata:promise-list")
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.content == first.content
    assert len(queries) == 0
    # The format asked for is part of the key: an indented answer is rendered for itself.
    indented = client.get(url, HTTP_ACCEPT="application/json; indent=2")
    assert indented.status_code == 200
    assert indented.content.startswith(b'{\n  "license"')
    assert indented.json() == first.json()
