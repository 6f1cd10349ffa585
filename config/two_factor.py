"""Two-factor sign-in: enrolment authorised by a one-time token, sign-in codes and backup codes.

Knowing the password is never enough to set up an authenticator app: whoever has only the
password must not be able to choose the second factor. Enrolment is therefore authorised by a
one-time token that reaches the user out of band, today as a link e-mailed to the registered
address (`send_enrolment_link`).

**Reuse.** "Enrolment authorised by a token" is these functions and one view, for every way a
token is delivered (an invitation link will be the next):

- `enrolment_token_for(user)` issues a token and replaces any earlier one of that user;
- `enrolment_url(request, token)` is its address, the view `admin:two_factor_enrol_link`
  (`config/two_factor_views.py`), which signs the visitor in through the password step first;
- `redeem_enrolment_token(request=…, token=…)` checks it with `check_enrolment_token` and uses it
  up, after which the session may set up an app on `admin:two_factor_enrol`.

A token is a signed, timestamped value (`django.core.signing`, expiring after
`TWO_FACTOR_LINK_MAX_AGE_HOURS`) naming the user and an unconfirmed `TOTPDevice` made for it, with
a fingerprint of that device's key and the user's e-mail address. Redeeming it gives the device a
new key, so the fingerprint no longer matches: each token works once. A newer token deletes the
older device, and a removed device takes its tokens with it, so a national administrator who
removes a lost phone leaves nothing anyone could enrol with.

Backup codes are django-otp's `StaticDevice` with `BACKUP_CODE_COUNT` single-use `StaticToken`s;
they are shown once, when made, and accepted at sign-in instead of a code from the app.
"""

import datetime
import enum

import django_otp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

_SALT = "config.two_factor.enrolment"
#: The session holds the pk of the device whose enrolment a redeemed token authorised.
ENROLMENT_SESSION_KEY = "two_factor_enrolment_device"
BACKUP_CODE_COUNT = 10


def two_factor_required() -> bool:
    return getattr(settings, "ADMIN_REQUIRE_2FA", False)


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


# --- Tokens --------------------------------------------------------------------------------------


def _max_age() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.TWO_FACTOR_LINK_MAX_AGE_HOURS)


def _fingerprint(device: TOTPDevice, user: AbstractBaseUser) -> str:
    # Changes when the token is redeemed (a new key) or the address it was sent to changes.
    return salted_hmac(_SALT, f"{device.key}|{user.email}", algorithm="sha256").hexdigest()[:32]


def enrolment_token_for(user: AbstractBaseUser) -> str:
    """A one-time token that authorises `user` to set up an authenticator app. Earlier tokens
    of the user stop working (their unconfirmed device is deleted); a confirmed app stays until
    the new one is confirmed."""
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=_("Autentiseringsapp"), confirmed=False)
    return signing.dumps(
        {"u": user.pk, "d": device.pk, "f": _fingerprint(device, user)}, salt=_SALT
    )


def enrolment_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("admin:two_factor_enrol_link", args=[token]))


def check_enrolment_token(*, user: AbstractBaseUser, token: str) -> TOTPDevice:
    """The unconfirmed device that `token` authorises `user` to set up, or a Swedish
    ValidationError saying why not (expired, used or replaced, another user's, garbled)."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=_max_age())
    except signing.SignatureExpired:
        raise ValidationError(
            _("Länken har gått ut. Den gäller i %(hours)s timmar; be om en ny nedan.")
            % {"hours": settings.TWO_FACTOR_LINK_MAX_AGE_HOURS},
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("Länken är ofullständig eller felaktig. Kopiera hela länken ur e-postmeddelandet."),
            code="invalid",
        ) from None
    if not isinstance(payload, dict) or payload.get("u") != user.pk:
        raise ValidationError(
            _(
                "Länken gäller ett annat konto än det du är inloggad med. Logga ut och logga in "
                "som den person länken skickades till."
            ),
            code="other_user",
        )
    device = TOTPDevice.objects.filter(pk=payload.get("d"), user=user, confirmed=False).first()
    if device is None or not constant_time_compare(
        _fingerprint(device, user), str(payload.get("f", ""))
    ):
        raise ValidationError(
            _("Länken har redan använts eller ersatts av en nyare länk. Be om en ny nedan."),
            code="used",
        )
    return device


def redeem_enrolment_token(*, request: HttpRequest, token: str) -> TOTPDevice:
    """Check `token` for the signed-in user, use it up and let this session set up the app."""
    with transaction.atomic():
        # The user's pending devices are locked first, so that two requests with one link
        # cannot both redeem it.
        list(TOTPDevice.objects.select_for_update().filter(user=request.user, confirmed=False))
        device = check_enrolment_token(user=request.user, token=token)
        device.key = default_key()
        device.save(update_fields=["key"])
    request.session[ENROLMENT_SESSION_KEY] = device.pk
    return device


def enrolment_device(request: HttpRequest) -> TOTPDevice | None:
    """The device this session may set up, after a redeemed token; None otherwise."""
    pk = request.session.get(ENROLMENT_SESSION_KEY)
    if pk is None:
        return None
    return TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()


# --- The e-mailed link ---------------------------------------------------------------------------


class LinkState(enum.Enum):
    NO_EMAIL = "no_email"
    PENDING = "pending"  # a link was sent and has not expired
    NONE = "none"


def link_state(user: AbstractBaseUser) -> LinkState:
    if not user.email:
        return LinkState.NO_EMAIL
    pending = TOTPDevice.objects.devices_for_user(user, confirmed=False).filter(
        created_at__gt=timezone.now() - _max_age()
    )
    return LinkState.PENDING if pending.exists() else LinkState.NONE


def send_enrolment_link(*, request: HttpRequest, user: AbstractBaseUser) -> None:
    """E-mail `user` a new set-up link, replacing any earlier one. At most one link per
    `TWO_FACTOR_LINK_RESEND_MINUTES`, so that whoever knows the password cannot flood the
    mailbox. Raises a Swedish ValidationError when no link is sent."""
    if not user.email:
        raise ValidationError(
            _(
                "Ditt konto har ingen e-postadress, så vi kan inte skicka någon länk. Kontakta en "
                "nationell administratör, som kan lägga in din adress."
            ),
            code="no_email",
        )
    wait = datetime.timedelta(minutes=settings.TWO_FACTOR_LINK_RESEND_MINUTES)
    with transaction.atomic():
        # The user's row is locked so that two requests at once cannot both send.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        latest = (
            TOTPDevice.objects.devices_for_user(user, confirmed=False)
            .order_by("-created_at")
            .first()
        )
        if latest is not None and latest.created_at > timezone.now() - wait:
            raise ValidationError(
                _(
                    "En länk skickades för mindre än %(minutes)s minuter sedan. Titta i din "
                    "inkorg (och skräpposten) eller försök igen om en stund."
                )
                % {"minutes": settings.TWO_FACTOR_LINK_RESEND_MINUTES},
                code="too_soon",
            )
        token = enrolment_token_for(user)
        with override("sv"):
            subject = _("Konfigurera tvåstegsverifiering för Medborgarlöften")
            body = render_to_string(
                "admin/email/two_factor_link.txt",
                {
                    "user": user,
                    "url": enrolment_url(request, token),
                    "hours": settings.TWO_FACTOR_LINK_MAX_AGE_HOURS,
                },
            )
        send_mail(subject, body, None, [user.email])


def masked_email(email: str) -> str:
    """k…@example.org: enough for the owner to recognise, little for someone who is not."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


# --- Confirming an app, signing in, backup codes -------------------------------------------------


def _check_throttle(device: Device) -> None:
    allowed, why = device.verify_is_allowed()
    if allowed:
        return
    locked_until = (why or {}).get("locked_until")
    # django-otp doubles the wait after each wrong code (1, 2, 4 … seconds).
    wait = 1
    if locked_until:
        wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
    raise ValidationError(
        _("För många felaktiga koder i rad. Vänta %(seconds)s sekunder och försök igen.")
        % {"seconds": wait},
        code="throttled",
    )


def _wrong_code() -> ValidationError:
    return ValidationError(
        _(
            "Koden stämmer inte. Ta en ny kod ur appen och försök igen; kontrollera att "
            "klockan i telefonen går rätt om det fortsätter."
        ),
        code="wrong",
    )


def confirm_enrolment(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app this session was authorised to set up with a code from it, replace the
    user's other apps and backup codes, and verify the session. Returns the new backup codes,
    which are shown once and never stored in readable form anywhere else."""
    _check_throttle(device)
    if not device.verify_token(code):
        raise _wrong_code()
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.devices_for_user(device.user).exclude(pk=device.pk).delete()
        codes = replace_backup_codes(user=device.user)
    request.session.pop(ENROLMENT_SESSION_KEY, None)
    _verify_session(request, device)
    return codes


def verify_sign_in_code(*, request: HttpRequest, code: str) -> Device:
    """The sign-in's second step: a code from the user's app or one of their backup codes,
    which is used up. Verifies the session or raises a Swedish ValidationError."""
    user = request.user
    app = confirmed_app(user)
    backup = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    # A backup code is letters and digits, an app's code only digits: try the app first.
    candidates = [d for d in (app if code.isdigit() else None, backup) if d is not None]
    for device in candidates:
        _check_throttle(device)
    for device in candidates:
        if device.verify_token(code):
            _verify_session(request, device)
            return device
    raise _wrong_code()


def _verify_session(request: HttpRequest, device: Device) -> None:
    # A new session key for the fully signed-in session, as at the password step.
    request.session.cycle_key()
    django_otp.login(request, device)


def replace_backup_codes(*, user: AbstractBaseUser) -> list[str]:
    """New backup codes for `user`; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.devices_for_user(user).delete()
        device = StaticDevice.objects.create(user=user, name=_("Reservkoder"), confirmed=True)
        codes = [StaticToken.random_token() for _n in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def backup_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
