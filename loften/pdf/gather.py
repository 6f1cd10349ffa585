"""Gather: everything a medborgarlöfte's PDF shows, as plain values read in a fixed number of
queries.

The gathered data is also what decides whether a stored PDF is still current: its hash is part of
the storage key (see `store.py`). It therefore holds only what the document *says*, never the
publication state, `updated_at` or the time of the request, so the PDF exported when the document
is signed is the same file citizens download after it is published.
"""

import dataclasses
import datetime
import hashlib
import json

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import override

from ..models import (
    Amendment,
    CitizenPromise,
    Commitment,
    LocalFocusArea,
    by_group,
    place_parts,
)
from ..periods import period_label


@dataclasses.dataclass(frozen=True)
class AmendmentItem:
    """An approved amendment of a löfte while the document runs (`loften.models.Amendment`)."""

    approved_on: datetime.date
    effective_from: datetime.date
    changes: tuple[tuple[str, str, str], ...]  # (what, before, after), in words
    reason: str


def amendment_item(amendment: Amendment) -> AmendmentItem:
    """An approved amendment as the PDFs show it, in the words it stores."""
    return AmendmentItem(
        approved_on=timezone.localdate(amendment.approved_at),
        effective_from=amendment.effective_from,
        changes=tuple(
            (row["label"], row["before_text"], row["after_text"]) for row in amendment.change_rows()
        ),
        reason=amendment.reason.strip(),
    )


@dataclasses.dataclass(frozen=True)
class CommitmentItem:
    text: str
    focus_areas: tuple[str, ...]
    target: str
    period: str = ""  # the löfte's own period, when it has one
    amendments: tuple[AmendmentItem, ...] = ()


@dataclasses.dataclass(frozen=True)
class GroupItem:
    lead_in: str
    commitments: tuple[CommitmentItem, ...]


@dataclasses.dataclass(frozen=True)
class SectionItem:
    heading: str
    paragraphs: tuple[str, ...]
    part: str  # what it shows after its text (`loften.models.SECTION_PARTS`), or ""


@dataclasses.dataclass(frozen=True)
class LocalFocusAreaItem:
    name: str
    paragraphs: tuple[str, ...]
    national: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class SignatoryItem:
    name: str
    title: str
    organisation: str


@dataclasses.dataclass(frozen=True)
class IndicatorItem:
    """An effect indicator as the document names it; its values come later, in follow-ups."""

    name: str
    source: str
    baseline: str  # the figure with its unit
    baseline_year: int
    target: str  # "" without a target
    direction: str


@dataclasses.dataclass(frozen=True)
class Metadata:
    """What the document says about itself: its case number, its decision and where and when it
    was signed (each empty when the document does not say it)."""

    case_number: str
    decided_by: str
    decided_on: datetime.date | None
    signed_place: str
    signed_on: datetime.date | None

    @property
    def has_decision(self):
        return bool(self.case_number or self.decided_by or self.decided_on)


@dataclasses.dataclass(frozen=True)
class PromiseDocument:
    """What the PDF of one medborgarlöfte shows."""

    pk: int
    title: str
    municipality: str
    municipality_long: str
    county: str
    police_area: str
    police_region: str
    valid_from: datetime.date
    valid_until: datetime.date
    parties: tuple[str, ...]
    district: str
    sections: tuple[SectionItem, ...]
    unplaced: tuple[str, ...]  # parts no section shows, after the sections
    sources: tuple[tuple[str, str], ...]
    places: tuple[tuple[str, str], ...]
    local_focus_areas: tuple[LocalFocusAreaItem, ...]
    groups: tuple[GroupItem, ...]
    signatories: tuple[SignatoryItem, ...]
    names_no_signatories: bool
    metadata: Metadata
    commitments_in_attachment: bool
    attachments: tuple[str, ...]  # the titles, in the document's order
    indicators: tuple[IndicatorItem, ...]
    public_path: str

    @property
    def identifier(self):
        """Written into the PDF's keywords; `verify_pdf` reads it back."""
        return f"medborgarlofte:{self.pk}"

    @property
    def period(self):
        return period_label(self.valid_from, self.valid_until)

    @property
    def commitment_count(self):
        return sum(len(group.commitments) for group in self.groups)

    def content_hash(self):
        return content_hash(self)


def content_hash(data):
    """A stable SHA-256 of gathered (dataclass) data."""
    encoded = json.dumps(dataclasses.asdict(data), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def paragraphs(text):
    """Split a text field on blank lines; single line breaks stay inside a paragraph."""
    blocks = (block.strip() for block in text.replace("\r\n", "\n").split("\n\n"))
    return tuple(block for block in blocks if block)


def promise_queryset():
    """Everything the document shows, in a fixed number of queries whatever its size."""
    return CitizenPromise.objects.select_related(
        "municipality__county", "police_area__region"
    ).prefetch_related(
        "parties",
        "sections",
        "sources",
        "places",
        Prefetch(
            "local_focus_areas",
            queryset=LocalFocusArea.objects.prefetch_related("national_focus_areas"),
        ),
        Prefetch(
            "commitments",
            queryset=Commitment.objects.in_document_order().prefetch_related(
                "focus_areas",
                "local_focus_areas",
                "measures",
                Prefetch(
                    "amendments",
                    queryset=Amendment.objects.approved().order_by("approved_at", "pk"),
                ),
            ),
        ),
        "signatories",
        "attachments",
        "effect_indicators",
    )


def gather_promise_document(promise):
    """The PromiseDocument of `promise` (a CitizenPromise or its pk), always in Swedish."""
    pk = promise.pk if isinstance(promise, CitizenPromise) else promise
    promise = promise_queryset().get(pk=pk)
    with override("sv"):
        return _gather(promise)


def _gather(promise):
    municipality_long = promise.municipality.long_name
    groups = tuple(
        GroupItem(
            lead_in=group.lead_in.strip(),
            commitments=tuple(
                CommitmentItem(
                    text=commitment.text.strip(),
                    focus_areas=(
                        *(local.name for local in commitment.local_focus_areas.all()),
                        *sorted(area.name for area in commitment.focus_areas.all()),
                    ),
                    target=commitment.targets_text(),
                    period=commitment.period(),
                    amendments=tuple(
                        amendment_item(amendment) for amendment in commitment.amendments.all()
                    ),
                )
                for commitment in items
            ),
        )
        for group, items in by_group(promise.commitments.all())
    )
    sources = tuple(
        (source.get_kind_display(), source.description.strip()) for source in promise.sources.all()
    )
    places = tuple((place.name, place.description.strip()) for place in promise.places.all())
    local_focus_areas = tuple(
        LocalFocusAreaItem(
            name=local.name,
            paragraphs=paragraphs(local.description),
            national=tuple(sorted(area.name for area in local.national_focus_areas.all())),
        )
        for local in promise.local_focus_areas.all()
    )
    sections, unplaced = place_parts(
        promise.sections.all(),
        {
            "situation": sources or places,
            "focus_areas": local_focus_areas,
            "commitments": groups or promise.commitments_in_attachment,
        },
    )
    return PromiseDocument(
        pk=promise.pk,
        title=promise.title,
        municipality=promise.municipality.name,
        municipality_long=municipality_long,
        county=promise.municipality.county.name,
        police_area=promise.police_area.name,
        police_region=promise.police_area.region.name,
        valid_from=promise.valid_from,
        valid_until=promise.valid_until,
        parties=tuple(party.name for party in promise.parties.all()),
        district=promise.district,
        sections=tuple(
            SectionItem(
                heading=section.heading.strip(),
                paragraphs=paragraphs(section.body),
                part=part or "",
            )
            for section, part in sections
        ),
        unplaced=tuple(unplaced),
        sources=sources,
        places=places,
        local_focus_areas=local_focus_areas,
        groups=groups,
        signatories=tuple(
            SignatoryItem(
                name=signatory.name, title=signatory.title, organisation=signatory.organisation
            )
            for signatory in promise.signatories.all()
        ),
        names_no_signatories=promise.names_no_signatories,
        metadata=Metadata(
            case_number=promise.case_number.strip(),
            decided_by=promise.decided_by.strip(),
            decided_on=promise.decided_on,
            signed_place=promise.signed_place.strip(),
            signed_on=promise.signed_on,
        ),
        commitments_in_attachment=promise.commitments_in_attachment,
        attachments=tuple(attachment.title for attachment in promise.attachments.all()),
        indicators=tuple(
            IndicatorItem(
                name=indicator.name,
                source=indicator.source_label(),
                baseline=indicator.baseline_label(),
                baseline_year=indicator.baseline_year,
                target=indicator.target_label(),
                direction=str(indicator.get_direction_display()),
            )
            for indicator in promise.effect_indicators.all()
        ),
        public_path=promise.get_absolute_url(),
    )
