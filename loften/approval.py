"""Joint approval, the one place of the rule: which parties must approve a draft, what content
an approval covers, who may approve for which party, and whether the approvals are complete.

A medborgarlöfte is a joint promise. It is signed only after each party has approved exactly the
same content: the municipality through one of its editors, the police area through one of its
editors. A national administrator is a member of neither party and approves for neither. An
approval records who, when and `content_hash` of what they approved; any later change to the
content makes the hash differ, and the content services then withdraw the approval
(`loften.services.approvals.withdraw_outdated_approvals`). An approval whose hash differs from
the content's never counts, however the content was changed.

The parties required are the document's own (`DocumentParty`): the municipality when it names a
kommun, the police area when it names one; a document without a police party needs the
municipality alone, a police-only document the police alone. Only the kommun the document
belongs to approves for the kommuner: a document of several kommuner is approved by its owning
kommun and its police area.

The services (`loften.services`), the admin's page and buttons and the public page read this
module; none of them repeats the rule.
"""

import dataclasses
import hashlib
import json

from django.utils.translation import gettext as _

from municipalities import permissions

from . import lifecycle
from .models import Approval, CitizenPromise, DocumentParty

Party = Approval.Party

# --- The content an approval covers -------------------------------------------------------------

#: Parts added to the content after documents had been approved: left out of the hash while a
#: document has none, so that adding the part to the content withdrew no approval given before.
PARTS_ADDED_LATER = ("effect_indicators",)


def _normalised(value):
    if isinstance(value, str):
        # A browser sends line breaks as CRLF; the same words are the same content.
        return value.replace("\r\n", "\n").strip()
    return value


def content_hash(promise: CitizenPromise | int) -> str:
    """SHA-256 of the document's content: its `lifecycle.CONTENT_FIELDS` and every row of
    `lifecycle.CONTENT_PARTS` (all their fields, focus areas included; an attachment by its
    stored name, which is its content's hash), in their order. A fixed number of queries
    whatever the size.

    It is not the PDF's hash (`loften.pdf.gather`): that one covers what the PDF prints, which
    leaves out coordinates and adds names from reference data that no party writes."""
    pk = getattr(promise, "pk", promise)
    document = CitizenPromise.objects.filter(pk=pk).values(
        *(CitizenPromise._meta.get_field(name).attname for name in lifecycle.CONTENT_FIELDS)
    )
    content = {"document": {k: _normalised(v) for k, v in document.get().items()}}
    for name in lifecycle.CONTENT_PARTS:
        model = CitizenPromise._meta.get_field(name).related_model
        fields = [f for f in model._meta.concrete_fields if f.name not in ("id", "promise")]
        many = [f.name for f in model._meta.many_to_many]
        rows = model.objects.filter(promise_id=pk).prefetch_related(*many)
        content[name] = [
            [
                *(_normalised(field.value_from_object(row)) for field in fields),
                *(sorted(related.pk for related in getattr(row, m).all()) for m in many),
            ]
            for row in rows
        ]
        if name in PARTS_ADDED_LATER and not content[name]:
            del content[name]
    encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


# --- Parties -------------------------------------------------------------------------------------


def required_parties(promise: CitizenPromise) -> tuple[str, ...]:
    """The parties whose approval a signature needs: the document's own parties. The kommun
    approves when the document names a kommun as a party (through the kommun it belongs to),
    the police area when it names a police area: a police-only document (one district of a
    city) needs the police alone. A document not yet saved reads its kommun and police area."""
    if promise.pk is None:
        kinds = {DocumentParty.Kind.MUNICIPALITY}
        if promise.police_area_id is not None:
            kinds.add(DocumentParty.Kind.POLICE_AREA)
    else:
        kinds = {party.kind for party in promise.parties.all()}
    parties = []
    if DocumentParty.Kind.MUNICIPALITY in kinds:
        parties.append(Party.MUNICIPALITY)
    if DocumentParty.Kind.POLICE_AREA in kinds:
        parties.append(Party.POLICE)
    return tuple(parties)


def organisation_name(promise: CitizenPromise, party: str) -> str:
    if party == Party.MUNICIPALITY:
        return promise.municipality.long_name
    return promise.police_area.name


def parties_of(user, promise: CitizenPromise) -> tuple[str, ...]:
    """The parties of `promise` that `user` is an editor of (a national administrator: none)."""
    municipality, police = permissions.edits_for(
        user, municipality_id=promise.municipality_id, police_area_id=promise.police_area_id
    )
    chosen = {Party.MUNICIPALITY: municipality, Party.POLICE: police}
    return tuple(party for party in required_parties(promise) if chosen[party])


def approver_name(user) -> str:
    return user.get_full_name() or user.get_username()


# --- The state of the approvals ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PartyApproval:
    """One party's approval of the document as it is now."""

    party: str
    organisation: str
    current: Approval | None  # the party's approval that is not withdrawn
    withdrawn: Approval | None  # the party's latest withdrawn approval
    matches: bool  # `current` covers the content as it is now

    @property
    def approved(self) -> bool:
        return self.current is not None and self.matches

    @property
    def party_label(self) -> str:
        return Party(self.party).label


def approval_states(
    promise: CitizenPromise, *, digest: str | None = None, approvals=None
) -> list[PartyApproval]:
    """Each required party's approval. `digest` is the content's hash (computed when not
    given; a frozen document's content is the one its approvals covered, whatever amendments
    changed later). `approvals` may be the document's approvals already read."""
    if approvals is None:
        approvals = list(promise.approvals.select_related("user"))
    # A frozen document's approvals covered its content at signing; amendments change its
    # löften later with approvals of their own (`loften.services.amendments`).
    frozen = promise.is_frozen
    if digest is None and not frozen:
        digest = content_hash(promise)
    states = []
    for party in required_parties(promise):
        own = [a for a in approvals if a.party == party]
        current = next((a for a in own if a.is_current), None)
        withdrawn = max(
            (a for a in own if not a.is_current), key=lambda a: a.withdrawn_at, default=None
        )
        states.append(
            PartyApproval(
                party=party,
                organisation=organisation_name(promise, party),
                current=current,
                withdrawn=withdrawn,
                matches=current is not None and (frozen or current.content_hash == digest),
            )
        )
    return states


def is_complete(states: list[PartyApproval]) -> bool:
    """Every required party has approved the content as it is now."""
    return all(state.approved for state in states)


def missing(states: list[PartyApproval]) -> list[str]:
    """What the approvals still lack before signing, as sentences a person can act on."""
    problems = []
    for state in states:
        if state.approved:
            continue
        problems.append(
            _(
                "%(organisation)s (%(party)s) behöver godkänna det nuvarande innehållet, genom "
                "någon av sina redaktörer och knappen ”Godkänn”."
            )
            % {"organisation": state.organisation, "party": state.party_label}
        )
    return problems


def approvable(user, promise: CitizenPromise, states: list[PartyApproval]) -> list[str]:
    """The parties `user` may approve for now: those they edit for that have not approved the
    content as it is, unless the user approved for the other party (each party approves through
    its own person)."""
    own = parties_of(user, promise)
    approved_by_user = {
        s.party for s in states if s.current is not None and s.current.user_id == user.pk
    }
    return [
        s.party
        for s in states
        if s.party in own and not s.approved and not (approved_by_user - {s.party})
    ]


def withdrawable(user, promise: CitizenPromise, states: list[PartyApproval]) -> list[str]:
    """The parties whose current approval `user` may withdraw: those they edit for."""
    own = parties_of(user, promise)
    return [s.party for s in states if s.party in own and s.current is not None]


@dataclasses.dataclass(frozen=True)
class PublicApproval:
    organisation: str
    approved_at: object


def approvals_for_citizens(promise: CitizenPromise) -> list[PublicApproval]:
    """Who approved the content, as citizens see it: the organisation and the time, never the
    official's name (the signatories are the document's public names). One query."""
    current = {a.party: a for a in promise.approvals.current()}
    return [
        PublicApproval(organisation_name(promise, party), current[party].approved_at)
        for party in required_parties(promise)
        if party in current
    ]
