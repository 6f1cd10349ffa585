"""Text out of an uploaded file: plain text (UTF-8 or Windows-1252), Word (.docx), PDF with a
text layer and a saved web page. Every refusal is an `ImportRefused` with a Swedish message that
says what to do; nothing else escapes."""

import io
import re
import zipfile
from html.parser import HTMLParser

from .errors import ImportRefused

#: The largest file the importer reads (bytes). A real medborgarlöfte is well below 5 MB.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The most a .docx may unpack to, in all and per member: checked before anything is unpacked.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_DOCX_RATIO = 200

FORMATS = ("txt", "docx", "pdf", "html")

# Characters that never appear in a text a person wrote (C0 controls but tab, newline, return).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def detect_format(name: str, data: bytes) -> str:
    """The format by the file's content first and its name second."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("htm", "html"):
        return "html"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in ("pdf", "docx"):
        raise ImportRefused(
            f"Filen heter .{suffix} men är ingen giltig {suffix.upper()}-fil. "
            "Spara dokumentet på nytt och ladda upp det igen."
        )
    return "txt"


def extract_text(name: str, data: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, str]:
    """(format, text) of the file `name` with the content `data`."""
    check_size(len(data), max_bytes)
    if not data.strip():
        raise ImportRefused("Filen är tom. Välj filen med medborgarlöftets text.")
    kind = detect_format(name, data)
    text = {"txt": _text, "docx": _docx, "pdf": _pdf, "html": _html}[kind](data)
    if not text.strip():
        raise ImportRefused("Filen innehåller ingen text. Välj filen med medborgarlöftets text.")
    return kind, text


def check_size(size: int, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuses a file larger than `max_bytes` before it is read."""
    if size > max_bytes:
        raise ImportRefused(
            f"Filen är {size / 1024 / 1024:.1f} MB; den största fil som kan läsas in är "
            f"{max_bytes / 1024 / 1024:.0f} MB. Spara dokumentet utan bilder eller som ren text "
            "och försök igen."
        )


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252; anything else is refused."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = None
    if text is None or _looks_binary(text):
        raise ImportRefused(
            "Filen går inte att läsa som text: den är varken UTF-8 eller Windows-1252, eller så "
            "är den ingen textfil. Spara dokumentet som .txt (UTF-8), .docx, .pdf eller .html."
        )
    return text


def _looks_binary(text: str) -> bool:
    controls = len(CONTROL.findall(text))
    return controls > max(2, len(text) // 200)


def _text(data: bytes) -> str:
    return decode(data)


def _docx(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportRefused(
            "Filen är ingen giltig Word-fil (.docx). Spara dokumentet på nytt i Word och försök "
            "igen."
        ) from error
    total = sum(member.file_size for member in members)
    if total > MAX_DOCX_UNPACKED_BYTES or any(
        member.file_size > MAX_DOCX_RATIO * max(member.compress_size, 1024) for member in members
    ):
        raise ImportRefused(
            "Word-filen packas upp till orimligt mycket data och läses därför inte in. Spara "
            "dokumentet på nytt i Word, eller som PDF, och försök igen."
        )
    try:
        import docx  # python-docx; imported here so the text formats do without it

        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for a broken package
        raise ImportRefused(
            "Word-filen går inte att öppna. Spara dokumentet på nytt i Word (.docx) och försök "
            "igen."
        ) from error
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_docx_paragraph(docx.text.paragraph.Paragraph(child, document)))
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(_docx_paragraph(p) for p in cell.paragraphs)
    return "\n\n".join(line for line in lines if line.strip())


def _docx_paragraph(paragraph) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if style.startswith(("heading", "rubrik", "title")):
        return "# " + text
    if "list" in style or "lista" in style or numbered:
        return "- " + text
    return text


def _pdf(data: bytes) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as error:  # pypdf raises many kinds for a broken file
        raise ImportRefused(
            "PDF-filen går inte att läsa. Spara den på nytt som PDF och försök igen."
        ) from error
    if not any(page.strip() for page in pages):
        raise ImportRefused(
            "PDF-filen har ingen text, bara bilder (den är troligen skannad). Ladda upp "
            "originalet i Word eller en PDF med text, eller låt den tolkas med OCR först."
        )
    return "\n\n".join(_reflow(page) for page in pages)


def _reflow(page: str) -> str:
    """A PDF breaks a paragraph into lines: a line that starts in lower case after one that
    does not end a sentence continues it."""
    lines: list[str] = []
    for line in page.split("\n"):
        stripped = line.strip()
        if lines and stripped[:1].islower() and lines[-1] and lines[-1][-1] not in ".:;!?":
            lines[-1] += " " + stripped
        else:
            lines.append(stripped)
    return "\n".join(lines)


class _Html(HTMLParser):
    SKIP = {
        "head",
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "aside",
        "noscript",
        "form",
        "template",
    }
    BLOCK = {"p", "div", "li", "br", "tr", "section", "article", "main", "ul", "ol", "table"}
    BLOCK |= {"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt", "figcaption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK and not self.skipping:
            self.parts.append("\n\n")
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.parts.append("# ")
            elif tag == "li":
                self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK and not self.skipping:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" and not self.skipping:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def _html(data: bytes) -> str:
    text = decode(data)
    parser = _Html()
    try:
        parser.feed(text)
        parser.close()
    except Exception as error:  # html.parser is lenient; this is the last guard
        raise ImportRefused(
            "Webbsidan går inte att läsa. Spara sidan på nytt som .html."
        ) from error
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
