"""The life-cycle of a medborgarlöfte, as one table: its states, the steps between them, who may
take each step, and what each state freezes.

    utkast → undertecknat → publicerat → tillbakadraget
    ↻ godkänn, återkalla godkännande (each party, on the same content)
       ↑          └──────────────┴── ny version (a new draft that replaces it when published)
                  └──────────────┴── ↻ ändring av ett löfte (both parties approve; no new version)

Everything that asks "what may happen to this document now" reads this module: the services
(`loften.services`) before every write, the admin for its buttons and read-only fields, the PDF
export, the follow-up services and the public pages. Nothing else lists states.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("utkast")
    SIGNED = "signed", _("undertecknat")
    PUBLISHED = "published", _("publicerat")
    WITHDRAWN = "withdrawn", _("tillbakadraget")


#: What citizens may see: published documents, and withdrawn ones (shown as withdrawn).
PUBLIC_STATES = (State.PUBLISHED, State.WITHDRAWN)

#: Signed and later: the content is frozen and changes only through a new version, or, for a
#: löfte's method, rate target, measures and period while the document runs, through an
#: amendment ("amend", `loften.amendable`).
FROZEN_STATES = (State.SIGNED, State.PUBLISHED, State.WITHDRAWN)

#: The official PDF exists once the content is frozen.
EXPORTABLE_STATES = FROZEN_STATES

#: Documents that are followed up: their löften no longer change, and they are not withdrawn.
FOLLOWED_UP_STATES = (State.SIGNED, State.PUBLISHED)

#: The document's own fields that make up its content; frozen from signing on, copied into a new
#: version, offered in the admin's form.
CONTENT_FIELDS = (
    "title",
    "municipality",
    "police_area",
    "valid_from",
    "valid_until",
    "district",
    "followed_up_here",
    "cadence",
    "case_number",
    "decided_by",
    "decided_on",
    "signed_place",
    "signed_on",
    "names_no_signatories",
    "commitments_in_attachment",
)

#: The rows that make up the content besides the document's own fields (related names); frozen
#: and copied like the fields, in this order (a row refers only to rows before it).
CONTENT_PARTS = (
    "parties",
    "sections",
    "local_focus_areas",
    "commitment_groups",
    "sources",
    "places",
    "commitments",
    "measures",
    "signatories",
    "attachments",
    "effect_indicators",
)

#: Fields only the steps below write; an edit never changes them.
LIFECYCLE_FIELDS = (
    "state",
    "replaces",
    "withdrawal_reason",
    "signed_at",
    "published_at",
    "withdrawn_at",
    "replaced_at",
)

#: Who may take a step: an editor (redaktör) of the document's municipality or police area, or
#: a national administrator (`municipalities.permissions.can_edit`).
EDITOR = "editor"

#: An editor of the document's municipality or police area, acting for that party; a national
#: administrator is a party to no document and approves for neither (`loften.approval`).
PARTY_EDITOR = "party_editor"


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple  # the states the step may start from
    target: State | None  # the state it leads to; None when it leaves the document's alone
    who: str = EDITOR


STEPS = {
    step.name: step
    for step in (
        # A draft stays a draft while its parties approve it; signing needs every party's
        # approval of the current content (the rule is `loften.approval`).
        Step("approve", sources=(State.DRAFT,), target=State.DRAFT, who=PARTY_EDITOR),
        Step("withdraw_approval", sources=(State.DRAFT,), target=State.DRAFT, who=PARTY_EDITOR),
        Step("sign", sources=(State.DRAFT,), target=State.SIGNED),
        Step("publish", sources=(State.SIGNED,), target=State.PUBLISHED),
        Step("withdraw", sources=(State.PUBLISHED,), target=State.WITHDRAWN),
        Step("new_version", sources=(State.SIGNED, State.PUBLISHED), target=None),
        # A running document's löfte changes through an amendment that every party approves
        # (`loften.services.amendments`); proposing, approving and withdrawing one are this step.
        Step("amend", sources=(State.SIGNED, State.PUBLISHED), target=None, who=PARTY_EDITOR),
    )
}


def is_public(state: str) -> bool:
    return state in PUBLIC_STATES


def is_frozen(state: str) -> bool:
    return state in FROZEN_STATES


def allows(step: str, state: str) -> bool:
    """May `step` ("sign", "publish", …) start from `state`?"""
    return state in STEPS[step].sources


def steps_from(state: str) -> tuple[str, ...]:
    """The names of the steps that may start from `state`, in the table's order."""
    return tuple(name for name, step in STEPS.items() if state in step.sources)
