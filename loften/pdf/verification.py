"""What a verified PDF is: the signature check (`loften.signing.verify_pdf`) plus which
medborgarlöfte or follow-up the signed file says it is. Shared by the public "Verifiera
dokument" page and `manage.py verify_pdf`."""

import dataclasses

from django.utils.translation import gettext as _

from .. import signing
from ..models import CitizenPromise
from .gather import content_hash, gather_promise_document


@dataclasses.dataclass(frozen=True)
class VerificationReport:
    verification: signing.Verification
    promise: CitizenPromise | None = None
    followup_pk: int | None = None
    is_current_version: bool | None = None

    @property
    def ok(self):
        return self.verification.ok

    @property
    def headline(self):
        if self.ok:
            return _(
                "Dokumentet är äkta: underskriften är hel och kommer från portalens certifikat."
            )
        return _("Dokumentet kunde inte verifieras.")

    def problems(self):
        """Why the file is not verified, in Swedish, most fundamental first."""
        v = self.verification
        if not v.readable:
            return [_("Filen kunde inte läsas som PDF.")]
        if not v.signed:
            return [_("Filen saknar digital underskrift.")]
        problems = []
        if not (v.intact and v.valid):
            problems.append(
                _("Underskriften är bruten: filen har ändrats efter att den undertecknades.")
            )
        elif not v.covers_whole_file:
            problems.append(_("Filen har fått tillägg efter att den undertecknades."))
        if not v.trusted:
            problems.append(_("Underskriften kommer inte från portalens certifikat."))
        return problems


def describe(data):
    """Verify PDF bytes and find the document they are, when the signature holds."""
    verification = signing.verify_pdf(data)
    if not verification.ok:
        return VerificationReport(verification=verification)
    followup_pk = verification.identifier("uppfoljning")
    promise_pk = verification.identifier("medborgarlofte")
    promise = (
        CitizenPromise.objects.select_related("municipality").filter(pk=promise_pk).first()
        if promise_pk
        else None
    )
    current = None
    if promise is not None and followup_pk is None:
        version = next(
            (k.removeprefix("version:") for k in verification.keywords if k.startswith("version:")),
            None,
        )
        current = version == content_hash(gather_promise_document(promise))[:16]
    return VerificationReport(
        verification=verification,
        promise=promise,
        followup_pk=followup_pk,
        is_current_version=current,
    )
