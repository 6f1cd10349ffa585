from .document import CitizenPromise, CitizenPromiseQuerySet, FocusArea
from .parts import PARTY_HEADINGS, Commitment, CommitmentQuerySet, Party, Place, Signatory, Source

__all__ = [
    "PARTY_HEADINGS",
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
