"""The medborgarlöfte PDF: its contents, archival and accessibility markers, safe rendering, and
that a content version is rendered once."""

import io
import re
import socket
import threading
from unittest import mock

import pikepdf
import pytest
from pypdf import PdfReader

from followup.models import FollowUp, Status
from followup.pdf import followup_pdf
from followup.progress import table_in_words
from loften.models import CitizenPromise
from loften.pdf import fetcher, promise_pdf, renderer
from loften.pdf.gather import gather_promise_document
from tests.factories import COMMITMENTS, CommitmentStatusFactory, FollowUpFactory, make_promise

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_storage")]


def pdf_text(data):
    """All text of a PDF, read back with pypdf, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def page_texts(data):
    return [
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages
    ]


def test_pdf_contains_every_commitment_signatory_and_the_period(promise):
    text = pdf_text(promise_pdf(promise).read())

    for _party, commitment in COMMITMENTS:
        assert commitment in text
    for name in ("Karin Sjöberg", "Mikael Berglund"):
        assert name in text
    assert "Kommunstyrelsens ordförande" in text
    assert "Lokalpolisområdeschef" in text
    assert "Undertecknat den 9 december 2024" in text
    assert "(2025–2026)" in text
    assert "1 januari 2025 – 31 december 2026" in text
    assert "Lägesbild" in text and "Invånarna känner sig otrygga vid stationen." in text


def test_commitments_are_grouped_by_party_police_municipality_joint(promise):
    text = pdf_text(promise_pdf(promise).read())

    headings = ["Polisen lovar att", "Kommunen lovar att", "Polisen och kommunen lovar gemensamt"]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    police, municipality, joint = positions
    assert police < text.index(COMMITMENTS[1][1]) < municipality
    assert municipality < text.index(COMMITMENTS[3][1]) < joint
    assert joint < text.index(COMMITMENTS[4][1])


def test_header_names_both_parties_and_every_page_is_numbered_sida_x_av_y(promise):
    pages = page_texts(promise_pdf(promise).read())

    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"sida {number} av {len(pages)}" in text
        assert "Vingåkers kommun" in text
        assert promise.police_area.name in text


def test_signature_page_is_last_with_each_signatory_and_the_signing_date_once(promise):
    last_page = page_texts(promise_pdf(promise).read())[-1]

    assert "Underskrifter" in last_page
    assert "Karin Sjöberg Kommunstyrelsens ordförande Vingåkers kommun" in last_page
    assert f"Mikael Berglund Lokalpolisområdeschef {promise.police_area.name}" in last_page
    assert last_page.count("Undertecknat den 9 december 2024") == 1  # once per document


def test_without_a_certificate_the_pdf_is_unsigned_and_says_so_on_its_last_page(promise):
    stored = promise_pdf(promise)
    data = stored.read()

    assert stored.signed is False
    assert "Inte digitalt undertecknat" in page_texts(data)[-1]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/AcroForm" not in pdf.Root


def test_pdf_is_tagged_pdfa_in_swedish_with_title_and_author(promise):
    with pikepdf.open(io.BytesIO(promise_pdf(promise).read())) as pdf:
        metadata = pdf.open_metadata()
        assert metadata.pdfa_status == "2A"
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "sv"
        assert str(pdf.docinfo["/Title"]) == promise.title
        assert "Vingåkers kommun" in str(pdf.docinfo["/Author"])
        assert metadata["dc:title"] == promise.title
        assert f"medborgarlofte:{promise.pk}" in str(pdf.docinfo["/Keywords"])


def embedded_fonts(pdf):
    """(BaseFont, has an embedded font file) for every font used on any page or annotation."""
    found = {}

    def visit(resources):
        for font in (resources.get("/Font") or {}).values():
            descendants = font.get("/DescendantFonts") or [font]
            for item in descendants:
                descriptor = item.get("/FontDescriptor") or {}
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found[str(font.BaseFont)] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            if "/Resources" in xobject:
                visit(xobject.Resources)

    for page in pdf.pages:
        visit(page.Resources)
        for annotation in page.get("/Annots") or []:
            appearance = annotation.get("/AP")
            if appearance is not None and "/Resources" in appearance.N:
                visit(appearance.N.Resources)
    return found


def test_every_font_is_the_shipped_noto_sans_and_embedded(promise):
    with pikepdf.open(io.BytesIO(promise_pdf(promise).read())) as pdf:
        fonts = embedded_fonts(pdf)

    assert fonts
    assert all(fonts.values()), fonts
    assert all(re.search(r"Noto-?Sans", name) for name in fonts), fonts


HOSTILE = [
    '<img src="file:///etc/passwd" alt="x">',
    '<img src="http://169.254.169.254/latest/meta-data/" alt="x">',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<a rel="attachment" href="file:///etc/hostname">bilaga</a>',
    '<a rel="attachment" href="/static/css/print.css">bilaga</a>',
    "<style>@import url(http://169.254.169.254/latest/x.css);</style>",
    '<img src="/static/../../../../etc/passwd" alt="x">',
    '<img src="/static/fonts/%2e%2e/%2e%2e/config/settings.py" alt="x">',
    "file:///etc/passwd http://169.254.169.254/latest/meta-data/",
]


@pytest.fixture
def no_network():
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("a PDF render opened a network connection")

    with (
        mock.patch.object(socket.socket, "connect", refuse),
        mock.patch.object(socket, "create_connection", refuse),
    ):
        yield calls


def test_hostile_document_texts_are_printed_as_text_and_fetch_nothing(db, no_network):
    promise = make_promise(situation="\n\n".join(HOSTILE), effects=HOSTILE[2])
    promise.commitments.update(text=HOSTILE[0] + " " + HOSTILE[3])
    spy_fetcher = fetcher.StaticOnlyURLFetcher()

    with (
        mock.patch.object(renderer, "StaticOnlyURLFetcher", return_value=spy_fetcher),
        # The print stylesheet and its fonts are loaded anew, through the spy too.
        mock.patch.object(renderer, "_prepared", threading.local()),
    ):
        data = promise_pdf(promise).read()

    assert spy_fetcher.refused == []
    assert spy_fetcher.fetched
    static_prefix = fetcher.BASE_URL + "static/"
    assert all(url.startswith(static_prefix) for url in spy_fetcher.fetched)
    assert "file:///etc/passwd" in pdf_text(data)  # shown, not followed
    assert_nothing_embedded(data)
    assert no_network == []


def assert_nothing_embedded(data):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/EmbeddedFiles" not in (pdf.Root.get("/Names") or {})
        assert "/AF" not in pdf.Root
        for page in pdf.pages:
            for annotation in page.get("/Annots") or []:
                assert annotation.get("/Subtype") != "/FileAttachment"
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert obj.get("/Type") != "/Filespec" or "/EF" not in obj
            elif isinstance(obj, pikepdf.Stream):
                assert obj.get("/Type") != "/EmbeddedFile"
                assert obj.get("/Subtype") != "/Image"


def test_hostile_html_reaching_the_renderer_fetches_and_embeds_nothing(no_network):
    html = (
        '<!doctype html><html lang="sv"><head><title>t</title></head><body>'
        + "".join(HOSTILE)
        + "</body></html>"
    )
    spy_fetcher = fetcher.StaticOnlyURLFetcher()

    data = renderer.render_pdf(html, fetcher=spy_fetcher).data

    assert "file:///etc/passwd" in spy_fetcher.refused
    assert "http://169.254.169.254/latest/meta-data/" in spy_fetcher.refused
    assert "http://169.254.169.254/latest/x.css" in spy_fetcher.refused
    assert spy_fetcher.fetched == []
    assert "root:" not in pdf_text(data)
    assert_nothing_embedded(data)
    assert no_network == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://169.254.169.254/static/css/print.css",
        "https://print.medborgarloften.invalid/etc/passwd",
        "https://print.medborgarloften.invalid/static/../config/settings.py",
        "https://print.medborgarloften.invalid/static/%2e%2e/config/settings.py",
        "https://print.medborgarloften.invalid/static/css/../../config/settings.py",
        "https://print.medborgarloften.invalid/static//etc/passwd",
        "https://print.medborgarloften.invalid/static/vendor/bootstrap/bootstrap.bundle.min.js",
        "https://user@print.medborgarloften.invalid/static/css/print.css",
        "data:text/css,body{}",
    ],
)
def test_fetcher_refuses_anything_but_static_print_assets(url):
    with pytest.raises(fetcher.RefusedURL):
        fetcher.static_path_for(url)


def test_fetcher_serves_the_shipped_font():
    path = fetcher.static_path_for(fetcher.BASE_URL + "static/fonts/NotoSans-Regular.ttf")
    assert path.name == "NotoSans-Regular.ttf" and path.is_file()


def page_contents(data):
    """The drawing operators of every page: what a reader sees, without ids and dates."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [
            pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page)) for page in pdf.pages
        ]


def test_print_stylesheet_is_prepared_once_per_thread():
    style = renderer.print_style()
    in_other_thread = []
    thread = threading.Thread(target=lambda: in_other_thread.append(renderer.print_style()))
    thread.start()
    thread.join()

    assert renderer.print_style() is style
    assert in_other_thread[0] is not style
    assert in_other_thread[0].font_config is not style.font_config


def test_a_render_with_the_prepared_stylesheet_equals_one_with_a_fresh_one(promise):
    document = gather_promise_document(promise)
    html = renderer.render_html(
        "print/citizen_promise.html", {"document": document, "signed": True, "version": "v"}
    )
    renderer.render_pdf(html)  # the thread's stylesheet and fonts have served a render before

    again = renderer.render_pdf(html)
    with mock.patch.object(renderer, "_prepared", threading.local()):
        fresh = renderer.render_pdf(html)

    assert again.page_count == fresh.page_count >= 2
    assert again.stamp == fresh.stamp
    assert page_contents(again.data) == page_contents(fresh.data)
    with pikepdf.open(io.BytesIO(again.data)) as pdf:
        fonts = embedded_fonts(pdf)
    assert fonts and all(fonts.values()) and all("Noto-Sans" in name for name in fonts), fonts


def test_second_download_does_not_render_again(promise, render_spy):
    first = promise_pdf(promise)
    second = promise_pdf(promise)

    assert render_spy.call_count == 1
    assert first == second
    assert first.read() == second.read()


def test_a_change_to_the_content_renders_anew(promise, render_spy):
    first = promise_pdf(promise)
    commitment = promise.commitments.first()
    commitment.text = "genomföra fler trafikkontroller."
    commitment.save()

    second = promise_pdf(promise)

    assert render_spy.call_count == 2
    assert second.name != first.name
    assert "genomföra fler trafikkontroller." in pdf_text(second.read())


def test_publishing_a_signed_document_keeps_the_same_file(db, render_spy):
    promise = make_promise(state=CitizenPromise.State.SIGNED)
    exported = promise_pdf(promise)
    promise.state = CitizenPromise.State.PUBLISHED
    promise.published_at = promise.signed_at
    promise.save()

    assert promise_pdf(promise) == exported
    assert render_spy.call_count == 1


def test_followup_report_shows_statuses_reasons_and_chart(promise):
    followup = FollowUpFactory(
        promise=promise,
        year=2025,
        number=1,
        summary="Halvåret gick bra.",
        state=FollowUp.State.PUBLISHED,
        published_at=promise.published_at,
    )
    first, second, *_rest = promise.commitments.all()
    CommitmentStatusFactory(followup=followup, commitment=first, status=Status.DONE)
    CommitmentStatusFactory(
        followup=followup,
        commitment=second,
        status=Status.POSTPONED,
        reason="Skolan var stängd för renovering.",
    )

    data = followup_pdf(followup).read()
    text = pdf_text(data)

    assert "Uppföljning 2025 halvår 1" in text
    assert "Halvåret gick bra." in text
    assert "Skolan var stängd för renovering." in text
    assert "Genomförd" in text and "Framflyttad" in text
    assert "ingen status rapporterad" in text.lower()
    assert "Status för medborgarlöftets 5 löften." in text  # the chart's caption
    # The progress figure from followup.progress: (100 + 0) / 2 over the two statuses.
    assert "50 % genomfört" in text
    assert table_in_words() in text  # the rule in words, from followup.progress
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.open_metadata().pdfa_status == "2A"
        assert str(pdf.Root.Lang) == "sv"
