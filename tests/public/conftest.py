import datetime

import pytest
from django.utils import timezone

from followup.halfyears import HalfYear
from followup.models import FollowUp, Status
from loften.models import CitizenPromise, Party
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    CommitmentStatusFactory,
    FocusAreaFactory,
    FollowUpFactory,
    PlaceFactory,
    PoliceAreaFactory,
    SignatoryFactory,
    SourceFactory,
    municipality,
)

STATUS_CYCLE = [
    (Status.DONE, ""),
    (Status.IN_PROGRESS, ""),
    (Status.PARTLY_DONE, "Halva sträckan klar; resten i höst."),
    (Status.POSTPONED, "Flyttad på grund av vakanser."),
    (Status.NOT_DONE, "Budgeten räckte inte."),
    (Status.NOT_STARTED, ""),
]


COMMITMENT_TEXTS = [
    "genomföra trafikkontroller på vägarna in mot centrum",
    "ordna en trygghetsvandring i centrum varje höst",
    "ta fram en gemensam plan mot bedrägerier riktade mot äldre",
    "besöka högstadieskolorna och prata om narkotika",
    "förbättra belysningen vid järnvägsstationen",
    "bjuda in invånarna till medborgardialog varje vår",
]


def build_promise(*, commitments=3, followups=1, state=CitizenPromise.State.PUBLISHED, **kwargs):
    """A complete document with commitments of every party and published follow-ups."""
    now = timezone.now()
    public = state in CitizenPromise.PUBLIC_STATES
    area = PoliceAreaFactory(
        name="Lokalpolisområde Katrineholm",
        slug="lokalpolisomrade-katrineholm",
        municipalities=[municipality("0428"), municipality("0483")],
    )
    fields = {
        "police_area": area,
        "state": state,
        "valid_from": datetime.date(2021, 1, 1),
        "valid_until": datetime.date(2024, 12, 31),
        "signed_at": now if state != CitizenPromise.State.DRAFT else None,
        "published_at": now if public else None,
        "withdrawal_reason": "Ersatt av ett nytt löfte."
        if state == CitizenPromise.State.WITHDRAWN
        else "",
    }
    fields.update(kwargs)
    promise = CitizenPromiseFactory(**fields)
    traffic = FocusAreaFactory(slug="trafik", name="Trafik")
    parties = list(Party)
    rows = []
    for i in range(commitments):
        commitment = CommitmentFactory(
            promise=promise,
            party=parties[i % 3],
            order=i,
            text=f"{COMMITMENT_TEXTS[i % len(COMMITMENT_TEXTS)]} (löfte {i + 1})",
            target_number=20 if i % 2 == 0 else None,
            target_unit="kontroller" if i % 2 == 0 else "",
        )
        commitment.focus_areas.add(traffic)
        rows.append(commitment)
    SourceFactory(promise=promise)
    PlaceFactory(promise=promise, latitude="59.04516", longitude="15.87123")
    SignatoryFactory(promise=promise, signed_on=datetime.date(2020, 12, 15))
    SignatoryFactory(
        promise=promise,
        name="Per Polis",
        title="lokalpolisområdeschef",
        side="police",
        signed_on=datetime.date(2020, 12, 16),
    )
    half_year = HalfYear(2021, 1)
    for n in range(followups):
        followup = FollowUpFactory(
            promise=promise,
            year=half_year.year,
            half=half_year.half,
            state=FollowUp.State.PUBLISHED,
            published_at=now,
            summary=f"Sammanfattning för {half_year}.",
        )
        for i, commitment in enumerate(rows):
            status, reason = STATUS_CYCLE[(i + n) % len(STATUS_CYCLE)]
            CommitmentStatusFactory(
                followup=followup,
                commitment=commitment,
                status=status,
                reason=reason,
                achieved_number=5 * (n + 1) if commitment.target_number else None,
            )
        half_year = half_year.next()
    return promise


@pytest.fixture
def published_promise(db):
    return build_promise(commitments=4, followups=2)
