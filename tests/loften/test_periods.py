"""A validity period of whole calendar years is written as years, never "2024–2024": in the PDF
header and in the PDF's file name."""

import datetime

import pytest

from loften.pdf import promise_pdf
from loften.pdf.gather import gather_promise_document
from loften.periods import period_label, period_slug
from tests.factories import make_promise

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "label", "slug"),
    [
        (D(2024, 1, 1), D(2024, 12, 31), "2024", "2024"),
        (D(2023, 1, 1), D(2024, 12, 31), "2023–2024", "2023-2024"),
        (D(2025, 7, 1), D(2026, 6, 30), "2025-07-01 – 2026-06-30", "2025-07-01-2026-06-30"),
        (D(2024, 1, 1), D(2024, 6, 30), "2024-01-01 – 2024-06-30", "2024-01-01-2024-06-30"),
    ],
)
def test_a_period_is_written_as_years_when_it_is_whole_years(start, end, label, slug):
    assert period_label(start, end) == label
    assert period_slug(start, end) == slug


@pytest.mark.django_db
@pytest.mark.usefixtures("pdf_storage")
def test_a_one_year_document_is_2024_in_the_pdf_and_its_file_name():
    promise = make_promise(valid_from=D(2024, 1, 1), valid_until=D(2024, 12, 31))

    assert gather_promise_document(promise).period == "2024"
    stored = promise_pdf(promise)
    assert stored.filename.endswith(f"-2024-{promise.pk}.pdf")
    assert "2024-2024" not in stored.filename
