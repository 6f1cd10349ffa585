from .approval import Approval, ApprovalQuerySet
from .document import CitizenPromise, CitizenPromiseQuerySet, FocusArea
from .parts import PARTY_HEADINGS, Commitment, CommitmentQuerySet, Party, Place, Signatory, Source

__all__ = [
    "PARTY_HEADINGS",
    "Approval",
    "ApprovalQuerySet",
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
