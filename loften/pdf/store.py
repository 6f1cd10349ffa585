"""Rendered (and signed) PDFs in Django's default storage, one file per content version.

The storage name holds a hash of the gathered data, the print templates and the signing
certificate. A request gathers the data (a few queries), and when a file by that name exists it
is served as it is: nothing is rendered or signed again. A change to the document (possible only
before it is signed), to a template or to the certificate gives a new name, hence a new render.
"""

import dataclasses
import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from .. import signing
from ..periods import period_slug
from . import renderer
from .gather import content_hash, gather_promise_document

STORAGE_PREFIX = "pdf"


@dataclasses.dataclass(frozen=True)
class StoredPdf:
    """A PDF in default storage: its storage name, a download file name, whether it is signed."""

    name: str
    filename: str
    signed: bool

    def open(self):
        return default_storage.open(self.name, "rb")

    def read(self):
        with self.open() as file:
            return file.read()


def stored_pdf(*, data, kind, template_name, filename, reason, extra_context=None):
    """The stored PDF of gathered `data` (a dataclass with `pk`), rendered only when missing.

    `kind` names the folder ("medborgarloften", "uppfoljningar"); `reason` is the signature's
    stated reason.
    """
    identity = signing.signing_identity()
    version = content_hash(data)
    key = hashlib.sha256(
        "|".join(
            (version, renderer.print_template_version(), identity.fingerprint if identity else "-")
        ).encode()
    ).hexdigest()[:40]
    name = f"{STORAGE_PREFIX}/{kind}/{data.pk}/{key}.pdf"
    result = StoredPdf(name=name, filename=filename, signed=identity is not None)
    if default_storage.exists(name):
        return result
    context = {"document": data, "signed": identity is not None, "version": version[:16]}
    html = renderer.render_html(template_name, {**context, **(extra_context or {})})
    rendered = renderer.render_pdf(html)
    pdf = rendered.data
    if identity is not None:
        pdf = signing.sign_pdf(pdf, stamp=rendered.stamp, reason=reason, identity=identity)
    saved = default_storage.save(name, ContentFile(pdf))
    if saved != name:
        # Another request rendered the same version meanwhile; keep one file.
        default_storage.delete(saved)
    return result


def promise_pdf(promise):
    """The stored, signed (when a certificate is configured) PDF of a medborgarlöfte.

    Does not check who may have it: the views (and the admin, through `can_export`) do.
    """
    document = gather_promise_document(promise)
    filename = (
        f"medborgarlofte-{slugify(document.municipality)}-"
        f"{period_slug(document.valid_from, document.valid_until)}-{document.pk}.pdf"
    )
    with override("sv"):
        reason = _("Medborgarlöfte: %(title)s") % {"title": document.title}
    return stored_pdf(
        data=document,
        kind="medborgarloften",
        template_name="print/citizen_promise.html",
        filename=filename,
        reason=reason,
    )
