"""The admin's two-factor pages (URLs in `config/admin.py`, rules in `config/two_factor.py`).

- `sign_in_step` (`admin:two_factor`): after the password, a code from the app or a backup code;
  a user without an app is e-mailed a set-up link instead and shown no QR code.
- `enrol_link` (`admin:two_factor_enrol_link`): the link's address; any way of delivering an
  enrolment token (the e-mail, an invitation) points here.
- `enrol` (`admin:two_factor_enrol`): the QR code and key, only for a session that redeemed a token.
- `backup_codes` (`admin:two_factor_backup_codes`): new backup codes, for a verified session.
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from config import two_factor
from config.two_factor import LinkState


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Engångskod"),
        max_length=16,
        help_text=gettext_lazy(
            "Sex siffror från autentiseringsappen i din telefon, eller en av dina reservkoder."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "none"}
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


class EnrolForm(TokenForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].help_text = _("Sex siffror från autentiseringsappen i din telefon.")
        self.fields["token"].widget.attrs["inputmode"] = "numeric"


def _signed_in_staff(user):
    return user.is_authenticated and user.is_active and user.is_staff


def _with_next(request, url):
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url


def _render(request, site, template, **context):
    request.current_app = site.name
    context = {
        **site.each_context(request),
        "next": request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, ""),
        "redirect_field_name": REDIRECT_FIELD_NAME,
        **context,
    }
    return TemplateResponse(request, template, context)


def _send_link(request):
    try:
        two_factor.send_enrolment_link(request=request, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return False
    return True


@never_cache
@csrf_protect
def sign_in_step(request, site):
    """Second sign-in step: a code from the app or a backup code; without an app, the link."""
    user = request.user
    login_url = reverse("admin:login", current_app=site.name)
    if not _signed_in_staff(user):
        return redirect_to_login(request.get_full_path(), login_url)
    if request.method == "POST" and "_logout" in request.POST:
        auth.logout(request)
        return redirect(login_url)
    verified = not two_factor.two_factor_required() or two_factor.is_verified(user)
    has_app = two_factor.confirmed_app(user) is not None
    # A new link for whoever has no app yet, or has proved they have it (a new phone); never
    # for a session with only the password of an account that has an app.
    if request.method == "POST" and "_send_link" in request.POST and (verified or not has_app):
        if _send_link(request):
            messages.success(
                request,
                _("En ny länk har skickats till %(email)s.")
                % {"email": two_factor.masked_email(user.email)},
            )
        return redirect(_with_next(request, reverse("admin:two_factor", current_app=site.name)))
    if verified:
        return redirect(site._next_url(request))
    if two_factor.enrolment_device(request) is not None:
        return redirect(_with_next(request, reverse("admin:two_factor_enrol")))

    if not has_app:
        # Only the e-mailed link leads to a QR code: the password alone never does.
        state = two_factor.link_state(user)
        sent_now = state is LinkState.NONE and _send_link(request)
        return _render(
            request,
            site,
            "admin/two_factor.html",
            title=_("Konfigurera tvåstegsverifiering"),
            link_state=state.value,
            sent_now=sent_now,
            email=two_factor.masked_email(user.email) if user.email else "",
            hours=settings.TWO_FACTOR_LINK_MAX_AGE_HOURS,
        )

    form = TokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            two_factor.verify_sign_in_code(request=request, code=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            return redirect(site._next_url(request))
    return _render(request, site, "admin/two_factor.html", title=_("Ange engångskod"), form=form)


@never_cache
@csrf_protect
def enrol_link(request, site, token):
    """The set-up link: for the user it was made for, signed in (through the password step
    first if need be). It is used up here, and the session goes on to `enrol`."""
    if not _signed_in_staff(request.user):
        return redirect_to_login(
            request.get_full_path(), reverse("admin:login", current_app=site.name)
        )
    try:
        two_factor.redeem_enrolment_token(request=request, token=token)
    except ValidationError as error:
        return _render(
            request,
            site,
            "admin/two_factor_link_invalid.html",
            title=_("Länken fungerar inte"),
            error=error.messages[0],
            has_email=bool(request.user.email),
        )
    return redirect(reverse("admin:two_factor_enrol", current_app=site.name))


@never_cache
@csrf_protect
def enrol(request, site):
    """The QR code and key, and the code that confirms them, after a redeemed link."""
    if not _signed_in_staff(request.user):
        return redirect_to_login(
            request.get_full_path(), reverse("admin:login", current_app=site.name)
        )
    device = two_factor.enrolment_device(request)
    if device is None:
        return redirect(_with_next(request, reverse("admin:two_factor", current_app=site.name)))
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            codes = two_factor.confirm_enrolment(
                request=request, device=device, code=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error("token", error)
        else:
            return _backup_codes_page(request, site, codes, enrolled=True)
    secret = b32encode(device.bin_key).decode()
    return _render(
        request,
        site,
        "admin/two_factor_enrol.html",
        title=_("Konfigurera tvåstegsverifiering"),
        form=form,
        qr_svg=_qr_svg(device.config_url),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )


def backup_codes(request, site):
    """New backup codes for a verified session (wrapped in `admin_view` by the site)."""
    if request.method == "POST":
        codes = two_factor.replace_backup_codes(user=request.user)
        return _backup_codes_page(request, site, codes, enrolled=False)
    return _render(
        request,
        site,
        "admin/two_factor_backup_codes.html",
        title=_("Reservkoder"),
        codes_left=two_factor.backup_codes_left(request.user),
    )


def _backup_codes_page(request, site, codes, *, enrolled):
    # The codes are in this response only: the admin hides them (OTP_ADMIN_HIDE_SENSITIVE_DATA)
    # and its responses are never cached (config/middleware.py).
    return _render(
        request,
        site,
        "admin/two_factor_backup_codes.html",
        title=_("Dina reservkoder"),
        codes=codes,
        enrolled=enrolled,
        continue_url=site._next_url(request),
    )


def _qr_svg(data):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8)
    # The SVG is made here from the device's own otpauth URL, never from user input: accepted
    # in the security lint (bandit).
    return mark_safe(image.to_string(encoding="unicode"))  # nosec B308, B703
