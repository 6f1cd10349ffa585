"""PAdES signing with pyHanko: the signature validates, breaks on any change, leaves the PDF/A
metadata consistent and the unsigned bytes untouched; `manage.py verify_pdf` reports both."""

import datetime
import io
from pathlib import Path

import pikepdf
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from fontTools.ttLib import TTFont
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from loften import signing
from loften.pdf import promise_pdf

from .test_pdf import embedded_fonts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signing")]


@pytest.fixture
def signed(promise, render_spy):
    """(signed bytes, unsigned bytes) of the test document."""
    data = promise_pdf(promise).read()
    return data, render_spy.results[-1].data


def flip_byte(data, position):
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


def test_signature_validates_with_pyhanko_trusted_by_the_test_root(signed, certificates):
    data, _unsigned = signed
    root = load_cert_from_pemder(str(certificates.root))
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]

    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[root], allow_fetching=False)
    )

    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == "Testsignering"


def test_signature_is_pades_and_unsigned_bytes_are_an_exact_prefix(signed):
    data, unsigned = signed

    assert data.startswith(unsigned)
    assert len(data) > len(unsigned)
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_signed_pdf_keeps_consistent_pdfa_metadata(signed):
    data, _unsigned = signed

    with pikepdf.open(io.BytesIO(data)) as pdf:
        metadata = pdf.open_metadata()
        info_producer = str(pdf.docinfo["/Producer"])
        assert metadata["pdf:Producer"] == info_producer
        assert "WeasyPrint" in info_producer and "pyHanko" in info_producer
        assert metadata.pdfa_status == "2A"
        assert str(pdf.Root.Lang) == "sv"
        assert metadata["dc:title"] == str(pdf.docinfo["/Title"])
        info_modified = generic.parse_pdf_date(str(pdf.docinfo["/ModDate"]))
        assert info_modified == datetime.datetime.fromisoformat(metadata["xmp:ModifyDate"])


def test_signed_pdf_keeps_every_font_embedded_including_the_stamp_font(signed):
    data, _unsigned = signed

    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = embedded_fonts(pdf)

    assert all(fonts.values()), fonts
    assert any("NotoSans-Regular" in name for name in fonts), fonts  # the stamp's font


def test_stamp_font_is_the_shipped_noto_sans_with_1000_units_per_em():
    """pyHanko spaces stamp text wrongly with fonts whose units-per-em is not 1000."""
    path = Path(finders.find(signing.STAMP_FONT))

    assert path.is_relative_to(settings.BASE_DIR / "static")
    assert TTFont(path)["head"].unitsPerEm == 1000


def test_stamp_font_prepared_once_has_every_character_of_the_stamp_text():
    """The font is cut down once per process to what a stamp prints: its Swedish text (with
    the typographic quotes), the date and time zone, and signers' names in Latin script."""
    path = finders.find(signing.STAMP_FONT)
    factory = signing.stamp_font("Åsa Ödmark-Łukasiewicz")
    stamp_text = signing.stamp_style().stamp_text % {"signer": "Åsa", "ts": "2026-12-05 CET"}
    prepared = signing._stamp_font_subset(path)

    assert isinstance(factory, signing._PreparedFontFactory)
    assert signing._stamp_font_subset(path) is prepared  # prepared once
    font = TTFont(io.BytesIO(prepared))
    characters = {chr(code) for code in font.getBestCmap()}
    assert set(stamp_text.replace("\n", "")) <= characters
    assert characters >= signing.STAMP_CHARACTERS
    assert font["head"].unitsPerEm == 1000
    assert len(prepared) < Path(path).stat().st_size / 4


def stamp_font_program(data):
    """The font file the signature stamp embeds (pyHanko names it by its PostScript name)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if (
                isinstance(obj, pikepdf.Dictionary)
                and obj.get("/Type") == "/FontDescriptor"
                and "NotoSans-Regular" in str(obj.FontName)
            ):
                return obj.FontFile2.read_bytes()
    raise AssertionError("no stamp font")


def test_stamps_embed_one_subset_made_once_with_every_character_of_their_time(signed, render_spy):
    _data, unsigned = signed
    stamp = render_spy.results[-1].stamp
    signing._embedded_subset.cache_clear()

    first = signing.sign_pdf(unsigned, stamp=stamp, reason="Test")
    second = signing.sign_pdf(unsigned, stamp=stamp, reason="Test")

    cache = signing._embedded_subset.cache_info()
    assert (cache.misses, cache.hits) == (1, 1)
    assert stamp_font_program(first) == stamp_font_program(second)
    font = TTFont(io.BytesIO(stamp_font_program(first)))
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    # Whatever the minute, CET or CEST: every character a stamp's time prints is drawable.
    for character in "0123456789-: CEST" + "Testsignering" + "Tidpunkt":
        assert ord(character) in cmap, character
        assert character == " " or glyphs[cmap[ord(character)]].width > 0
    for data in (first, second):
        assert signing.verify_pdf(data).ok


def test_room_for_the_signature_is_estimated_once_as_pyhanko_would(signed):
    data, unsigned = signed
    signer = signing.signing_identity().signer
    by_pyhanko = io.BytesIO()
    signing.signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(unsigned)),
        signing.signers.PdfSignatureMetadata(
            field_name="Annan", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
        ),
        signer=signer,
        output=by_pyhanko,
    )

    def reserved(pdf):
        signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
        return len(signature.sig_object["/Contents"]) * 2  # as hexadecimal digits

    assert reserved(data) == signer.bytes_reserved == reserved(by_pyhanko.getvalue())
    assert "bytes_reserved" in vars(signer)  # kept for the next signature


def test_a_name_outside_the_prepared_characters_is_stamped_with_the_whole_font():
    factory = signing.stamp_font("Ἀλέξανδρος")

    assert not isinstance(factory, signing._PreparedFontFactory)
    assert factory.font_file == finders.find(signing.STAMP_FONT)


def test_the_signer_keeps_its_private_key_loaded_and_signs_like_pyhanko(certificates):
    identity = signing.signing_identity()
    plain = signing.signers.SimpleSigner.load_pkcs12(
        str(certificates.pkcs12), passphrase=settings.PDF_SIGNING_PKCS12_PASSPHRASE.encode()
    )

    assert identity.signer._private_key is identity.signer._private_key
    # PKCS#1 v1.5 is deterministic: the same bytes as pyHanko's own signer.
    assert identity.signer.sign_raw(b"data", "sha256") == plain.sign_raw(b"data", "sha256")


def test_visible_stamp_sits_on_the_last_page_in_the_reserved_box(signed):
    data, _unsigned = signed

    with pikepdf.open(io.BytesIO(data)) as pdf:
        last = pdf.pages[-1]
        widgets = [a for a in last.get("/Annots") or [] if a.get("/FT") == "/Sig"]
        assert len(widgets) == 1
        x1, y1, x2, y2 = (float(v) for v in widgets[0].Rect)
        assert x2 - x1 > 250 and y2 - y1 > 50  # 110 mm × 24 mm


def test_verify_accepts_the_signed_file(signed, promise):
    data, _unsigned = signed

    result = signing.verify_pdf(data)

    assert result.ok
    assert result.signer == "Testsignering"
    assert result.identifier("medborgarlofte") == promise.pk
    assert result.title == promise.title


def test_flipping_one_byte_makes_verification_fail(signed):
    data, unsigned = signed

    for position in (len(unsigned) // 2, 200, len(unsigned) - 40):
        tampered = flip_byte(data, position)
        result = signing.verify_pdf(tampered)
        assert not result.ok, position


def test_pyhanko_reports_a_flipped_byte_as_not_intact(signed, certificates):
    data, unsigned = signed
    tampered = flip_byte(data, len(unsigned) // 2)
    root = load_cert_from_pemder(str(certificates.root))

    signature = PdfFileReader(io.BytesIO(tampered), strict=False).embedded_signatures[0]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[root], allow_fetching=False)
    )

    assert not status.intact
    assert not status.bottom_line


def test_a_signature_from_another_certificate_is_not_trusted(signed, other_certificates):
    data, _unsigned = signed
    other_root = load_cert_from_pemder(str(other_certificates.root))

    result = signing.verify_pdf(data, roots=[other_root])

    assert result.intact and result.valid
    assert not result.trusted
    assert not result.ok


def test_content_appended_after_signing_is_reported(signed):
    data, _unsigned = signed
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)

    result = signing.verify_pdf(output.getvalue())

    assert result.intact
    assert not result.covers_whole_file
    assert not result.ok


def test_garbage_and_unsigned_files_are_reported_not_raised(pdf_storage, settings, promise):
    assert signing.verify_pdf(b"not a pdf at all").readable is False
    settings.PDF_SIGNING_PKCS12_PATH = ""
    unsigned = promise_pdf(promise).read()

    result = signing.verify_pdf(unsigned)

    assert result.readable and not result.signed and not result.ok


def test_a_configured_but_missing_certificate_is_an_error(settings, tmp_path):
    settings.PDF_SIGNING_PKCS12_PATH = str(tmp_path / "missing.p12")

    with pytest.raises(ImproperlyConfigured, match="PDF_SIGNING_PKCS12_PATH"):
        signing.signing_identity()


def test_a_wrong_passphrase_is_an_error(settings):
    settings.PDF_SIGNING_PKCS12_PASSPHRASE = "wrong"

    with pytest.raises((ImproperlyConfigured, ValueError)):
        signing.signing_identity()


def test_verify_pdf_command_names_the_document(signed, promise, tmp_path, capsys):
    data, _unsigned = signed
    path = tmp_path / "dokument.pdf"
    path.write_bytes(data)

    call_command("verify_pdf", str(path))

    output = capsys.readouterr().out
    assert "Dokumentet är äkta" in output
    assert "Undertecknat av: Testsignering" in output
    assert f"Medborgarlöfte: {promise.title} (id {promise.pk}, publicerat)" in output
    assert "Filen är den gällande versionen." in output


def test_verify_pdf_command_fails_for_a_tampered_file(signed, tmp_path, capsys):
    data, unsigned = signed
    path = tmp_path / "andrad.pdf"
    path.write_bytes(flip_byte(data, len(unsigned) // 2))

    with pytest.raises(CommandError, match="kunde inte verifieras") as error:
        call_command("verify_pdf", str(path))

    assert error.value.returncode != 0
    assert "Underskriften är bruten" in capsys.readouterr().out


def test_create_demo_certificate_makes_a_pkcs12_that_signs(settings, tmp_path, promise):
    settings.DEBUG = True  # a development command (tests/portal/test_demo.py tests the guard)
    call_command("create_demo_certificate", directory=str(tmp_path / "demo"))
    settings.PDF_SIGNING_PKCS12_PATH = str(tmp_path / "demo" / "signering.p12")
    settings.PDF_SIGNING_PKCS12_PASSPHRASE = settings.PDF_DEMO_CERTIFICATE_PASSPHRASE
    settings.PDF_SIGNING_TRUST_ROOTS = str(tmp_path / "demo" / "rot.pem")

    assert signing.verify_pdf(promise_pdf(promise).read()).ok
