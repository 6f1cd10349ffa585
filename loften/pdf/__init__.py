"""PDF documents in three parts: gather (`gather.py`), render (`renderer.py`, with the static-only
URL fetcher in `fetcher.py`), serve (`views.py`, the staff export; the public
downloads are `portal.pdf_views`), with the rendered and signed files kept in default storage per
content version (`store.py`). Signing: `loften/signing.py`; reading a PDF back: `verification.py`;
an app-server worker's preparation before its first request: `warm.py`.

What other code calls:

* `promise_pdf(promise)` – the stored PDF of a medborgarlöfte (no permission check);
* `can_export(user, promise)`, `export_promise_pdf(*, promise, user)` – the admin's export;
* `pdf_response(stored, *, as_attachment=True, public=False)` – a FileResponse for a stored PDF.
"""

from . import verification
from .export import can_export, export_promise_pdf, is_exportable
from .response import pdf_response
from .store import StoredPdf, promise_pdf, stored_pdf

__all__ = [
    "StoredPdf",
    "can_export",
    "export_promise_pdf",
    "is_exportable",
    "pdf_response",
    "promise_pdf",
    "stored_pdf",
    "verification",
]
