import pytest

from followup.models import CommitmentStatus, Status
from followup.progress import STATUS_PROGRESS, average_progress, progress_of, status_progress
from loften.models import CitizenPromise
from tests.public.conftest import build_promise

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
    annotated = {p.pk: p for p in CitizenPromise.objects.with_progress()}
    for promise in (first, second):
        latest = promise.followups.order_by("-year", "-half").first()
        statuses = list(latest.statuses.values_list("status", flat=True))
        assert round(annotated[promise.pk].progress) == progress_of(statuses)
        assert annotated[promise.pk].latest_followup_pk == latest.pk
        assert average_progress(CommitmentStatus.objects.filter(followup=latest)) == progress_of(
            statuses
        )
    assert round(annotated[first.pk].progress) != round(annotated[second.pk].progress)
