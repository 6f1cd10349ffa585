"""`CitizenPromiseQuerySet.in_phase()` (the open data's `fas` filter) agrees with
`CitizenPromise.phase()` (what the pages say) for every phase."""

import datetime

import pytest

from loften.models import CitizenPromise
from tests.factories import build_promise

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 15)


def test_in_phase_agrees_with_phase():
    documents = [
        build_promise(commitments=0, followups=0),  # 2021–2024: ended
        build_promise(
            commitments=0,
            followups=0,
            valid_from=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2025, 6, 15),  # its last day: ongoing
        ),
        build_promise(
            commitments=0,
            followups=0,
            valid_from=datetime.date(2025, 6, 16),
            valid_until=datetime.date(2026, 12, 31),
        ),
        build_promise(state=CitizenPromise.State.WITHDRAWN, commitments=0, followups=0),
    ]
    assert [d.phase(TODAY) for d in documents] == ["ended", "ongoing", "upcoming", "withdrawn"]
    for phase in ("ended", "ongoing", "upcoming", "withdrawn"):
        found = CitizenPromise.objects.in_phase(phase, TODAY)
        assert [d.pk for d in found] == [d.pk for d in documents if d.phase(TODAY) == phase]
    with pytest.raises(ValueError):
        CitizenPromise.objects.in_phase("soon")
