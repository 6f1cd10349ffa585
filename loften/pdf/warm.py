"""What a process's first PDF would otherwise wait for, done before it takes a request.

A new app-server process (gunicorn's workers, each replaced after some thousand requests) met its
first PDF cold: the print templates compiled, the stylesheet parsed and its fonts loaded into
Fontconfig (`renderer.print_style`), pyHanko's signing prepared (the key, the signature's size,
the stamp's font subset: `loften/signing.py`). That took most of a second on top of the render,
and the visitor who asked for the PDF waited for it. gunicorn calls `warm_up` in each worker
before the worker takes its first request (`post_worker_init` in config/gunicorn.conf.py).
"""

import logging

from django.template.loader import get_template
from django.utils.translation import override

from loften import signing

from .renderer import STAMP_ANCHOR, render_pdf

logger = logging.getLogger(__name__)

#: The print templates a public or staff PDF is drawn from.
PRINT_TEMPLATES = ("print/citizen_promise.html", "print/followup.html")

#: A page with the stamp's anchor, in the print stylesheet's fonts: rendering and signing it
#: prepares what every document needs. It is never stored or served.
_PAGE = (
    '<!doctype html><html lang="sv"><head><title>Förberedelse</title></head><body>'
    "<h1>Förberedelse</h1><p>Medborgarlöfte <strong>2026</strong> <em>å ä ö</em></p>"
    f'<div id="{STAMP_ANCHOR}" class="signature-stamp"></div></body></html>'
)


def warm_up():
    """Compile the print templates, render a small page with the print stylesheet and, when a
    signing certificate is configured, sign it. No query, nothing stored; a failure is logged
    and left for the first real PDF to meet, never keeping the process from serving."""
    try:
        with override("sv"):
            for name in PRINT_TEMPLATES:
                get_template(name)
            rendered = render_pdf(_PAGE)
            if signing.signing_identity() is not None:
                signing.sign_pdf(rendered.data, stamp=rendered.stamp, reason="Förberedelse")
    except Exception:  # the first PDF meets the same error, with the page it belongs to
        logger.exception("Preparing for PDFs failed; the first PDF prepares instead.")
