"""The steps of a medborgarlöfte's life-cycle (`loften.lifecycle.STEPS`): sign, publish,
withdraw, new version. Each checks the table before it writes, and says in Swedish what stops it;
see the package docstring for the conventions."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities import permissions

from .. import approval, lifecycle
from ..models import CitizenPromise
from .amendments import amendment_refusal
from .base import PART_MODELS, begin_step, lock, refresh

State = CitizenPromise.State


def available_transitions(promise: CitizenPromise) -> tuple[str, ...]:
    """The steps that can follow now (one query, for a document that may get a new version)."""
    steps = lifecycle.steps_from(promise.state)
    if promise.is_replaced:
        # Replaced: changes go into the version that replaced it.
        steps = tuple(step for step in steps if step != "new_version")
    elif "new_version" in steps and CitizenPromise.objects.filter(replaces=promise).exists():
        steps = tuple(step for step in steps if step != "new_version")
    if "amend" in steps and amendment_refusal(promise):
        steps = tuple(step for step in steps if step != "amend")
    return steps


def citizen_promise_sign_problems(promise: CitizenPromise) -> list[str]:
    """What stops a draft from being signed, as sentences a person can act on (empty if
    nothing): its content, then the parties' approvals of it (`loften.approval`)."""
    return citizen_promise_content_problems(promise) + approval.missing(
        approval.approval_states(promise)
    )


def citizen_promise_content_problems(promise: CitizenPromise) -> list[str]:
    """What the content lacks before it can be approved and signed. The document says itself
    where its löften are (in its text, or in an attachment) and whether it names signatories;
    nothing is asked of it that it does not say."""
    problems = []
    if not any(section.body.strip() for section in promise.sections.all()):
        problems.append(
            _("Skriv dokumentets text: lägg till minst ett avsnitt med text, t.ex. lägesbilden.")
        )
    if not promise.parties.exists():
        problems.append(
            _(
                "Ange medborgarlöftets parter: kommunen, lokalpolisområdet och andra som lovar "
                "något."
            )
        )
    if promise.valid_from is None or promise.valid_until is None:
        problems.append(_("Ange giltighetstiden (från och till)."))
    if promise.commitments_in_attachment:
        if not promise.attachments.exists():
            problems.append(
                _(
                    "Medborgarlöftet är markerat med ”Löftena finns i en bilaga”: lägg till "
                    "bilagan med löftena, eller ta bort markeringen och skriv löftena."
                )
            )
    elif not promise.commitments.exists():
        problems.append(
            _(
                "Lägg till minst ett löfte. Står löftena i en bilaga i stället, kryssa i "
                "”Löftena finns i en bilaga” och lägg till bilagan."
            )
        )
    without_party = promise.commitments.filter(parties__isnull=True)
    if without_party.exists():
        problems.append(
            _("Välj vem som lovar (en eller flera parter) för löftena: %(texts)s")
            % {"texts": "; ".join(f"”{c.text[:60]}”" for c in without_party)}
        )
    has_signatories = promise.signatories.exists()
    if promise.names_no_signatories and has_signatories:
        problems.append(
            _(
                "Medborgarlöftet har undertecknare men är markerat med ”Dokumentet namnger inga "
                "undertecknare”. Ta bort markeringen, eller ta bort undertecknarna."
            )
        )
    elif not promise.names_no_signatories and not has_signatories:
        problems.append(
            _(
                "Lägg till undertecknarna som dokumentet namnger. Namnger dokumentet inga "
                "undertecknare, kryssa i ”Dokumentet namnger inga undertecknare”."
            )
        )
    return problems


def _record(current, user, reason):
    current.lock_version += 1
    current.full_clean()
    current._history_user = user
    current._change_reason = reason
    current.save()


def citizen_promise_sign(*, promise: CitizenPromise, user: AbstractBaseUser) -> CitizenPromise:
    """utkast → undertecknat: freezes the content."""
    with transaction.atomic():
        current = begin_step(
            "sign",
            promise,
            user,
            {None: _("”%(title)s” är redan %(state)s. Bara ett utkast kan undertecknas.")},
        )
        problems = citizen_promise_sign_problems(current)
        if problems:
            raise ValidationError(
                [
                    _("”%(title)s” kan inte undertecknas ännu.") % {"title": current.title},
                    *problems,
                ],
                code="incomplete",
            )
        current.state = lifecycle.STEPS["sign"].target
        current.signed_at = timezone.now()
        _record(current, user, _("Undertecknat"))
    refresh(promise, current)
    return current


def citizen_promise_publish(*, promise: CitizenPromise, user: AbstractBaseUser) -> CitizenPromise:
    """undertecknat → publicerat: citizens see it from now on. Publishing a new version marks
    the one it replaces as replaced."""
    with transaction.atomic():
        current = begin_step(
            "publish",
            promise,
            user,
            {
                State.DRAFT: _("”%(title)s” måste undertecknas innan det kan publiceras."),
                None: _("”%(title)s” är redan %(state)s."),
            },
        )
        now = timezone.now()
        old = lock(current.replaces_id) if current.replaces_id else None
        if old is not None and not permissions.can_edit(user, old):
            raise PermissionDenied(
                _("Du får inte ersätta ”%(title)s”: din organisation är inte part i det.")
                % {"title": old.title}
            )
        current.state = lifecycle.STEPS["publish"].target
        current.published_at = now
        _record(current, user, _("Publicerat"))
        if old is not None and old.replaced_at is None:
            old.replaced_at = now
            _record(old, user, _("Ersatt av en ny version: %(title)s") % {"title": current.title})
    refresh(promise, current)
    return current


def citizen_promise_withdraw(
    *, promise: CitizenPromise, user: AbstractBaseUser, reason: str
) -> CitizenPromise:
    """publicerat → tillbakadraget: stays public, marked withdrawn, with the reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        current = begin_step(
            "withdraw",
            promise,
            user,
            {
                None: _(
                    "Bara ett publicerat medborgarlöfte kan dras tillbaka; ”%(title)s” är "
                    "%(state)s."
                )
            },
        )
        if not reason:
            raise ValidationError(
                {
                    "withdrawal_reason": _(
                        "Skriv varför medborgarlöftet dras tillbaka. Skälet visas för invånarna."
                    )
                },
                code="required",
            )
        current.state = lifecycle.STEPS["withdraw"].target
        current.withdrawal_reason = reason
        current.withdrawn_at = timezone.now()
        _record(current, user, _("Tillbakadraget: %(reason)s") % {"reason": reason})
    refresh(promise, current)
    return current


def citizen_promise_new_version(
    *, promise: CitizenPromise, user: AbstractBaseUser
) -> CitizenPromise:
    """Copy a signed or published document into a new draft that replaces it once published,
    with all its parts (attachments refer to the same stored files). The signing date is left
    empty: the new version is signed anew."""
    with transaction.atomic():
        current = begin_step(
            "new_version",
            promise,
            user,
            {
                State.DRAFT: _(
                    "”%(title)s” är ett utkast; ändra det direkt i stället för att skapa en ny "
                    "version."
                ),
                None: _(
                    "Bara ett undertecknat eller publicerat medborgarlöfte kan få en ny version; "
                    "”%(title)s” är %(state)s."
                ),
            },
        )
        if current.is_replaced:
            raise ValidationError(
                _("”%(title)s” är redan ersatt av en nyare version.") % {"title": current.title},
                code="replaced",
            )
        existing = CitizenPromise.objects.filter(replaces=current).first()
        if existing is not None:
            raise ValidationError(
                _(
                    "Det finns redan en ny version av ”%(title)s” (%(state)s, nummer %(pk)s). "
                    "Fortsätt arbeta i den."
                )
                % {
                    "title": current.title,
                    "state": existing.get_state_display(),
                    "pk": existing.pk,
                },
                code="exists",
            )
        new = CitizenPromise(replaces=current)
        for name in lifecycle.CONTENT_FIELDS:
            attname = CitizenPromise._meta.get_field(name).attname
            setattr(new, attname, getattr(current, attname))
        new.signed_on = None
        new.full_clean()
        new._history_user = user
        new._change_reason = _("Ny version av ”%(title)s” (nummer %(pk)s)") % {
            "title": current.title,
            "pk": current.pk,
        }
        new.save()
        _copy_parts(current, new, user)
    return new


def _copy_parts(current: CitizenPromise, new: CitizenPromise, user: AbstractBaseUser) -> None:
    """Copy every row of `current`'s content into `new`, in `lifecycle.CONTENT_PARTS` order so
    that a row's links (a löfte's group, parties and own focus areas) point at the copies."""
    copies: dict[tuple[type, int], object] = {}
    for model in PART_MODELS:
        links = [f.name for f in model._meta.many_to_many]
        rows = model.objects.filter(promise=current).prefetch_related(*links).order_by("pk")
        for row in rows:
            related = {name: list(getattr(row, name).all()) for name in links}
            old_pk = row.pk
            row.pk = row.id = None
            row._state.adding = True
            row.promise = new
            for field in model._meta.concrete_fields:
                if field.is_relation and field.name != "promise":
                    target = copies.get((field.related_model, getattr(row, field.attname)))
                    if target is not None:
                        setattr(row, field.name, target)
            row._history_user = user
            row.save()
            copies[(model, old_pk)] = row
            for name, targets in related.items():
                getattr(row, name).set([copies.get((type(t), t.pk), t) for t in targets])
