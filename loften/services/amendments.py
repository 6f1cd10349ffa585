"""Amendments (ändringar) of a löfte while its signed document runs: propose, approve, withdraw.
The table of what may change is `loften.amendable`; see the package docstring for the
conventions.

A signed document's content stays frozen for every ordinary edit; an amendment is the one way a
löfte's method, rate target, measures or period changes while the document runs. It needs each
required party's approval (`loften.approval.required_parties`), each through its own person, as
the document's own approval does: proposing it is the proposer's party's approval. The change is
applied to the löfte, in the same transaction as the last approval, and only if the löfte still
has the values the amendment was proposed against. The document keeps its version, state and
signature; the löfte's history and the amendment record what changed, why and when.

An amendment changes a document while it runs, never after: a replaced document's löften change
in the version that replaced it, and those of a document whose period has ended not at all
(`amendment_refusal`). A proposal that can no longer be approved may still be withdrawn.
"""

import copy
import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from .. import approval, notifications
from ..amendable import AMENDABLE, BY_KEY
from ..locking import bump, last_saved_by, lock_and_check
from ..models import Amendment, AmendmentApproval, CitizenPromise, Commitment
from .base import begin_step

REFUSALS = {
    CitizenPromise.State.DRAFT: gettext_lazy(
        "”%(title)s” är ett utkast: ändra löftet direkt i utkastet. Ändringar under löptiden "
        "görs i undertecknade och publicerade medborgarlöften."
    ),
    None: gettext_lazy(
        "”%(title)s” är %(state)s och dess löften ändras inte längre. Ändringar under löptiden "
        "görs i undertecknade och publicerade medborgarlöften."
    ),
}


def amendment_refusal(promise: CitizenPromise) -> str:
    """Why the löften of a signed or published document may not be amended now (empty: they
    may): it is replaced, or its period has ended (`CitizenPromise.phase`), so that a change
    would rewrite what it promised after the fact. The admin offers no step where this says
    no."""
    if promise.is_replaced:
        return _(
            "”%(title)s” är ersatt av en ny version. Gör ändringen i den nya versionen i stället."
        ) % {"title": promise.title}
    if promise.phase() == "ended":
        return _(
            "”%(title)s” gällde till och med %(until)s. Dess löften ändras inte i efterhand: en "
            "ändring skulle skriva om vad medborgarlöftet lovade medan det gällde."
        ) % {"title": promise.title, "until": promise.valid_until.isoformat()}
    return ""


def _begin(
    promise_pk: int, user: AbstractBaseUser, *, withdrawing: bool = False
) -> tuple[CitizenPromise, tuple[str, ...]]:
    """Lock the document, check the life-cycle table, that the user acts for a party and, unless
    `withdrawing` a proposal, `amendment_refusal`; return the document with the parties the user
    acts for."""
    promise = begin_step("amend", promise_pk, user, REFUSALS)
    own = approval.parties_of(user, promise)
    if not own:
        raise PermissionDenied(
            _(
                "Bara en redaktör i %(organisations)s kan föreslå eller godkänna en ändring av "
                "”%(title)s”. En nationell administratör godkänner inte för någon part."
            )
            % {
                "title": promise.title,
                "organisations": _(" eller ").join(
                    approval.organisation_name(promise, p)
                    for p in approval.required_parties(promise)
                ),
            }
        )
    refusal = "" if withdrawing else amendment_refusal(promise)
    if refusal:
        raise ValidationError(refusal, code="refused")
    return promise, own


def amendment_changes(
    commitment: Commitment, values: dict, *, before: dict | None = None
) -> list[dict]:
    """What `values` change, as an amendment's `changes`: one row per change of a thing of
    `loften.amendable` (per measure for measures), with the values and their words (in Swedish)
    before and after. `values` are a commitment's field names and their new values, and under
    "measures" the measures to change or add; those left out stay. The new values are checked
    with the commitment's and the measures' own rules. `before`, in the same form, says what the
    löfte had before when that is not what it has now (the demo's amendments)."""
    changed = copy.copy(commitment)
    rows = []
    with override("sv"):
        for item in AMENDABLE:
            now = item.read(commitment)
            old = item.merge(commitment, now, before) if before else now
            new = item.merge(commitment, now, values)
            item.assign(changed, new)
            rows.extend(
                {
                    "key": item.key,
                    "before": b,
                    "after": a,
                    "before_text": str(item.show(b)),
                    "after_text": str(item.show(a)),
                }
                for b, a in item.pairs(old, new)
            )
    changed.full_clean(exclude=["promise", "group"], validate_unique=False)
    return rows


def amendment_propose(
    *,
    commitment: Commitment,
    user: AbstractBaseUser,
    values: dict,
    reason: str,
    effective_from: datetime.date,
) -> Amendment:
    """Propose to change a löfte of a signed or published document: `values` are the new values
    of the fields of `loften.amendable` (those left out stay). The proposal counts as the
    approval of the proposer's party; the other party's editors are asked to approve it. A
    document with one party has it applied at once."""
    reason = (reason or "").strip()
    with transaction.atomic():
        promise, own = _begin(commitment.promise_id, user)
        if not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "Skriv varför löftet ändras. Skälet visas för invånarna tillsammans med "
                        "ändringen."
                    )
                },
                code="reason",
            )
        current = Commitment.objects.select_for_update().get(pk=commitment.pk)
        changes = amendment_changes(current, values)
        if not changes:
            raise ValidationError(
                _("Ändringen ändrar ingenting: skriv de nya värdena för löftet."), code="empty"
            )
        pending = current.amendments.filter(state=Amendment.State.PROPOSED).first()
        if pending is not None:
            raise ValidationError(
                _(
                    "Löftet har redan en föreslagen ändring (%(date)s). Godkänn eller återkalla "
                    "den först."
                )
                % {"date": timezone.localtime(pending.proposed_at).strftime("%Y-%m-%d")},
                code="pending",
            )
        amendment = Amendment(
            commitment=current,
            changes=changes,
            reason=reason,
            effective_from=effective_from,
            proposed_by=user,
        )
        amendment.full_clean()
        amendment._history_user = user
        amendment._change_reason = _("Föreslagen")
        amendment.save()
        _approve(amendment, promise, own[0], user)
        if amendment.state == Amendment.State.PROPOSED:
            notifications.amendment_proposed(promise=promise, amendment=amendment, actor=user)
    return amendment


def _conflict(current: Amendment) -> str:
    return _(
        "Någon annan har ändrat förslaget sedan du öppnade sidan%(who)s. Öppna ändringen på nytt "
        "och se vad som gäller nu."
    ) % {"who": last_saved_by(current)}


def amendment_approve(
    *, amendment: Amendment, user: AbstractBaseUser, lock_version: int | None = None
) -> Amendment:
    """Approve a proposed amendment for the user's party; the last approval applies it.
    `lock_version` is the amendment's version the user saw (None: the stored one)."""
    with transaction.atomic():
        promise, own, current = _lock(amendment, user, lock_version)
        done = {a.party for a in current.approvals.all()}
        if any(a.user_id == user.pk for a in current.approvals.all()):
            raise ValidationError(
                _(
                    "Du har redan godkänt ändringen för din organisation. En ändring godkänns av "
                    "en person i varje organisation: be en kollega i den andra organisationen "
                    "att godkänna."
                ),
                code="same_person",
            )
        party = next((p for p in own if p not in done), None)
        if party is None:
            raise ValidationError(
                _("%(organisation)s har redan godkänt ändringen.")
                % {"organisation": approval.organisation_name(promise, own[0])},
                code="approved",
            )
        _approve(current, promise, party, user)
    amendment.refresh_from_db()
    return current


def amendment_withdraw(
    *, amendment: Amendment, user: AbstractBaseUser, lock_version: int | None = None
) -> Amendment:
    """Withdraw a proposed amendment (either party may); the löfte stays as it is."""
    with transaction.atomic():
        _promise, _own, current = _lock(amendment, user, lock_version, withdrawing=True)
        current.state = Amendment.State.WITHDRAWN
        current.withdrawn_at = timezone.now()
        current.lock_version += 1
        current.full_clean()
        current._history_user = user
        current._change_reason = _("Återkallad")
        current.save()
    amendment.refresh_from_db()
    return current


def _lock(amendment, user, lock_version, *, withdrawing=False):
    """Lock the document, then the amendment; check that it is still a proposal and was not
    changed since `lock_version`."""
    promise_pk = (
        Commitment.objects.filter(pk=amendment.commitment_id).values_list("promise_id").get()[0]
    )
    promise, own = _begin(promise_pk, user, withdrawing=withdrawing)
    current = lock_and_check(
        Amendment.objects.select_related("commitment"),
        amendment.pk,
        lock_version=lock_version,
        checks=[_still_proposed],
        conflict_message=_conflict,
    )
    return promise, own, current


def _still_proposed(current: Amendment) -> None:
    if current.state != Amendment.State.PROPOSED:
        raise ValidationError(
            _("Ändringen är redan %(state)s och kan inte längre godkännas eller återkallas.")
            % {"state": current.get_state_display()},
            code="state",
        )


def _approve(amendment: Amendment, promise: CitizenPromise, party: str, user) -> None:
    """Record `party`'s approval; when every required party has approved, apply the change."""
    row = AmendmentApproval(
        amendment=amendment,
        party=party,
        user=user,
        approver_name=approval.approver_name(user),
        approved_at=timezone.now(),
    )
    row.full_clean()
    row._history_user = user
    row.save()
    approved = set(amendment.approvals.values_list("party", flat=True))
    if set(approval.required_parties(promise)) <= approved:
        _apply(amendment, promise, user)
    else:
        bump(amendment)
        amendment.refresh_from_db(fields=["lock_version"])


def _apply(amendment: Amendment, promise: CitizenPromise, user) -> None:
    """Write the change into the löfte, if it still has the values the change was proposed
    against (another amendment may have changed it meanwhile)."""
    commitment = Commitment.objects.select_for_update().get(pk=amendment.commitment_id)
    reason = _("Ändrat genom en ändring under löptiden: %(reason)s") % {"reason": amendment.reason}
    for change in amendment.changes:
        item = BY_KEY[change["key"]]
        if item.current(commitment, change["before"]) != change["before"]:
            raise ValidationError(
                _(
                    "Löftet har ändrats sedan ändringen föreslogs, så den kan inte godkännas som "
                    "den är. Återkalla den och föreslå en ny utifrån löftet som det är nu."
                ),
                code="conflict",
            )
        item.write(commitment, change["before"], change["after"], user, reason)
    commitment.full_clean(exclude=["promise", "group"], validate_unique=False)
    commitment._history_user = user
    commitment._change_reason = reason
    commitment.save()
    amendment.state = Amendment.State.APPROVED
    amendment.approved_at = timezone.now()
    amendment.lock_version += 1
    amendment.full_clean()
    amendment._history_user = user
    amendment._change_reason = _("Godkänd av alla parter och införd i löftet")
    amendment.save()
    bump(promise)
