"""How each row reads in JSON (and, flattened, in CSV: `tables.py` reads these same values).
Figures come from the annotations of `querysets.py` and are rounded as every page rounds them
(`followup.progress.rounded`); keys are English, as in the per-document API (`portal/api.py`)."""

from .common import PeriodSerializer, serializer_context
from .documents import CommitmentSerializer, EffectIndicatorSerializer, PromiseSerializer
from .followups import FollowUpSerializer, StatusSerializer
from .reference import FocusAreaSerializer, MunicipalitySerializer, PoliceAreaSerializer

__all__ = [
    "CommitmentSerializer",
    "EffectIndicatorSerializer",
    "FocusAreaSerializer",
    "FollowUpSerializer",
    "MunicipalitySerializer",
    "PeriodSerializer",
    "PoliceAreaSerializer",
    "PromiseSerializer",
    "StatusSerializer",
    "serializer_context",
]
