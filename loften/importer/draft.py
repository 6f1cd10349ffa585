"""A proposal as a draft: the document, its parties, sections, own focus areas, löften under
their lead-ins, underlag, places and signatories, written through `loften.services` in one
transaction (any refusal leaves no row)."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from municipalities.models import Municipality, PoliceArea

from .. import services
from ..models import (
    CitizenPromise,
    Commitment,
    CommitmentGroup,
    DocumentParty,
    FocusArea,
    LocalFocusArea,
    Place,
    Section,
    Signatory,
    Source,
)
from .errors import ImportRefused
from .proposal import Proposal


def find_municipality(code: str) -> Municipality:
    try:
        return Municipality.objects.get(code=code.strip())
    except Municipality.DoesNotExist:
        raise ImportRefused(
            f"Det finns ingen kommun med kommunkoden ”{code}”. Ange kommunens fyrsiffriga kod, "
            "t.ex. 0428 för Vingåker."
        ) from None


def find_police_area(
    municipality: Municipality, name: str | None, proposal: Proposal
) -> PoliceArea:
    """The police area given by name, else the one the document names, else the kommun's only
    current one. Sets `proposal.police_area` to the area found."""
    day = proposal.valid_from or datetime.date.today()
    areas = PoliceArea.objects.filter(municipalities=municipality)
    for wanted in (name, proposal.police_area):
        if not wanted:
            continue
        found = [area for area in areas if _same(area.name, wanted)]
        if found:
            proposal.police_area = found[0].name
            return found[0]
        if wanted == name:
            raise ImportRefused(
                f"Lokalpolisområdet ”{name}” hör inte till {municipality.long_name}. Välj ett av: "
                + ", ".join(area.name for area in areas)
                + "."
            )
    current = list(areas.current(day)) or list(areas)
    if len(current) == 1:
        proposal.police_area = current[0].name
        return current[0]
    raise ImportRefused(
        f"Dokumentet säger inte vilket lokalpolisområde som är part. Ange det med "
        f"--police-area (ett av: {', '.join(area.name for area in current) or 'inga kända'})."
    )


def _same(area_name: str, wanted: str) -> bool:
    def bare(text: str) -> str:
        return text.lower().replace("lokalpolisområde", "").replace("lpo", "").strip()

    return bare(area_name) == bare(wanted)


PARTY_KINDS = {
    "police": ["police"],
    "municipality": ["municipality"],
    "joint": ["police", "municipality"],
}


def create_draft(
    proposal: Proposal,
    *,
    municipality: Municipality,
    police_area: PoliceArea,
    user: AbstractBaseUser,
) -> CitizenPromise:
    """The draft the proposal describes, written by `user` (who must be a member of the
    kommun or the police area)."""
    if proposal.valid_from is None or proposal.valid_until is None:
        raise ImportRefused(
            "Dokumentet säger inte vilken period det gäller (t.ex. ”2023-2024” eller ”för 2024”). "
            "Skriv perioden i rubriken och försök igen."
        )
    try:
        with transaction.atomic():
            return _create(proposal, municipality, police_area, user)
    except PermissionDenied as error:
        raise ImportRefused(
            f"Användaren får inte skapa medborgarlöften för {municipality.long_name}: {error}"
        ) from error
    except ValidationError as error:
        raise ImportRefused("Förslaget kunde inte sparas: " + " ".join(error.messages)) from error


def _create(proposal, municipality, police_area, user) -> CitizenPromise:
    promise = CitizenPromise(
        municipality=municipality,
        police_area=police_area,
        title=proposal.title[:200],
        valid_from=proposal.valid_from,
        valid_until=proposal.valid_until,
        cadence=proposal.cadence,
        case_number=proposal.case_number[:60],
        signed_place=proposal.signed_place[:100],
        signed_on=proposal.signed_on,
        names_no_signatories=not proposal.signatories,
    )
    services.citizen_promise_save(promise=promise, user=user)

    def save(part, **related):
        return services.citizen_promise_part_save(part=part, user=user, related=related)

    parties = {
        "municipality": save(
            DocumentParty(promise=promise, kind="municipality", municipality=municipality)
        ),
        "police": save(
            DocumentParty(promise=promise, kind="police_area", police_area=police_area, order=1)
        ),
    }
    for order, section in enumerate(proposal.sections):
        save(
            Section(
                promise=promise,
                kind=section.kind,
                heading=section.heading[:200],
                body=section.text,
                order=order,
            )
        )
    for order, area in enumerate(proposal.focus_areas):
        save(
            LocalFocusArea(
                promise=promise, name=area.name[:200], description=area.description, order=order
            ),
            national_focus_areas=FocusArea.objects.filter(slug__in=area.national),
        )
    groups: dict[str, CommitmentGroup] = {}
    for order, commitment in enumerate(proposal.commitments):
        if commitment.party == "other" and commitment.party_name not in parties:
            parties[commitment.party_name] = save(
                DocumentParty(
                    promise=promise,
                    kind="other",
                    name=commitment.party_name[:200],
                    order=len(parties),
                )
            )
        who = PARTY_KINDS.get(commitment.party, [commitment.party_name])
        if commitment.lead_in not in groups:
            groups[commitment.lead_in] = save(
                CommitmentGroup(promise=promise, lead_in=commitment.lead_in, order=len(groups))
            )
        save(
            Commitment(
                promise=promise,
                group=groups[commitment.lead_in],
                text=commitment.text,
                order=order,
            ),
            parties=[parties[key] for key in who],
        )
    for order, source in enumerate(proposal.sources):
        save(
            Source(
                promise=promise, kind=source["kind"], description=source["description"], order=order
            )
        )
    for order, name in enumerate(proposal.places):
        save(Place(promise=promise, name=name[:150], order=order))
    for order, signatory in enumerate(proposal.signatories):
        organisation = {
            "police": police_area.name,
            "municipality": municipality.long_name,
        }.get(signatory.side, "")
        save(
            Signatory(
                promise=promise,
                name=signatory.name[:150],
                title=signatory.title[:150],
                organisation=organisation or signatory.title[:200],
                order=order,
            )
        )
    return promise
