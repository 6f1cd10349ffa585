from .amendment import Amendment, AmendmentApproval, AmendmentQuerySet
from .approval import Approval, ApprovalQuerySet
from .attachment import Attachment, AttachmentQuerySet
from .document import (
    Cadence,
    CitizenPromise,
    CitizenPromiseQuerySet,
    FocusArea,
    covered_by_q,
    covers_q,
)
from .indicators import EffectIndicator, format_figure
from .parts import (
    Commitment,
    CommitmentQuerySet,
    Measure,
    PartyRole,
    Place,
    RatePer,
    Signatory,
    Source,
    focus_area_q,
)
from .structure import (
    SECTION_PARTS,
    CommitmentGroup,
    DocumentParty,
    LocalFocusArea,
    Section,
    by_group,
    place_parts,
)

__all__ = [
    "SECTION_PARTS",
    "Amendment",
    "AmendmentApproval",
    "AmendmentQuerySet",
    "Approval",
    "ApprovalQuerySet",
    "Attachment",
    "AttachmentQuerySet",
    "Cadence",
    "CitizenPromise",
    "CitizenPromiseQuerySet",
    "Commitment",
    "EffectIndicator",
    "CommitmentGroup",
    "CommitmentQuerySet",
    "DocumentParty",
    "FocusArea",
    "LocalFocusArea",
    "Measure",
    "PartyRole",
    "Place",
    "RatePer",
    "Section",
    "Signatory",
    "Source",
    "by_group",
    "covered_by_q",
    "covers_q",
    "focus_area_q",
    "format_figure",
    "place_parts",
]
