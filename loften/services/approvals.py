"""The parties' approvals of a draft (the life-cycle's steps "approve" and "withdraw_approval"),
and their withdrawal when the content changes; the rule is `loften.approval`, the e-mail
`loften.notifications`. See the package docstring for the conventions.

An approval is not a change to the document: it does not count the document's version up, so
an editor's open form stays valid while the other party approves."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import approval, notifications
from ..models import Approval, CitizenPromise
from .base import begin_step, refresh
from .steps import citizen_promise_content_problems

DRAFT_ONLY = {
    None: gettext_lazy(
        "Bara ett utkast godkänns; ”%(title)s” är %(state)s och innehållet är låst."
    ),
}


def _not_a_party(promise):
    return PermissionDenied(
        _(
            "Bara en redaktör i %(organisations)s kan godkänna ”%(title)s” för sin organisation. "
            "En nationell administratör godkänner inte för någon part."
        )
        % {
            "title": promise.title,
            "organisations": _(" eller ").join(
                approval.organisation_name(promise, p) for p in approval.required_parties(promise)
            ),
        }
    )


def _withdraw(row, user, reason, change_reason):
    row.withdrawn_at = timezone.now()
    row.withdrawal_reason = reason
    row.full_clean()
    row._history_user = user
    row._change_reason = change_reason
    row.save()


def citizen_promise_approve(
    *, promise: CitizenPromise, user: AbstractBaseUser, party: str | None = None
) -> Approval:
    """Record that `user` approves the draft's content as it is now for `party` (by default
    the one party of the document they are an editor of). The other party's editors are
    e-mailed: asked to approve too, or told that the document can be signed."""
    with transaction.atomic():
        current = begin_step("approve", promise, user, DRAFT_ONLY)
        own = approval.parties_of(user, current)
        if not own or (party is not None and party not in own):
            raise _not_a_party(current)
        problems = citizen_promise_content_problems(current)
        if problems:
            raise ValidationError(
                [
                    _("”%(title)s” är inte klart att godkänna.") % {"title": current.title},
                    *problems,
                ],
                code="incomplete",
            )
        digest = approval.content_hash(current)
        states = approval.approval_states(current, digest=digest)
        if party is None:
            party = next((s.party for s in states if s.party in own and not s.approved), own[0])
        state = next(s for s in states if s.party == party)
        if state.approved:
            raise ValidationError(
                _(
                    "%(organisation)s har redan godkänt det nuvarande innehållet (%(name)s "
                    "%(time)s)."
                )
                % {
                    "organisation": state.organisation,
                    "name": state.current.approver_name,
                    "time": timezone.localtime(state.current.approved_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                },
                code="approved",
            )
        if party not in approval.approvable(user, current, states):
            raise ValidationError(
                _(
                    "Du har redan godkänt för den andra parten. Ett medborgarlöfte godkänns av "
                    "en person i varje organisation: be en kollega i %(organisation)s att "
                    "godkänna."
                )
                % {"organisation": state.organisation},
                code="same_person",
            )
        if state.current is not None:
            # Changed outside the services (a deleted focus area): no longer what was approved.
            _withdraw(
                state.current,
                user,
                _("Innehållet har ändrats sedan godkännandet."),
                _("Godkännandet återkallat: innehållet har ändrats"),
            )
        given = Approval(
            promise=current,
            party=party,
            user=user,
            approver_name=approval.approver_name(user),
            content_hash=digest,
            approved_at=timezone.now(),
        )
        given.full_clean()
        given._history_user = user
        given._change_reason = _("Godkänt")
        given.save()
        notifications.approved(
            promise=current,
            given=given,
            states=approval.approval_states(current, digest=digest),
            actor=user,
        )
    refresh(promise, current)
    return given


def citizen_promise_withdraw_approval(
    *, promise: CitizenPromise, user: AbstractBaseUser, party: str | None = None
) -> Approval:
    """Withdraw the current approval of `party` (by default the party of the document the user
    is an editor of that has one); the other party's editors are e-mailed."""
    with transaction.atomic():
        current = begin_step("withdraw_approval", promise, user, DRAFT_ONLY)
        own = approval.parties_of(user, current)
        if not own:
            raise _not_a_party(current)
        approvals = {a.party: a for a in current.approvals.current()}
        party = party or next((p for p in own if p in approvals), own[0])
        if party not in own:
            raise _not_a_party(current)
        row = approvals.get(party)
        if row is None:
            raise ValidationError(
                _("%(organisation)s har inget gällande godkännande av ”%(title)s” att återkalla.")
                % {
                    "organisation": approval.organisation_name(current, party),
                    "title": current.title,
                },
                code="none",
            )
        _withdraw(
            row,
            user,
            _("Återkallat av %(name)s.") % {"name": approval.approver_name(user)},
            _("Godkännandet återkallat"),
        )
        notifications.withdrawn(promise=current, withdrawn_approval=row, actor=user)
    refresh(promise, current)
    return row


def withdraw_outdated_approvals(promise: CitizenPromise, user: AbstractBaseUser) -> list[Approval]:
    """After a change to the content of `promise` (locked by the caller's transaction): the
    approvals that no longer cover the content are withdrawn, with the reason in their history,
    and the other party is told. An edit that changes nothing withdraws nothing."""
    current = list(promise.approvals.current())
    if not current:
        return []
    digest = approval.content_hash(promise)
    outdated = [row for row in current if row.content_hash != digest]
    for row in outdated:
        _withdraw(
            row,
            user,
            _("Innehållet ändrades av %(name)s efter godkännandet.")
            % {"name": approval.approver_name(user)},
            _("Godkännandet återkallat: innehållet har ändrats"),
        )
    if outdated:
        notifications.content_changed(promise=promise, outdated=outdated, actor=user)
    return outdated
