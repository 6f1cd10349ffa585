"""The PDF says only what the document says, under neutral labels: no sentence of the portal's
own. The test renders a document's print HTML and takes away, from every piece of text, the
document's own words and the labels below; whatever words are left were invented. The follow-up
report's list of amendments keeps to the same rule: the amendments' own words under labels."""

import datetime
import re
from html.parser import HTMLParser

import pytest

from followup.pdf import gather_followup_report
from loften.models import CitizenPromise
from loften.pdf import renderer
from loften.pdf.gather import gather_promise_document
from tests.factories import (
    AttachmentFactory,
    approved_amendment,
    build_promise,
    in_force_today,
    make_promise,
)

pytestmark = pytest.mark.django_db

#: Neutral labels: headings, field names, dates and the signature's metadata.
LABELS = [
    "Medborgarlöfte",
    "Kommun",
    "Lokalpolisområde",
    "Giltighetstid",
    "Antal löften",
    "Parter",
    # What a section shows after its text, or after the sections when none shows it.
    "Underlag för lägesbilden",
    "Platser",
    "Fokusområden",
    "Löften",
    "Fokusområde",
    "Mål",
    "Underskrifter",
    "Undertecknat den",
    "sida",  # "sida X av Y", the page number (the numbers come from CSS)
    "av",
    "Inte undertecknat",
    "Inga undertecknare är angivna.",
    "Dokumentet namnger inga undertecknare.",
    "Diarienummer",
    "Beslutat av",
    "Beslutsdatum",
    "Bilagor",
    "Löftena finns i bilaga",
    # The follow-up report's amendments of löften.
    "Ändringar under löptiden",
    "Gäller från",
    "Godkänd",
    "Löfte",
    "Ändring (före → efter)",
    "Skäl",
    "den",  # "Vingåker den 12 mars 2023", the signing place and date
    "Inte digitalt undertecknat",
    "Den här filen är inte digitalt undertecknad: portalen hade inget certifikat för underskrifter "
    "när den skapades. Dess äkthet kan därför inte kontrolleras under ”Verifiera dokument”.",
    "Digital underskrift",
    "Dokumentet är digitalt undertecknat med portalens certifikat (PAdES). Underskriften gäller "
    "bara så länge filen är oförändrad. Kontrollera äktheten under ”Verifiera dokument” på "
    "portalen.",
    *[
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.pieces = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script", "title")

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skip:
            self.pieces.append(text)


def _values(document):
    """Every text the document itself holds, longest first."""
    values = []

    def collect(value):
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, tuple | list):
            for item in value:
                collect(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                collect(getattr(value, name))

    collect(document)
    values += [document.period, str(document.commitment_count)]
    pieces = {" ".join(v.split()) for v in values if v and v.strip()}
    return sorted(pieces | {p.capitalize() for p in pieces}, key=len, reverse=True)


def invented(html, document):
    parser = _Text()
    parser.feed(html)
    known = [*_values(document), *sorted(LABELS, key=len, reverse=True)]
    left = []
    for piece in parser.pieces:
        for text in known:
            piece = piece.replace(text, " ")
        words = re.findall(r"[^\W\d_]{2,}", piece)
        if words:
            left.append(" ".join(words))
    return left


@pytest.mark.parametrize("signed", [False, True])
def test_the_pdf_holds_no_sentence_the_document_does_not_say(signed):
    document = gather_promise_document(make_promise())
    html = renderer.render_html(
        "print/citizen_promise.html", {"document": document, "signed": signed, "version": "test"}
    )

    assert invented(html, document) == []


@pytest.mark.parametrize("signed", [False, True])
def test_nor_with_metadata_attachments_and_no_signatories(signed):
    promise = make_promise(
        case_number="KS 2022/123",
        decided_by="Kommunstyrelsen",
        decided_on=datetime.date(2023, 2, 27),
        signed_place="Vingåker",
        signed_on=datetime.date(2023, 3, 12),
        commitments_in_attachment=True,
    )
    promise.signatories.all().delete()
    CitizenPromise.objects.filter(pk=promise.pk).update(names_no_signatories=True)
    AttachmentFactory(promise=promise, title="Handlingsplan för trygghet")
    document = gather_promise_document(promise)
    html = renderer.render_html(
        "print/citizen_promise.html", {"document": document, "signed": signed, "version": "test"}
    )

    assert "Dokumentet namnger inga undertecknare." in html
    assert "Vingåker den 12 mars 2023" in html
    assert invented(html, document) == []


def test_the_check_finds_a_sentence_of_the_portals_own():
    document = gather_promise_document(make_promise())
    html = "<p>Vi lovar att följa upp det varje halvår.</p>"

    assert invented(html, document) == ["Vi lovar att följa upp det varje halvår"]


def test_the_follow_up_reports_amendments_are_in_their_own_words():
    promise = build_promise(commitments=2, followups=2, **in_force_today())
    approved_amendment(
        promise.commitments.first(),
        reason="Kontrollerna gav effekt.",
        text="genomföra trafikkontroller varje vecka",
        ends_on=datetime.date(promise.valid_until.year + 1, 6, 30),
    )
    report = gather_followup_report(promise.followups.order_by("year", "number").last())
    html = renderer.render_html("print/followup.html", {"document": report, "version": "test"})
    section = re.search(r'<section class="statuses amendments".*?</section>', html, re.S)

    assert "genomföra trafikkontroller varje vecka" in section.group()
    assert "Kontrollerna gav effekt." in section.group()
    assert invented(section.group(), report) == []
