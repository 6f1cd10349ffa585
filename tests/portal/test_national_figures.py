"""The country's stored figures (`portal.national`): exactly what computing them gives, right
at once after every kind of change, read in one query, never kept when computed from data that
changed meanwhile."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.models import CommitmentStatus, FollowUp, Status
from loften.models import CitizenPromise, FocusArea
from municipalities.models import County
from portal import national
from portal.demo import national as generated
from portal.models import NationalFigures
from tests.factories import (
    CommitmentStatusFactory,
    FollowUpFactory,
    build_promise,
    in_force_today,
)

pytestmark = pytest.mark.django_db


def fresh(today=None):
    """The figures as computed from the data now, beside the stored ones."""
    today = today or timezone.localdate()
    return national.stored(today), national.compute(today)


def test_stored_figures_are_exactly_the_computed_ones_for_the_whole_country():
    today = datetime.date(2026, 12, 4)
    generated.generate(2, today=today, log=lambda line: None)

    stored, computed = fresh(today)

    assert stored == computed
    assert stored["start_page"]["municipalities"] > 200
    assert stored["by_county"] and stored["by_focus_area"]
    with CaptureQueriesContext(connection) as context:
        assert national.stored(today) == computed
    assert len(context) == 1  # the stored row


def test_the_generator_and_its_removal_make_the_figures_be_computed_again():
    today = datetime.date(2026, 12, 4)
    before = national.stored(today)

    generated.generate(1, today=today, log=lambda line: None)
    assert national.stored(today) == national.compute(today) != before

    generated.remove()
    assert national.stored(today) == before


def published_followup(promise, year, number, status=Status.DONE):
    followup = FollowUpFactory(
        promise=promise,
        year=year,
        number=number,
        state=FollowUp.State.PUBLISHED,
        published_at=timezone.now(),
    )
    for commitment in promise.commitments.all():
        CommitmentStatusFactory(followup=followup, commitment=commitment, status=status)
    return followup


def test_every_change_shows_at_once():
    promise = build_promise(commitments=2, followups=0, **in_force_today())
    year = promise.valid_from.year
    published_followup(promise, year, 1, Status.NOT_STARTED)
    stored, computed = fresh()
    assert stored == computed and stored["start_page"]["progress"] == 0

    published_followup(promise, year, 2, Status.DONE)  # a follow-up published
    stored, computed = fresh()
    assert stored == computed and stored["start_page"]["progress"] == 100

    County.objects.filter(pk=promise.municipality.county_id).update(name="Ändrat län")
    County.objects.get(pk=promise.municipality.county_id).save()  # reference data edited
    stored, computed = fresh()
    assert stored == computed and stored["by_county"][0][0] == "Ändrat län"

    area = FocusArea.objects.order_by("pk").first()
    promise.commitments.first().focus_areas.set([area])  # tags changed
    stored, computed = fresh()
    assert stored == computed

    promise.state = CitizenPromise.State.WITHDRAWN  # the document withdrawn
    promise.withdrawal_reason = "Ersatt."
    promise.save()
    stored, computed = fresh()
    assert stored == computed and stored["start_page"]["municipalities"] == 0


def test_a_new_day_computes_the_figures_again():
    promise = build_promise(commitments=2, followups=0, **in_force_today())
    published_followup(promise, promise.valid_from.year, 1)
    today = timezone.localdate()
    national.stored(today)

    after_the_end = promise.valid_until + datetime.timedelta(days=1)
    assert national.stored(after_the_end) == national.compute(after_the_end)
    assert national.stored(after_the_end)["start_page"]["commitments"] == 0


def test_figures_computed_from_data_that_changed_meanwhile_are_not_kept(monkeypatch):
    promise = build_promise(commitments=2, followups=0, **in_force_today())
    original = national.compute

    def compute_while_someone_publishes(today):
        result = original(today)
        published_followup(promise, promise.valid_from.year, 1)  # counts the generation up
        return result

    monkeypatch.setattr(national, "compute", compute_while_someone_publishes)
    national.stored()
    monkeypatch.setattr(national, "compute", original)

    row = NationalFigures.objects.get()
    assert row.computed_generation != row.generation
    stored, computed = fresh()
    assert stored == computed and stored["start_page"]["progress"] == 100


def test_computing_takes_as_many_queries_with_many_documents_as_with_one():
    promise = build_promise(commitments=2, followups=0, **in_force_today())
    published_followup(promise, promise.valid_from.year, 1)
    with CaptureQueriesContext(connection) as small:
        national.compute(timezone.localdate())
    for _ in range(3):
        other = build_promise(commitments=5, followups=0, **in_force_today())
        published_followup(other, other.valid_from.year, 1, Status.IN_PROGRESS)
    with CaptureQueriesContext(connection) as large:
        national.compute(timezone.localdate())
    assert len(large) == len(small)
    assert CommitmentStatus.objects.count() == 17


def test_the_list_of_focus_areas_shows_each_areas_published_löften_as_counted_now(client):
    promise = build_promise(commitments=4)  # its löften are in Trafik
    build_promise(commitments=2, state=CitizenPromise.State.DRAFT)  # not counted
    url = reverse("loften:focus_area_list")

    def shown_and_counted():
        text = client.get(url).text
        shown = {
            area.slug: int(
                re.search(
                    rf'href="{area.get_absolute_url()}".*?<span class="small">(\d+) löft',
                    text,
                    re.DOTALL,
                ).group(1)
            )
            for area in FocusArea.objects.active()
        }
        counted = dict(
            FocusArea.objects.active()
            .with_published_commitment_count()
            .values_list("slug", "commitment_count")
        )
        return shown, counted

    shown, counted = shown_and_counted()
    assert shown == counted and counted["trafik"] == 4

    area = FocusArea.objects.exclude(slug="trafik").order_by("pk").first()
    promise.commitments.first().focus_areas.add(area)  # a löfte tagged: shown at once
    shown, counted = shown_and_counted()
    assert shown == counted and counted[area.slug] == 1
    with CaptureQueriesContext(connection) as context:
        client.get(url + "?igen")  # drawn again: the counts come from the stored row
    assert not any("loften_commitment" in q["sql"] for q in context.captured_queries)


def test_figures_stored_by_an_earlier_release_are_computed_again():
    """A row stored before `national.VERSION` changed lacks what the pages now read."""
    build_promise(**in_force_today())
    today = timezone.localdate()
    computed = national.stored(today)
    row = NationalFigures.objects.get()
    NationalFigures.objects.filter(pk=row.pk).update(data={"start_page": computed["start_page"]})

    assert national.stored(today) == computed
    assert NationalFigures.objects.get().data["version"] == national.VERSION
