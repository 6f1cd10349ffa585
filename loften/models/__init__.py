from .approval import Approval, ApprovalQuerySet
from .attachment import Attachment, AttachmentQuerySet
from .document import CitizenPromise, CitizenPromiseQuerySet, FocusArea
from .parts import PARTY_HEADINGS, Commitment, CommitmentQuerySet, Party, Place, Signatory, Source

__all__ = [
    "PARTY_HEADINGS",
    "Approval",
    "ApprovalQuerySet",
    "Attachment",
    "AttachmentQuerySet",
    "CitizenPromise",
    "CitizenPromiseQuerySet",
    "Commitment",
    "CommitmentQuerySet",
    "FocusArea",
    "Party",
    "Place",
    "Signatory",
    "Source",
]
