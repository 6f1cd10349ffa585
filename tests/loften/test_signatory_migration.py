"""The data migration of signatories (loften 0010): "polisen" and "kommunen" become the real
organisations' names, and the signing date moves to the document once (the last signature's day
when the signatories signed on different days)."""

import datetime

import pytest

from tests.migrations import migrate_to, vingaker_and_police_area

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("loften", "0009_signatories_decision_attachments")
AFTER = ("loften", "0011_signatory_without_side_and_date")


def test_sides_become_organisations_and_dates_move_to_the_document(reference_data, back_to_latest):
    old = migrate_to([BEFORE])
    CitizenPromise = old.get_model("loften", "CitizenPromise")
    Signatory = old.get_model("loften", "Signatory")
    vingaker, area = vingaker_and_police_area(old)
    documents = []
    for year, dates in ((2023, [(12, 6), (12, 6)]), (2025, [(6, 11), (6, 12)]), (2027, [None])):
        promise = CitizenPromise.objects.create(
            municipality=vingaker,
            police_area=area,
            title=f"Medborgarlöfte {year}",
            valid_from=datetime.date(year, 1, 1),
            valid_until=datetime.date(year, 12, 31),
        )
        for order, (side, day) in enumerate(zip(("municipality", "police"), dates, strict=False)):
            Signatory.objects.create(
                promise=promise,
                name=f"Person {order}",
                title="titel",
                side=side,
                signed_on=datetime.date(year - 1, *day) if day else None,
                order=order,
            )
        documents.append(promise.pk)

    new = migrate_to([AFTER])
    CitizenPromise = new.get_model("loften", "CitizenPromise")
    Signatory = new.get_model("loften", "Signatory")

    assert list(
        Signatory.objects.filter(promise_id=documents[0])
        .order_by("order")
        .values_list("organisation", flat=True)
    ) == ["Vingåkers kommun", "Lokalpolisområde Migrationstest"]
    signed_on = dict(CitizenPromise.objects.values_list("pk", "signed_on"))
    assert signed_on[documents[0]] == datetime.date(2022, 12, 6)  # both on the same day
    assert signed_on[documents[1]] == datetime.date(2024, 6, 12)  # the last signature
    assert signed_on[documents[2]] is None  # no date written: none invented
