"""Render: a print template and its context become archival PDF bytes (PDF/A-2a: tagged, with
the document language, title and author), using only the fonts and CSS shipped in `static/`.

The print stylesheet is not linked from the templates: the renderer gives it to WeasyPrint,
parsed once per thread together with its three Noto Sans faces (`print_style`). Parsing it and
loading the fonts into Fontconfig anew for every document took about a sixth of a render.
"""

import dataclasses
import functools
import hashlib
import threading
from pathlib import Path

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import override
from weasyprint.text.fonts import FontConfiguration

from .fetcher import BASE_URL, StaticOnlyURLFetcher

#: Raise when a change to the print output is not visible in the template files themselves
#: (e.g. a change in what the renderer does with them): every stored PDF then renders anew.
RENDERER_VERSION = "1"

#: A tagged PDF/A level (ISO 19005-2, level A): archival and accessible.
PDF_VARIANT = "pdf/a-2a"

#: The id of the element on the last page that the visible signature stamp covers.
STAMP_ANCHOR = "signaturstampel"

#: CSS pixels (1/96 in) to PDF points (1/72 in).
PX_TO_PT = 0.75

#: The stylesheet of every print template, a static file.
PRINT_STYLESHEET = "css/print.css"


@dataclasses.dataclass(frozen=True)
class StampBox:
    """Where the visible signature goes: a page index and (x1, y1, x2, y2) in PDF points."""

    page: int
    box: tuple[int, int, int, int]


@dataclasses.dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int
    stamp: StampBox | None


def print_template_version():
    """A digest of the print templates and stylesheet: part of every storage key, so a deployed
    template change renders every document anew."""
    return _template_version(RENDERER_VERSION, weasyprint.__version__)


@functools.cache
def _template_version(*parts):
    digest = hashlib.sha256("|".join(parts).encode())
    roots = [Path(settings.BASE_DIR, "templates", "print"), Path(settings.BASE_DIR, "static")]
    files = sorted(roots[0].glob("*.html")) + [roots[1] / PRINT_STYLESHEET]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def render_html(template_name, context):
    """The print HTML, always in Swedish whatever the request's language."""
    with override("sv"):
        return render_to_string(template_name, context)


@dataclasses.dataclass(frozen=True)
class PrintStyle:
    """The parsed print stylesheet and the font configuration that holds its fonts."""

    stylesheet: weasyprint.CSS
    font_config: FontConfiguration


_prepared = threading.local()


def print_stylesheet_url():
    return BASE_URL.rstrip("/") + static(PRINT_STYLESHEET)


def print_style():
    """The print stylesheet, parsed (through the static-only fetcher) once per thread.

    Its `@font-face` fonts are loaded when it is parsed, into its own FontConfiguration, which
    every render of the thread then uses; a FontConfiguration (a Pango font map) is not to be
    shared between threads.
    """
    style = getattr(_prepared, "style", None)
    if style is None:
        font_config = FontConfiguration()
        stylesheet = weasyprint.CSS(
            url=print_stylesheet_url(),
            url_fetcher=StaticOnlyURLFetcher(),
            font_config=font_config,
        )
        style = _prepared.style = PrintStyle(stylesheet=stylesheet, font_config=font_config)
    return style


def render_pdf(html, *, fetcher=None):
    """PDF/A bytes of print HTML with the print stylesheet, plus where the signature stamp goes.

    Attachments are dropped before writing: a `<link rel=attachment>` or `<a rel=attachment>`
    that slipped into a document would otherwise be fetched and embedded.
    """
    fetcher = fetcher or StaticOnlyURLFetcher()
    style = print_style()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT, stylesheets=[style.stylesheet], font_config=style.font_config
    )
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    return RenderedPdf(data=data, page_count=len(document.pages), stamp=_stamp_box(document))


def _stamp_box(document):
    for index, page in enumerate(document.pages):
        if STAMP_ANCHOR in page.anchors:
            x1, y1, x2, y2 = page.anchors[STAMP_ANCHOR]
            height = page.height * PX_TO_PT
            return StampBox(
                page=index,
                box=(
                    round(x1 * PX_TO_PT),
                    round(height - y2 * PX_TO_PT),
                    round(x2 * PX_TO_PT),
                    round(height - y1 * PX_TO_PT),
                ),
            )
    return None
