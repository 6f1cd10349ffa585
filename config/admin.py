"""The portal's admin site: Django's admin plus two-factor sign-in (TOTP, django-otp).

With `ADMIN_REQUIRE_2FA` on (the default outside DEBUG) the admin lets in only users whose
session was verified with a one-time code. Signing in is two steps: the ordinary admin login
(username and password, with django-axes counting failures), then `admin:two_factor`, which asks
for the code, or, for a user without a confirmed authenticator app, shows a QR code and the key to
set one up. The setting is read on every request, so tests and the demo can switch it.
"""

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, auth, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp.plugins.otp_totp.models import TOTPDevice


def two_factor_required():
    return getattr(settings, "ADMIN_REQUIRE_2FA", False)


def is_verified(user):
    check = getattr(user, "is_verified", None)
    return bool(check and check())


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Engångskod"),
        max_length=8,
        help_text=gettext_lazy("Sex siffror från autentiseringsappen i din telefon."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


class PortalAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Medborgarlöften – administration")
    site_title = gettext_lazy("Medborgarlöften")
    index_title = gettext_lazy("Redigera medborgarlöften och uppföljningar")

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not two_factor_required() or is_verified(request.user)

    def _needs_second_step(self, request):
        user = request.user
        return (
            two_factor_required()
            and user.is_active
            and user.is_staff
            and user.is_authenticated
            and not is_verified(user)
        )

    def login(self, request, extra_context=None):
        if self._needs_second_step(request):
            return self._redirect_to_second_step(request)
        return super().login(request, extra_context)

    def _redirect_to_second_step(self, request):
        url = reverse("admin:two_factor", current_app=self.name)
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME)
        if next_url:
            return redirect(f"{url}?{REDIRECT_FIELD_NAME}={next_url}")
        return redirect(url)

    def get_urls(self):
        # Imported here: this module is loaded with the app registry, before any model.
        from .view_on_site import view_on_site

        # Django's "view on site" shortcut, replaced by one that follows only to public pages
        # (config/view_on_site.py); same address, same name, behind the same gate.
        urls = [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(view_on_site),
                name="view_on_site",
            )
            if getattr(url, "name", None) == "view_on_site"
            else url
            for url in super().get_urls()
        ]
        return [
            path("tvastegsverifiering/", self.two_factor_view, name="two_factor"),
            *urls,
        ]

    def _next_url(self, request):
        next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return next_url
        return reverse("admin:index", current_app=self.name)

    def two_factor_view(self, request):
        """Second sign-in step: enter the one-time code, or set up an authenticator app."""
        return _two_factor_view(request, self)


@never_cache
@csrf_protect
def _two_factor_view(request, site):
    user = request.user
    login_url = reverse("admin:login", current_app=site.name)
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), login_url)
    if request.method == "POST" and "_logout" in request.POST:
        auth.logout(request)
        return redirect(login_url)
    if not two_factor_required() or is_verified(user):
        return redirect(site._next_url(request))

    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=_("Autentiseringsapp"), confirmed=False
            )

    form = TokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        allowed, why = device.verify_is_allowed()
        if not allowed:
            # django-otp doubles the wait after each wrong code (1, 2, 4 … seconds).
            wait = max(1, int((why["locked_until"] - timezone.now()).total_seconds()) + 1)
            form.add_error(
                "token",
                _("För många felaktiga koder i rad. Vänta %(seconds)s sekunder och försök igen.")
                % {"seconds": wait},
            )
        elif device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                messages.success(
                    request,
                    _(
                        "Tvåstegsverifieringen är aktiverad. Nästa gång du loggar in frågar vi "
                        "efter en kod från samma app."
                    ),
                )
            # A new session key for the fully signed-in session, as at the password step.
            request.session.cycle_key()
            django_otp.login(request, device)
            return redirect(site._next_url(request))
        form.add_error(
            "token",
            _(
                "Koden stämmer inte. Ta en ny kod ur appen och försök igen; kontrollera att "
                "klockan i telefonen går rätt om det fortsätter."
            ),
        )

    context = {
        **site.each_context(request),
        "title": _("Konfigurera tvåstegsverifiering") if setting_up else _("Ange engångskod"),
        "form": form,
        "setting_up": setting_up,
        "next": request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, ""),
        "redirect_field_name": REDIRECT_FIELD_NAME,
    }
    if setting_up:
        context["qr_svg"] = _qr_svg(device.config_url)
        secret = b32encode(device.bin_key).decode()
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    request.current_app = site.name
    return TemplateResponse(request, "admin/two_factor.html", context)


def _qr_svg(data):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8)
    # The SVG is made here from the device's own otpauth URL, never from user input.
    return mark_safe(image.to_string(encoding="unicode"))
