"""Invitations: a national administrator, or an organisation's administrator, invites a person by
e-mail into one organisation in one role; the person accepts through a link.

* The link is a signed token (`django.core.signing`) naming the invitation and its `key`. It
  works once (accepting ends it), until `expires_at` (`INVITATION_MAX_AGE_DAYS` after it was
  sent), and only while the invitation is pending: sending it again gives a new key, so the
  previous link stops working, and revoking it ends it.
* Whether the address already has an account is never told to the inviter, and the invitation
  page looks the same either way: accepting with an existing account means giving its password
  (checked through the sign-in limits), with a new one choosing a password.
* One inviter sends at most `INVITATION_RATE_LIMIT_PER_HOUR` invitations an hour, new or sent
  again. No password ever travels by e-mail: the person chooses their own.
* Every write is in the history (`Invitation.history`, `Membership.history`, the user's).

The page that accepts an invitation, and then lets the person set up two-factor sign-in without
a second e-mail, is `config/invitation_views.py`.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import permissions
from .models import Invitation, Membership, Municipality, PoliceArea

_SALT = "municipalities.invitations"
_ACCEPTED = _("Accepterad")


def _absolute(path: str, request: HttpRequest | None) -> str:
    # In a request the address it came to; from a command the configured one.
    return request.build_absolute_uri(path) if request is not None else settings.PORTAL_URL + path


def invitation_url(token: str, *, request: HttpRequest | None = None) -> str:
    return _absolute(reverse("admin:invitation_accept", args=[token]), request)


def _token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "k": invitation.key}, salt=_SALT)


def _normalised(email: str) -> str:
    return email.strip().lower()


# --- Sending -------------------------------------------------------------------------------------


def _check_rate(inviter: AbstractBaseUser | None, new: int) -> None:
    """Refuse if `inviter` would send more than the hourly limit. Every sending sets `sent_at`
    and `sent_by` and is a row in the history, so the history counts them."""
    if inviter is None:
        return  # the command: an operator on the server
    # The inviter's row is locked so that two requests at once cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=inviter.pk).first()
    since = timezone.now() - datetime.timedelta(hours=1)
    sent = (
        Invitation.history.filter(sent_by=inviter, sent_at__gt=since)
        .values("id", "sent_at")
        .distinct()
        .count()
    )
    limit = settings.INVITATION_RATE_LIMIT_PER_HOUR
    if sent + new > limit:
        raise ValidationError(
            _(
                "Du kan skicka högst %(limit)s inbjudningar i timmen och har skickat %(sent)s. "
                "Försök igen om en stund, eller be en nationell administratör om hjälp."
            )
            % {"limit": limit, "sent": sent},
            code="rate_limited",
        )


def _send(invitation: Invitation, *, request: HttpRequest | None) -> str:
    """Give the invitation a new key and validity, save it and e-mail the link; returns it."""
    now = timezone.now()
    invitation.key = secrets.token_urlsafe(32)
    invitation.sent_at = now
    invitation.expires_at = now + datetime.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
    invitation.full_clean()
    invitation.save()
    url = invitation_url(_token(invitation), request=request)
    with override("sv"):
        subject = _("Inbjudan till Medborgarlöften")
        body = render_to_string(
            "admin/email/invitation.txt",
            {
                "invitation": invitation,
                "organisation": invitation.organisation_name,
                "inviter": invitation.sent_by,
                "url": url,
                "days": settings.INVITATION_MAX_AGE_DAYS,
            },
        )
    send_mail(subject, body, None, [invitation.email])
    return url


def invitation_create(
    *,
    inviter: AbstractBaseUser | None,
    email: str,
    role: str,
    municipality: Municipality | None = None,
    police_area: PoliceArea | None = None,
    request: HttpRequest | None = None,
) -> tuple[Invitation, str]:
    """Invite `email` into one organisation in `role` on behalf of `inviter` (None only for the
    command `invite`, run by an operator on the server). Returns the invitation and its link.

    The answer is the same whether or not the address has an account."""
    if inviter is not None and not permissions.can_manage_people(
        inviter,
        municipality_id=getattr(municipality, "pk", None),
        police_area_id=getattr(police_area, "pk", None),
    ):
        raise ValidationError(
            _(
                "Du kan bara bjuda in personer till en organisation där du är administratör. "
                "Välj en av dina organisationer."
            ),
            code="forbidden",
        )
    email = _normalised(email)
    with transaction.atomic():
        _check_rate(inviter, 1)
        invitation = Invitation(
            email=email,
            municipality=municipality,
            police_area=police_area,
            role=role,
            invited_by=inviter,
            sent_by=inviter,
        )
        pending = Invitation.objects.with_effective_state().filter(
            email=email,
            municipality=municipality,
            police_area=police_area,
            effective_state=Invitation.State.PENDING,
        )
        if pending.exists():
            raise ValidationError(
                _(
                    "%(email)s har redan en giltig inbjudan till %(organisation)s. Skicka den "
                    "igen från listan över inbjudningar om den inte har kommit fram."
                )
                % {"email": email, "organisation": invitation.organisation_name},
                code="pending",
            )
        invitation._history_user = inviter
        invitation._change_reason = _("Inbjuden")
        url = _send(invitation, request=request)
    return invitation, url


def _managed(user: AbstractBaseUser, invitation_ids) -> list[Invitation]:
    return list(
        Invitation.objects.select_for_update(of=("self",))
        .filter(permissions.people_q(user), pk__in=invitation_ids)
        .select_related("municipality", "police_area")
        .order_by("pk")
    )


def invitation_resend(*, user: AbstractBaseUser, invitation_ids, request=None) -> int:
    """Send each pending (or expired) invitation among `invitation_ids` that `user` may manage
    again, with a new link; the previous links stop working. Returns how many were sent."""
    with transaction.atomic():
        invitations = [
            i for i in _managed(user, invitation_ids) if i.state == Invitation.State.PENDING
        ]
        _check_rate(user, len(invitations))
        for invitation in invitations:
            invitation.sent_by = user
            invitation._history_user = user
            invitation._change_reason = _("Skickad igen")
            _send(invitation, request=request)
    return len(invitations)


def invitation_revoke(*, user: AbstractBaseUser, invitation_ids) -> int:
    """Revoke each pending invitation among `invitation_ids` that `user` may manage: its link
    stops working. Returns how many were revoked."""
    with transaction.atomic():
        invitations = [
            i for i in _managed(user, invitation_ids) if i.state == Invitation.State.PENDING
        ]
        for invitation in invitations:
            invitation.state = Invitation.State.REVOKED
            invitation.revoked_at = timezone.now()
            invitation.revoked_by = user
            invitation.full_clean()
            invitation._history_user = user
            invitation._change_reason = _("Återkallad")
            invitation.save()
    return len(invitations)


# --- Accepting -----------------------------------------------------------------------------------


def check_invitation(token: str, *, lock: bool = False) -> Invitation:
    """The pending invitation that `token` is the link of, or a Swedish ValidationError saying
    why not (garbled, expired, used, replaced by a newer link, revoked)."""
    expired = ValidationError(
        _(
            "Inbjudan har gått ut. Den gäller i %(days)s dagar; be den som bjöd in dig att "
            "skicka den igen."
        )
        % {"days": settings.INVITATION_MAX_AGE_DAYS},
        code="expired",
    )
    try:
        payload = signing.loads(
            token, salt=_SALT, max_age=datetime.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
        )
    except signing.SignatureExpired:
        raise expired from None
    except signing.BadSignature:
        payload = None
    invitations = Invitation.objects.select_related("municipality", "police_area")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = (
        invitations.filter(pk=payload.get("i")).first() if isinstance(payload, dict) else None
    )
    if invitation is None:
        raise ValidationError(
            _("Länken är ofullständig eller felaktig. Kopiera hela länken ur e-postmeddelandet."),
            code="invalid",
        )
    if invitation.state == Invitation.State.ACCEPTED:
        raise ValidationError(
            _("Inbjudan har redan använts. Logga in med ditt konto."), code="used"
        )
    if invitation.state == Invitation.State.REVOKED:
        raise ValidationError(
            _("Inbjudan har återkallats. Kontakta den som bjöd in dig."), code="revoked"
        )
    if not constant_time_compare(invitation.key, str(payload.get("k", ""))):
        raise ValidationError(
            _(
                "Länken har ersatts av en nyare inbjudan. Använd länken i det senaste "
                "e-postmeddelandet."
            ),
            code="replaced",
        )
    if invitation.current_state == Invitation.State.EXPIRED:
        raise expired
    return invitation


def _wrong_password() -> ValidationError:
    return ValidationError(
        _(
            "Lösenordet godtas inte. Har du redan ett konto i portalen med den här "
            "e-postadressen anger du lösenordet till det; annars väljer du ett nytt lösenord."
        ),
        code="wrong_password",
    )


def _new_username(email: str) -> str:
    User = get_user_model()
    username, n = email[:150], 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{email[:140]}-{n}"
    return username


def invitation_accept(
    *,
    request: HttpRequest,
    token: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
) -> AbstractBaseUser:
    """Accept the invitation of `token`: with the password of the account that has the
    invited address, or, when there is none, a new account with that password (Django's
    password validators decide; the name is used for a new account only). Adds or changes the
    membership, tells the inviter, and returns the user, who is not yet signed in.

    The password is checked with the same validators either way and an existing account's
    through `authenticate`, so the sign-in limits count wrong guesses."""
    User = get_user_model()
    invitation = check_invitation(token)
    email = invitation.email
    candidate = User(username=email, email=email, first_name=first_name, last_name=last_name)
    validate_password(password, user=candidate)
    # Outside the transaction: a wrong password is recorded by the sign-in limits (django-axes),
    # and a refusal must not roll that record back.
    existing = list(User.objects.filter(email__iexact=email).order_by("pk"))
    user = None
    for account in existing:
        user = authenticate(request, username=account.get_username(), password=password)
        if user is not None:
            break
    if existing and user is None:
        raise _wrong_password()
    with transaction.atomic():
        invitation = check_invitation(token, lock=True)
        if user is None:
            user = User(
                username=_new_username(email),
                email=email,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                is_staff=True,
            )
            user.set_password(password)
            user.full_clean()
            user._history_user = user
            user._change_reason = _("Kontot skapat genom en inbjudan")
            user.save()
        if not user.is_staff:
            user.is_staff = True
            user._history_user = user
            user._change_reason = _("Fick tillgång till administrationen genom en inbjudan")
            user.save(update_fields=["is_staff"])
        _add_membership(invitation, user)
        invitation.state = Invitation.State.ACCEPTED
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.full_clean()
        invitation._history_user = user
        invitation._change_reason = _ACCEPTED
        invitation.save()
        _notify_inviter(invitation, request=request)
    permissions.forget(user)
    return user


def _add_membership(invitation: Invitation, user: AbstractBaseUser) -> None:
    membership = Membership.objects.select_for_update().filter(
        user=user, municipality=invitation.municipality, police_area=invitation.police_area
    ).first() or Membership(
        user=user, municipality=invitation.municipality, police_area=invitation.police_area
    )
    membership.role = invitation.role
    membership.full_clean()
    membership._history_user = user
    membership._change_reason = _("Genom inbjudan från %(inviter)s") % {
        "inviter": invitation.invited_by.get_username()
        if invitation.invited_by
        else _("kommandot invite")
    }
    membership.save()


def _notify_inviter(invitation: Invitation, *, request: HttpRequest) -> None:
    inviter = invitation.invited_by
    if inviter is None or not inviter.email:
        return
    user = invitation.accepted_by
    with override("sv"):
        subject = _("%(email)s har accepterat din inbjudan") % {"email": invitation.email}
        body = render_to_string(
            "admin/email/invitation_accepted.txt",
            {
                "inviter": inviter,
                "invitation": invitation,
                "organisation": invitation.organisation_name,
                "url": _absolute(
                    reverse("admin:auth_user_change", args=[user.pk]), request=request
                ),
            },
        )
    send_mail(subject, body, None, [inviter.email])
