"""The portal's admin site: Django's admin plus two-factor sign-in (TOTP, django-otp).

With `ADMIN_REQUIRE_2FA` on (the default outside DEBUG) the admin lets in only users whose
session was verified with a one-time code. Signing in is two steps: the ordinary admin login
(username and password, with django-axes counting failures), then `admin:two_factor`, which asks
for a code from the authenticator app or a backup code. A user without a confirmed app is not
shown any QR code there: they are e-mailed a one-time set-up link (`config/two_factor.py`), and
only that link opens the page that sets an app up. The setting is read on every request, so tests
and the demo can switch it. The views are in `config/two_factor_views.py`.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy

from config import invitation_views, two_factor_views
from config.two_factor import is_verified, two_factor_required


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
        views = two_factor_views
        return [
            path("tvastegsverifiering/", self._bind(views.sign_in_step), name="two_factor"),
            # The e-mailed link (config/two_factor.py); it uses up its token and sends the
            # session on to the token-less page below, so the token stays out of that page.
            path(
                "tvastegsverifiering/konfigurera/<str:token>/",
                self._bind(views.enrol_link),
                name="two_factor_enrol_link",
            ),
            path(
                "tvastegsverifiering/konfigurera/",
                self._bind(views.enrol),
                name="two_factor_enrol",
            ),
            # An invitation's link (municipalities/invitations.py): for anyone who has it.
            path(
                "inbjudan/<str:token>/",
                self._bind(invitation_views.accept),
                name="invitation_accept",
            ),
            path(
                "tvastegsverifiering/reservkoder/",
                self.admin_view(self._bind(views.backup_codes)),
                name="two_factor_backup_codes",
            ),
            *urls,
        ]

    def _bind(self, view):
        def bound(request, *args, **kwargs):
            return view(request, self, *args, **kwargs)

        return bound

    def _next_url(self, request):
        next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return next_url
        return reverse("admin:index", current_app=self.name)
