import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import CommitmentStatus, Status
from followup.pdf import gather_followup_report
from followup.progress import STATUS_PROGRESS, average_progress, progress_of, status_progress
from followup.selectors import promises_with_progress
from loften.models import CitizenPromise
from tests.factories import UserFactory, build_promise

pytestmark = pytest.mark.django_db


def test_the_table_is_the_one_in_the_issue():
    assert {s.value: status_progress(s) for s in Status} == {
        "not_started": 0,
        "in_progress": 25,
        "done": 100,
        "partly_done": 50,
        "not_done": 0,
        "postponed": 0,
    }
    assert set(STATUS_PROGRESS) <= set(Status)


def test_progress_of_rounds_and_handles_nothing():
    assert progress_of([Status.DONE, Status.IN_PROGRESS, Status.NOT_DONE]) == 42
    assert progress_of([]) is None


def test_database_figure_equals_python_figure_per_document():
    """Each document gets its own latest follow-up's figure (not a neighbour's)."""
    first = build_promise(commitments=6, followups=1)
    second = build_promise(commitments=2, followups=3, title="Andra löftet")
    annotated = {p.pk: p for p in promises_with_progress(CitizenPromise.objects.all())}
    for promise in (first, second):
        latest = promise.followups.order_by("-year", "-half").first()
        statuses = list(latest.statuses.values_list("status", flat=True))
        assert round(annotated[promise.pk].progress) == progress_of(statuses)
        assert annotated[promise.pk].latest_followup_pk == latest.pk
        assert average_progress(CommitmentStatus.objects.filter(followup=latest)) == progress_of(
            statuses
        )
    assert round(annotated[first.pk].progress) != round(annotated[second.pk].progress)


def test_the_same_figure_on_the_page_in_the_admin_in_the_api_and_in_the_pdf(client):
    """One document, one figure: the public page, both admin lists, the JSON API and the
    follow-up PDF all show the latest published follow-up's progress from the one table."""
    promise = build_promise(commitments=7, followups=3)
    latest = promise.followups.order_by("-year", "-half").first()
    expected = progress_of(latest.statuses.values_list("status", flat=True))
    assert expected == 32  # 225 / 7: not a round number, so any other rounding would show

    page = client.get(promise.get_absolute_url()).text
    api = client.get(reverse("loften:api_promise", args=[promise.municipality.slug, promise.pk]))
    client.force_login(UserFactory(is_superuser=True))
    promises = client.get(reverse("admin:loften_citizenpromise_changelist")).text
    followups = client.get(reverse("admin:followup_followup_changelist")).text

    assert f"{expected} % genomfört" in page
    assert api.json()["progress"] == expected
    assert f'<td class="field-progress_display">{expected} %</td>' in promises
    assert f'<td class="field-progress_display">{expected} %</td>' in followups
    assert gather_followup_report(latest).progress == expected


def test_admin_list_sorts_by_progress(client):
    higher = build_promise(commitments=6, followups=1, title="29 procent")
    lower = build_promise(commitments=2, followups=3, title="25 procent")
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("admin:loften_citizenpromise_changelist")
    listing = client.get(url, {"o": "7"})  # the seventh column, "genomfört"
    assert [round(p.progress) for p in listing.context["cl"].result_list] == [25, 29]
    assert [p.pk for p in listing.context["cl"].result_list] == [lower.pk, higher.pk]
    listing = client.get(url, {"o": "-7"})
    assert [p.pk for p in listing.context["cl"].result_list] == [higher.pk, lower.pk]


def test_admin_lists_query_counts_do_not_grow_with_the_documents(client):
    client.force_login(UserFactory(is_superuser=True))
    counts = []
    for size in (1, 6):
        while CitizenPromise.objects.count() < size:
            build_promise(
                commitments=3, followups=2, title=f"Löfte {CitizenPromise.objects.count()}"
            )
        queries = []
        for name in (
            "admin:loften_citizenpromise_changelist",
            "admin:followup_followup_changelist",
        ):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name)).status_code == 200
            queries.append(len(captured))
        counts.append(queries)
    assert counts[0] == counts[1]
