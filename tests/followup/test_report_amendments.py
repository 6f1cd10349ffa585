"""A follow-up report lists the amendments of its löften in force by the end of its period: on
its page and in its PDF the same, each with its löfte, what changed (before → after), why and
from when; a proposal that no party has approved yet never shows."""

import datetime

import pytest

from followup.pdf import followup_pdf
from loften import services
from tests.factories import build_promise, in_force_today, party_editors
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

EARLY = "Kontrollerna behövs även efter sommaren."
LATE = "Skolorna bad om fler besök."
PROPOSED = "Ett förslag som ingen har godkänt."


@pytest.fixture
def amended():
    """A running document with follow-ups of its first two half-years; a löfte amended in
    the first, another in the second, and a third only proposed."""
    promise = build_promise(commitments=3, followups=2, **in_force_today())
    first, second, third = promise.commitments.order_by("order")
    year = promise.valid_from.year
    kommun, polis = party_editors(promise)

    def propose(commitment, reason, effective_from, **values):
        return services.amendment_propose(
            commitment=commitment,
            user=kommun,
            values=values,
            reason=reason,
            effective_from=effective_from,
        )

    for commitment, reason, day, ends_on in (
        (first, EARLY, datetime.date(year, 3, 1), datetime.date(year + 2, 6, 30)),
        (second, LATE, datetime.date(year, 10, 1), datetime.date(year + 2, 3, 31)),
    ):
        amendment = propose(commitment, reason, day, ends_on=ends_on)
        services.amendment_approve(amendment=amendment, user=polis)
    propose(third, PROPOSED, datetime.date(year, 2, 1), ends_on=datetime.date(year + 2, 1, 31))
    first_half, second_half = promise.followups.order_by("year", "number")
    return promise, first_half, second_half


def change(ends_on, label="Period:"):
    return f"{label} medborgarlöftets giltighetstid → till {ends_on}"


def test_the_page_lists_the_amendments_in_force_by_the_end_of_its_period(client, amended):
    promise, first_half, second_half = amended
    year = promise.valid_from.year
    early = client.get(first_half.get_absolute_url())
    assert early.status_code == 200
    assert "Ändringar under löptiden" in early.text
    assert EARLY in early.text
    assert change(f"{year + 2}-06-30", "<strong>Period:</strong>") in early.text
    assert f"gäller från {year}-03-01" in early.text
    assert LATE not in early.text  # in effect only after this period

    late = client.get(second_half.get_absolute_url()).text
    assert EARLY in late and LATE in late
    assert late.index(EARLY) < late.index(LATE)  # in the order they took effect
    for page in (early.text, late):
        assert PROPOSED not in page and f"{year + 2}-01-31" not in page


@pytest.mark.usefixtures("pdf_storage")
def test_the_pdf_lists_the_same_amendments(amended):
    promise, first_half, second_half = amended
    year = promise.valid_from.year
    early = " ".join(pdf_text(followup_pdf(first_half).read()).replace("\u2010 ", "").split())
    assert "Ändringar under löptiden" in early
    assert EARLY in early and change(f"{year + 2}-06-30") in early
    assert f"{year}-03-01" in early
    assert LATE not in early

    late = " ".join(pdf_text(followup_pdf(second_half).read()).replace("\u2010 ", "").split())
    assert EARLY in late and LATE in late
    assert change(f"{year + 2}-03-31") in late
    for text in (early, late):
        assert PROPOSED not in text and f"{year + 2}-01-31" not in text


def test_a_report_without_amendments_has_no_such_section(client):
    promise = build_promise(commitments=3, followups=1)
    followup = promise.followups.get()
    assert "Ändringar under löptiden" not in client.get(followup.get_absolute_url()).text
