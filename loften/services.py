"""Every write to a medborgarlöfte: its content and its life-cycle.

    utkast → undertecknat → publicerat → tillbakadraget
       ↑          └──────────────┴── ny version (a new draft that replaces it when published)

Each service is keyword-only, checks who may do it (`municipalities.permissions`), locks the
document's row (`select_for_update()`) inside `transaction.atomic()`, validates with
`full_clean()`, records the user (and for transitions the event) in the history, and raises
`ValidationError` with a Swedish message that says what to do. The admin's forms, actions and
buttons, imports and the shell call these; none of them re-implements a rule.

Two rules protect people's work:

* a signed document is frozen: its content (title, parties, validity period, lägesbild, effects,
  follow-up plan, löften, underlag, platser, undertecknare) changes only through a new version;
* optimistic locking: an edit carries the `lock_version` it was based on, and is refused with a
  conflict message if someone else saved in between, so the first person's edit survives.

The demo loader (`loften.demo`) writes rows directly, like a fixture, and is the one exception.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities import permissions

from .models import CitizenPromise, Commitment, Place, Signatory, Source

#: Fields only the life-cycle services write; an edit never changes them.
LIFECYCLE_FIELDS = (
    "state",
    "replaces",
    "withdrawal_reason",
    "signed_at",
    "published_at",
    "withdrawn_at",
    "replaced_at",
)

#: The rows that make up a document's content besides its own fields.
PART_MODELS = (Source, Place, Commitment, Signatory)

State = CitizenPromise.State

#: Which steps may follow which state. The services check the same, each with its own message;
#: the admin offers the steps listed here.
NEXT_STEPS = {
    State.DRAFT: ("sign",),
    State.SIGNED: ("publish", "new_version"),
    State.PUBLISHED: ("withdraw", "new_version"),
    State.WITHDRAWN: (),
}


def available_transitions(promise):
    """The steps that can follow now (one query, for a document that may get a new version)."""
    steps = NEXT_STEPS[promise.state]
    if "new_version" in steps and (
        promise.is_replaced or CitizenPromise.objects.filter(replaces=promise).exists()
    ):
        steps = tuple(step for step in steps if step != "new_version")
    return steps


# --- Checks shared by the services and the admin's forms -----------------------------------------


def frozen_message(promise):
    return _(
        "”%(title)s” är %(state)s och innehållet är låst: lägesbild, löften, underlag, platser, "
        "undertecknare och giltighetstid kan inte längre ändras. Skapa en ny version med "
        "knappen ”Skapa ny version” och gör ändringarna där; den nya versionen ersätter den "
        "här när den publiceras."
    ) % {"title": promise.title, "state": promise.get_state_display()}


def check_content_editable(promise):
    """The freeze rule: only a draft's content may change."""
    if promise.is_frozen:
        raise ValidationError(frozen_message(promise), code="frozen")


def last_saved_by(obj):
    """ " (senast sparat av … …)" from the object's history, or "" when nobody is recorded;
    said in every conflict message so the official knows whom to talk to."""
    last = obj.history.select_related("history_user").first()
    if last is None or last.history_user is None:
        return ""
    return _(" (senast sparat av %(user)s %(time)s)") % {
        "user": last.history_user.get_full_name() or last.history_user.get_username(),
        "time": timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M"),
    }


def conflict_message(current):
    return _(
        "Någon annan har sparat ändringar i ”%(title)s” sedan du öppnade sidan%(who)s. Dina "
        "ändringar har inte sparats, så att deras ändringar inte skrivs över. Kopiera det du "
        "skrev, öppna sidan på nytt för att se den senaste versionen och gör om dina ändringar "
        "där."
    ) % {"title": current.title, "who": last_saved_by(current)}


def require_edit(user, promise):
    if not permissions.can_edit(user, promise):
        raise PermissionDenied(
            _("Du får inte ändra ”%(title)s”: din organisation är inte part i det.")
            % {"title": promise.title}
        )


def _lock(promise_or_pk):
    pk = getattr(promise_or_pk, "pk", promise_or_pk)
    return CitizenPromise.objects.select_for_update().get(pk=pk)


def _refresh(promise, current):
    """Let the caller's object show what was stored."""
    if promise is not current:
        promise.refresh_from_db()


def citizen_promise_lock_for_edit(*, promise, lock_version, user=None):
    """Lock the stored document and check that an edit based on `lock_version` may be saved now:
    the user may edit it, it is still a draft, and nobody saved it in between. Returns the
    locked row. Call it inside `transaction.atomic()`; the admin's form calls it from `clean()`
    so that the person sees the refusal next to what they wrote."""
    current = _lock(promise)
    if user is not None:
        require_edit(user, current)
    check_content_editable(current)
    if lock_version is not None and current.lock_version != lock_version:
        raise ValidationError(conflict_message(current), code="conflict")
    return current


# --- Content -------------------------------------------------------------------------------------


def citizen_promise_save(*, promise, user):
    """Create a draft, or save changes to a draft's own fields.

    `promise.lock_version` must be the version the changes were based on (what the person saw).
    Life-cycle fields are never taken from the caller: a new document is always a draft."""
    if not permissions.can_edit(user, promise):
        raise PermissionDenied(
            _(
                "Du kan bara skriva medborgarlöften där din kommun eller ditt lokalpolisområde "
                "är part."
            )
        )
    with transaction.atomic():
        if promise._state.adding:
            promise.state = State.DRAFT
            for name in LIFECYCLE_FIELDS[1:]:
                setattr(promise, name, "" if name == "withdrawal_reason" else None)
            promise.lock_version = 0
        else:
            current = citizen_promise_lock_for_edit(
                promise=promise, lock_version=promise.lock_version, user=user
            )
            for name in LIFECYCLE_FIELDS:
                field = CitizenPromise._meta.get_field(name)
                setattr(promise, field.attname, getattr(current, field.attname))
            promise.lock_version = current.lock_version + 1
        promise.full_clean()
        promise._history_user = user
        promise.save()
    return promise


def _lock_parent_for_part(part, user):
    if not isinstance(part, PART_MODELS):
        raise TypeError(f"{type(part).__name__} is not part of a medborgarlöfte")
    if part.pk is not None:
        stored_promise_id = (
            type(part).objects.filter(pk=part.pk).values_list("promise_id", flat=True).first()
        )
        if stored_promise_id is not None and stored_promise_id != part.promise_id:
            raise ValidationError(
                _("En rad kan inte flyttas till ett annat medborgarlöfte."), code="moved"
            )
    return citizen_promise_lock_for_edit(promise=part.promise_id, lock_version=None, user=user)


def _touch(promise):
    """A change to a part is a change to the document: later edits based on an older version
    conflict, and the document shows when it was last changed."""
    CitizenPromise.objects.filter(pk=promise.pk).update(
        lock_version=F("lock_version") + 1, updated_at=timezone.now()
    )


def citizen_promise_part_save(*, part, user, focus_areas=None):
    """Add or change one löfte, underlag, plats or undertecknare of a draft. `focus_areas` (for a
    löfte) replaces its focus areas when given."""
    with transaction.atomic():
        promise = _lock_parent_for_part(part, user)
        part.full_clean()
        part._history_user = user
        part.save()
        if focus_areas is not None and isinstance(part, Commitment):
            part.focus_areas.set(focus_areas)
        _touch(promise)
    return part


def citizen_promise_part_delete(*, part, user):
    """Remove one löfte, underlag, plats or undertecknare from a draft."""
    with transaction.atomic():
        promise = _lock_parent_for_part(part, user)
        part._history_user = user
        try:
            part.delete()
        except ProtectedError as error:
            raise ValidationError(
                _("”%(part)s” har redan status i en uppföljning och kan inte tas bort.")
                % {"part": part},
                code="protected",
            ) from error
        _touch(promise)


def citizen_promise_delete(*, promise, user):
    """Delete a draft. Signed and published documents are never deleted."""
    with transaction.atomic():
        current = _lock(promise)
        require_edit(user, current)
        if current.is_frozen:
            raise ValidationError(
                _(
                    "”%(title)s” är %(state)s och raderas aldrig, så att det som har undertecknats "
                    "och publicerats finns kvar. Dra tillbaka det om det inte längre gäller, eller "
                    "skapa en ny version som ersätter det."
                )
                % {"title": current.title, "state": current.get_state_display()},
                code="frozen",
            )
        current._history_user = user
        try:
            current.delete()
        except ProtectedError as error:
            raise ValidationError(
                _("”%(title)s” har uppföljningar. Ta bort dem först om utkastet ska raderas.")
                % {"title": current.title},
                code="protected",
            ) from error


# --- Life-cycle ----------------------------------------------------------------------------------


def citizen_promise_sign_problems(promise):
    """What stops a draft from being signed, as sentences a person can act on (empty if
    nothing)."""
    problems = []
    if not promise.situation.strip():
        problems.append(_("Skriv lägesbilden."))
    if promise.valid_from is None or promise.valid_until is None:
        problems.append(_("Ange giltighetstiden (från och till)."))
    if not promise.commitments.exists():
        problems.append(_("Lägg till minst ett löfte."))
    signatories = list(promise.signatories.all())
    if not signatories:
        problems.append(_("Lägg till undertecknarna, med datum för underskrift."))
    unsigned = [s.name for s in signatories if s.signed_on is None]
    if unsigned:
        problems.append(
            _("Ange datum för underskrift för %(names)s.") % {"names": ", ".join(unsigned)}
        )
    return problems


def _record(current, user, reason):
    current.lock_version += 1
    current.full_clean()
    current._history_user = user
    current._change_reason = reason
    current.save()


def citizen_promise_sign(*, promise, user):
    """utkast → undertecknat: freezes the content."""
    with transaction.atomic():
        current = _lock(promise)
        require_edit(user, current)
        if current.state != State.DRAFT:
            raise ValidationError(
                _("”%(title)s” är redan %(state)s. Bara ett utkast kan undertecknas.")
                % {"title": current.title, "state": current.get_state_display()},
                code="state",
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
        current.state = State.SIGNED
        current.signed_at = timezone.now()
        _record(current, user, _("Undertecknat"))
    _refresh(promise, current)
    return current


def citizen_promise_publish(*, promise, user):
    """undertecknat → publicerat: citizens see it from now on. Publishing a new version marks
    the one it replaces as replaced."""
    with transaction.atomic():
        current = _lock(promise)
        require_edit(user, current)
        if current.state == State.DRAFT:
            raise ValidationError(
                _("”%(title)s” måste undertecknas innan det kan publiceras.")
                % {"title": current.title},
                code="state",
            )
        if current.state != State.SIGNED:
            raise ValidationError(
                _("”%(title)s” är redan %(state)s.")
                % {"title": current.title, "state": current.get_state_display()},
                code="state",
            )
        now = timezone.now()
        old = _lock(current.replaces_id) if current.replaces_id else None
        if old is not None and not permissions.can_edit(user, old):
            raise PermissionDenied(
                _("Du får inte ersätta ”%(title)s”: din organisation är inte part i det.")
                % {"title": old.title}
            )
        current.state = State.PUBLISHED
        current.published_at = now
        _record(current, user, _("Publicerat"))
        if old is not None and old.replaced_at is None:
            old.replaced_at = now
            _record(old, user, _("Ersatt av en ny version: %(title)s") % {"title": current.title})
    _refresh(promise, current)
    return current


def citizen_promise_withdraw(*, promise, user, reason):
    """publicerat → tillbakadraget: stays public, marked withdrawn, with the reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        current = _lock(promise)
        require_edit(user, current)
        if current.state != State.PUBLISHED:
            raise ValidationError(
                _("Bara ett publicerat medborgarlöfte kan dras tillbaka; ”%(title)s” är %(state)s.")
                % {"title": current.title, "state": current.get_state_display()},
                code="state",
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
        current.state = State.WITHDRAWN
        current.withdrawal_reason = reason
        current.withdrawn_at = timezone.now()
        _record(current, user, _("Tillbakadraget: %(reason)s") % {"reason": reason})
    _refresh(promise, current)
    return current


def citizen_promise_new_version(*, promise, user):
    """Copy a signed or published document into a new draft that replaces it once published.
    Signatories are copied without their signing dates: the new version is signed anew."""
    with transaction.atomic():
        current = _lock(promise)
        require_edit(user, current)
        if current.state == State.DRAFT:
            raise ValidationError(
                _(
                    "”%(title)s” är ett utkast; ändra det direkt i stället för att skapa en ny "
                    "version."
                )
                % {"title": current.title},
                code="state",
            )
        if current.state not in (State.SIGNED, State.PUBLISHED):
            raise ValidationError(
                _(
                    "Bara ett undertecknat eller publicerat medborgarlöfte kan få en ny version; "
                    "”%(title)s” är %(state)s."
                )
                % {"title": current.title, "state": current.get_state_display()},
                code="state",
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
        new = CitizenPromise(
            municipality_id=current.municipality_id,
            police_area_id=current.police_area_id,
            title=current.title,
            valid_from=current.valid_from,
            valid_until=current.valid_until,
            situation=current.situation,
            effects=current.effects,
            followup_plan=current.followup_plan,
            replaces=current,
        )
        new.full_clean()
        new._history_user = user
        new._change_reason = _("Ny version av ”%(title)s” (nummer %(pk)s)") % {
            "title": current.title,
            "pk": current.pk,
        }
        new.save()
        for model in PART_MODELS:
            for row in model.objects.filter(promise=current).order_by("pk"):
                focus_areas = list(row.focus_areas.all()) if model is Commitment else None
                row.pk = row.id = None
                row._state.adding = True
                row.promise = new
                if model is Signatory:
                    row.signed_on = None
                row._history_user = user
                row.save()
                if focus_areas is not None:
                    row.focus_areas.set(focus_areas)
    return new
