"""Attachments (bilagor), the one place of their rules: which files are accepted (PDF, DOCX and
ODT, recognised by their content, never by the file name or the browser's content type), the
size limit (`settings.ATTACHMENT_MAX_BYTES`), and where a file is stored (by the SHA-256 of its
content, so that the same file is stored once however many documents or versions attach it).

The checks are plain reads of the file's first bytes and, for the two zip formats, of the zip's
table of contents: a DOCX is a zip with `[Content_Types].xml` and `word/document.xml`, an ODT a
zip whose first member `mimetype` says `application/vnd.oasis.opendocument.text`.
"""

import dataclasses
import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STORAGE_PREFIX = "bilagor"

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


@dataclasses.dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    label: str


#: The accepted kinds of file, by content type.
KINDS = {
    kind.content_type: kind
    for kind in (
        Kind(PDF, "pdf", gettext_lazy("PDF")),
        Kind(DOCX, "docx", gettext_lazy("Word-dokument (DOCX)")),
        Kind(ODT, "odt", gettext_lazy("OpenDocument-text (ODT)")),
    )
}

_CHUNK = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Examined:
    """What the content of an accepted file is."""

    content_type: str
    size: int
    sha256: str


def _zip_kind(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                if archive.read("mimetype").strip() == ODT.encode():
                    return ODT
                return None
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, EOFError):
        return None
    return None


def sniff(file) -> str | None:
    """The content type of `file` (an open binary file) when it is one of `KINDS`, else None."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(file)
        file.seek(0)
        return kind
    return None


def examine(file) -> Examined:
    """Check an uploaded file and describe it; a Swedish ValidationError says what is wrong."""
    size = file.size
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _(
                "Filen är %(size)s. En bilaga får vara högst %(limit)s. Minska filen (till "
                "exempel genom att spara den som PDF med lägre bildupplösning) eller dela upp "
                "den i flera bilagor."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Filen är tom. Välj filen med bilagans innehåll."), code="empty")
    content_type = sniff(file)
    if content_type is None:
        raise ValidationError(
            _(
                "Filen är inte en PDF, ett Word-dokument (DOCX) eller ett OpenDocument-dokument "
                "(ODT). Bilagor tas bara emot i de formaten; filens innehåll avgör, inte dess "
                "namn. Spara bilagan som PDF och ladda upp den igen."
            ),
            code="type",
        )
    digest = hashlib.sha256()
    file.seek(0)
    while chunk := file.read(_CHUNK):
        digest.update(chunk)
    file.seek(0)
    return Examined(content_type=content_type, size=size, sha256=digest.hexdigest())


def storage_name(sha256: str, content_type: str) -> str:
    """Where a file with this content is stored: bilagor/ab/abcdef….pdf."""
    return f"{STORAGE_PREFIX}/{sha256[:2]}/{sha256}.{KINDS[content_type].extension}"
