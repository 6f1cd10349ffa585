"""PAdES signatures on the portal's PDFs (pyHanko), and their verification.

The signing certificate and key come from a PKCS#12 file (settings `PDF_SIGNING_PKCS12_PATH`,
`PDF_SIGNING_PKCS12_PASSPHRASE`); verification trusts the roots in `PDF_SIGNING_TRUST_ROOTS`.
Without a configured certificate nothing is signed: the PDF says so on its last page.

A signature is an incremental update: the unsigned PDF stays byte for byte at the start of the
signed file, and the update also brings the XMP metadata in line with the document information
(pyHanko on its own leaves their producers different, which PDF/A forbids).

Signing is kept cheap by preparing once per process what does not change between signatures: the
private key (pyHanko's SimpleSigner loads, and so checks, it again for every signature), the room
the signature takes (pyHanko estimates it with a dry-run signature each time), and the stamp's
font: cut down to the characters a stamp prints (pyHanko subsets the font it is given for every
signature, and the whole of Noto Sans takes most of a second), and the subset a stamp embeds made
once per set of glyphs.
"""

import asyncio
import dataclasses
import datetime
import functools
import hashlib
import io
import logging
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from fontTools import subset
from fontTools.ttLib import TTFont
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import (
    CIDFontType2,
    GlyphAccumulator,
    GlyphAccumulatorFactory,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata import model as xmp_model
from pyhanko.pdf_utils.metadata import xmp_xml
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "Underskrift"
STAMP_FONT = "fonts/NotoSans-Regular.ttf"
#: The characters the stamp's font is cut down to once per process: the stamp's Swedish text, its
#: date and time zone, and a signer's name in Latin script. A name with any other character is
#: stamped with the whole font.
STAMP_CHARACTERS = frozenset(
    chr(code)
    for codes in (range(0x20, 0x7F), range(0xA0, 0x180), range(0x2010, 0x2027))
    for code in codes
)
#: What a stamp's time may print beyond its other text: the digits and the time zone (CET, CEST).
ALWAYS_IN_SUBSET = "0123456789CEST"


@dataclasses.dataclass(frozen=True)
class SigningIdentity:
    """The configured signer, and what identifies it in storage keys and on the stamp."""

    signer: signers.SimpleSigner
    fingerprint: str
    common_name: str


def signing_identity():
    """The configured signer, or None when no certificate is configured.

    A configured certificate that cannot be loaded is an error, never a silent unsigned export.
    """
    path = settings.PDF_SIGNING_PKCS12_PATH
    if not path:
        return None
    path = Path(path)
    try:
        modified = path.stat().st_mtime_ns
    except OSError as error:
        raise ImproperlyConfigured(
            f"PDF_SIGNING_PKCS12_PATH is set to {path}, but the file cannot be read: {error}"
        ) from error
    return _load_identity(str(path), modified, settings.PDF_SIGNING_PKCS12_PASSPHRASE)


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner with the private key loaded once: SimpleSigner loads it from its
    DER form for every signature, and for an RSA key that check costs about 0.1 s each time."""

    @functools.cached_property
    def _private_key(self):
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    @functools.cached_property
    def bytes_reserved(self):
        """Room for the signature container in the PDF, estimated once the way pyHanko estimates
        it for every signature: the size of a dry-run PAdES container (as hex), plus half."""
        container = asyncio.run(
            self.async_sign(
                hashlib.sha256().digest(),
                "sha256",
                dry_run=True,
                use_pades=True,
                signed_attr_settings=PdfCMSSignedAttributes(signing_time=timezone.now()),
            )
        )
        size = len(container.dump()) * 2
        return size + 2 * (size // 4)

    def sign_raw(self, data, digest_algorithm):
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism.signature_algo != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        return self._private_key.sign(
            data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
        )


@functools.lru_cache(maxsize=4)
def _load_identity(path, modified, passphrase):
    loaded = signers.SimpleSigner.load_pkcs12(path, passphrase=passphrase.encode() or None)
    if loaded is None:
        raise ImproperlyConfigured(
            f"The PKCS#12 file {path} could not be opened: check PDF_SIGNING_PKCS12_PASSPHRASE."
        )
    certificate = loaded.signing_cert
    signer = _KeptKeySigner(
        signing_cert=certificate,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
        signature_mechanism=loaded.signature_mechanism,
    )
    return SigningIdentity(
        signer=signer,
        fingerprint=hashlib.sha256(certificate.dump()).hexdigest(),
        common_name=certificate.subject.native.get("common_name", ""),
    )


class _ConsistentMetadataWriter(IncrementalPdfFileWriter):
    """Writes the signature's incremental update with XMP and document info that agree.

    pyHanko sets the info producer to "WeasyPrint …; pyHanko …" but the XMP producer to
    "pyHanko …", and stamps the XMP modification date without the info one. PDF/A requires
    both to agree, so this writes the info values into the XMP (and one modification date into
    both) before the update is written and signed. Relies on pyHanko's `_update_meta` hook,
    which is why pyHanko is pinned and `test_signing` checks the result.
    """

    def _update_meta(self):
        super()._update_meta()
        if self._info is None or "/Metadata" not in self.root:
            return
        info = self._info.get_object()
        stream = self.root["/Metadata"]  # dereferenced, unlike .get()
        if not isinstance(stream, xmp_xml.MetadataStream):
            return
        fields_ = {key: value for root in stream.xmp for key, value in root}
        modified = timezone.now().replace(microsecond=0)
        info["/ModDate"] = generic.pdf_date(modified)
        fields_[xmp_model.XMP_MODDATE] = xmp_model.XmpValue(modified.isoformat())
        fields_[xmp_model.PDF_PRODUCER] = xmp_model.XmpValue(str(info["/Producer"]))
        stream._xmp = [xmp_model.XmpStructure(fields_)]
        stream._reserialise()
        stream._encoded_data = None
        self.update_container(stream)
        self.mark_update(self._info)


@functools.cache
def _stamp_font_subset(path):
    """The stamp font cut down to STAMP_CHARACTERS (kerning, names and metrics kept), as bytes."""
    font = TTFont(path)
    subsetter = subset.Subsetter()
    subsetter.populate(unicodes=[ord(character) for character in STAMP_CHARACTERS])
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


@functools.lru_cache(maxsize=16)
def _embedded_subset(path, glyph_ids):
    """The font program a stamp embeds: the prepared font cut down to `glyph_ids` the way pyHanko
    cuts it (glyph ids kept, layout tables dropped), as bytes."""
    font = TTFont(io.BytesIO(_stamp_font_subset(path)))
    options = subset.Options(layout_closure=False, retain_gids=True)
    options.drop_tables += ["GPOS", "GDEF", "GSUB"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(gids=sorted(glyph_ids))
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


class _GivenProgramFont(CIDFontType2):
    """pyHanko's TrueType CID font, embedding the font program in `program` instead of saving
    its (subset) TTFont."""

    program = b""

    def set_font_file(self, writer):
        stream = generic.StreamObject(stream_data=self.program)
        stream.compress()
        reference = writer.add_object(stream)
        self._font_descriptor[generic.pdf_name("/FontFile2")] = reference
        return reference


class _StampFont(GlyphAccumulator):
    """pyHanko's glyph accumulator on the prepared stamp font, with the embedded subset made once
    per set of glyphs (`_embedded_subset`) instead of for every signature (which took a quarter
    of the signing).

    The digits and the time zone's letters always belong to the subset, so the stamps of one
    signer share one subset whatever their time.
    """

    def __init__(self, *, font_path, **kwargs):
        super().__init__(font_handle=io.BytesIO(_stamp_font_subset(font_path)), **kwargs)
        self.font_path = font_path
        name = self.cidfont_obj.name.removeprefix(f"{self.subset_prefix}+")
        self.cidfont_obj = _GivenProgramFont(self.tt, name, self.subset_prefix)

    def _extract_subset(self, options=None):
        self.shape(ALWAYS_IN_SUBSET, with_actual_text=False)
        self.cidfont_obj.program = _embedded_subset(self.font_path, frozenset(self._glyphs))


@dataclasses.dataclass(frozen=True)
class _PreparedFontFactory(GlyphAccumulatorFactory):
    """pyHanko's factory, making `_StampFont`s of the prepared font."""

    def create_font_engine(self, writer, obj_stream=None):
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _StampFont(
            writer=writer,
            font_path=self.font_file,
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def stamp_font(signer_name=""):
    """The stamp's font engine factory: the prepared subset, or the whole font for a name with a
    character outside it."""
    font_path = finders.find(STAMP_FONT)
    if set(signer_name) <= STAMP_CHARACTERS:
        return _PreparedFontFactory(font_path)
    return GlyphAccumulatorFactory(font_path)


def stamp_style(signer_name=""):
    return TextStampStyle(
        stamp_text=_(
            "Digitalt undertecknat av %(signer)s\n"
            "Tidpunkt: %(ts)s\n"
            "Kontrollera äktheten under ”Verifiera dokument” på portalen."
        ),
        # pyHanko prints the signing time in the process's time zone, which Django sets to
        # TIME_ZONE (Europe/Stockholm).
        timestamp_format="%Y-%m-%d %H:%M %Z",
        text_box_style=TextBoxStyle(font=stamp_font(signer_name), font_size=9, leading=13),
        border_width=1,
    )


def sign_pdf(data, *, stamp=None, reason, identity=None):
    """PAdES-sign PDF bytes (incremental update); `stamp` is a renderer.StampBox or None.

    Returns the signed bytes, of which `data` is an exact prefix.
    """
    identity = identity or signing_identity()
    if identity is None:
        raise ImproperlyConfigured("No signing certificate is configured.")
    with override("sv"):
        meta = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=_("Sverige"),
            certify=True,
            docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        )
        field_spec = fields.SigFieldSpec(
            sig_field_name=SIGNATURE_FIELD,
            on_page=stamp.page if stamp else -1,
            box=stamp.box if stamp else None,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=identity.signer,
            stamp_style=stamp_style(identity.common_name),
            new_field_spec=field_spec,
        )
        output = io.BytesIO()
        pdf_signer.sign_pdf(
            _ConsistentMetadataWriter(io.BytesIO(data)),
            output=output,
            appearance_text_params={"signer": identity.common_name},
            bytes_reserved=identity.signer.bytes_reserved,
        )
    return output.getvalue()


# --- Verification -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Verification:
    """What `verify_pdf` found. `ok` only when a signature from a trusted certificate is intact,
    valid and covers the whole file (nothing was added after signing)."""

    readable: bool = True
    signed: bool = False
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signer: str = ""
    signed_at: datetime.datetime | None = None
    keywords: tuple[str, ...] = ()
    title: str = ""

    @property
    def ok(self):
        return all(
            (
                self.readable,
                self.signed,
                self.intact,
                self.valid,
                self.trusted,
                self.covers_whole_file,
            )
        )

    def identifier(self, kind):
        """The pk in a keyword "<kind>:<pk>" written by the renderer, or None."""
        for keyword in self.keywords:
            prefix, _sep, value = keyword.partition(":")
            if prefix == kind and value.isdigit():
                return int(value)
        return None


def trust_roots():
    path = settings.PDF_SIGNING_TRUST_ROOTS
    if not path:
        return []
    return list(load_certs_from_pemder([path]))


def verify_pdf(data, *, roots=None):
    """Check the signature of PDF bytes against the trusted roots. Never raises for bad input."""
    roots = trust_roots() if roots is None else roots
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 — any unreadable upload is simply "not verified"
        logger.info("verify_pdf: unreadable PDF", exc_info=True)
        return Verification(readable=False)
    if not signatures:
        return Verification(keywords=_keywords(reader), title=_title(reader))
    signature = signatures[-1]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signature, context)
    except Exception:  # noqa: BLE001 — a damaged signature is reported, not raised
        logger.info("verify_pdf: signature could not be validated", exc_info=True)
        return Verification(signed=True)
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE and (
        status.modification_level in (None, ModificationLevel.NONE)
    )
    return Verification(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=covers,
        signer=status.signing_cert.subject.native.get("common_name", ""),
        signed_at=status.signer_reported_dt,
        keywords=_keywords(reader) if covers else (),
        title=_title(reader) if covers else "",
    )


def _info(reader):
    try:
        return reader.trailer["/Info"].get_object()
    except (KeyError, AttributeError):
        return {}


def _keywords(reader):
    keywords = str(_info(reader).get("/Keywords", ""))
    return tuple(keyword.strip() for keyword in keywords.split(",") if keyword.strip())


def _title(reader):
    return str(_info(reader).get("/Title", ""))
