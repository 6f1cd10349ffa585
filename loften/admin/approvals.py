"""The parties' approvals on a medborgarlöfte's admin page: each party's state, and the steps
"Godkänn" and "Återkalla godkännande" as confirmation pages (`ConfirmStep`) for the user's own
organisation. The rule is `loften.approval`; the writes are `loften.services`."""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import approval, lifecycle, services
from .base import ConfirmStep


def _not_a_party(promise):
    return PermissionDenied(
        _(
            "Bara en redaktör i kommunen eller lokalpolisområdet godkänner ett medborgarlöfte, "
            "för sin egen organisation. En nationell administratör godkänner inte för någon part."
        )
    )


def _states(promise):
    return approval.approval_states(promise) if not promise.is_frozen else []


def _approve_for(promise, user):
    own = approval.parties_of(user, promise)
    if not own:
        raise _not_a_party(promise)
    party = next(iter(approval.approvable(user, promise, _states(promise))), own[0])
    return dataclasses.replace(
        APPROVE,
        explanation=_(
            "Du godkänner innehållet som det ser ut nu för %(organisation)s: lägesbild, löften, "
            "underlag, platser, undertecknare och giltighetstid. Medborgarlöftet kan "
            "undertecknas först när alla parter har godkänt exakt samma innehåll. Ändras något "
            "efteråt återkallas godkännandet. Redaktörerna i den andra organisationen får ett "
            "mejl med en begäran om att godkänna."
        )
        % {"organisation": approval.organisation_name(promise, party)},
    )


def _withdraw_for(promise, user):
    own = approval.parties_of(user, promise)
    if not own:
        raise _not_a_party(promise)
    party = next(iter(approval.withdrawable(user, promise, _states(promise))), own[0])
    return dataclasses.replace(
        WITHDRAW_APPROVAL,
        explanation=_(
            "Godkännandet från %(organisation)s återkallas. Medborgarlöftet kan inte "
            "undertecknas förrän %(organisation)s har godkänt det igen. Redaktörerna i den "
            "andra organisationen får ett mejl."
        )
        % {"organisation": approval.organisation_name(promise, party)},
    )


def _run(service):
    def run(promise, user):
        service(promise=promise, user=user)
        return promise

    return run


def _draft(promise):
    return lifecycle.allows("approve", promise.state)


APPROVE = ConfirmStep(
    title=gettext_lazy("Godkänn medborgarlöftet"),
    explanation="",
    button=gettext_lazy("Godkänn"),
    run=_run(services.citizen_promise_approve),
    done=lambda promise: (
        _("Du har godkänt ”%(title)s”. Den andra parten har fått ett mejl.")
        % {"title": promise.title}
    ),
    available=_draft,
    problems=services.citizen_promise_content_problems,
    for_user=_approve_for,
)

WITHDRAW_APPROVAL = ConfirmStep(
    title=gettext_lazy("Återkalla godkännandet"),
    explanation="",
    button=gettext_lazy("Återkalla godkännande"),
    run=_run(services.citizen_promise_withdraw_approval),
    done=lambda promise: (
        _("Godkännandet av ”%(title)s” är återkallat. Den andra parten har fått ett mejl.")
        % {"title": promise.title}
    ),
    available=_draft,
    for_user=_withdraw_for,
)

#: The confirmation pages of the life-cycle's approval steps.
STEPS = {"approve": APPROVE, "withdraw_approval": WITHDRAW_APPROVAL}


def approval_context(user, promise):
    """What the change page shows of the approvals: each required party's state (a draft's
    compared with its content now; a signed document's content is the one approved) and which
    approval steps the user is offered."""
    states = approval.approval_states(promise)
    offered = set()
    if lifecycle.allows("approve", promise.state):
        if approval.approvable(user, promise, states):
            offered.add("approve")
        if approval.withdrawable(user, promise, states):
            offered.add("withdraw_approval")
    return {"approval_states": states, "approval_complete": approval.is_complete(states)}, offered
