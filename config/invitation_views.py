"""The invitation link (`admin:invitation_accept`; rules in `municipalities/invitations.py`).

The person chooses a password (or gives the one of the account they already have: the page is
the same either way), is signed in, and goes straight on to set up two-factor sign-in: the
invitation reached their address out of band, so it authorises enrolment the way the e-mailed
set-up link does (`config/two_factor.py`), without a second e-mail. After the backup codes they
land on their organisation's medborgarlöften.
"""

from django import forms
from django.contrib import auth
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from config import two_factor
from municipalities import invitations

#: Refusals that concern the link itself, not what was typed.
_LINK_ERRORS = {"invalid", "expired", "used", "revoked", "replaced"}
_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class AcceptForm(forms.Form):
    first_name = forms.CharField(
        label=gettext_lazy("Förnamn"), max_length=150, required=False, strip=True
    )
    last_name = forms.CharField(
        label=gettext_lazy("Efternamn"), max_length=150, required=False, strip=True
    )
    password1 = forms.CharField(
        label=gettext_lazy("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=gettext_lazy("Lösenordet en gång till"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2", _("Lösenorden är inte likadana. Skriv samma lösenord två gånger.")
            )
        return cleaned


def _render(request, site, template, **context):
    request.current_app = site.name
    return TemplateResponse(request, template, {**site.each_context(request), **context})


def _invalid(request, site, error):
    return _render(
        request,
        site,
        "admin/invitation_invalid.html",
        title=_("Inbjudan fungerar inte"),
        error=error.messages[0],
    )


@never_cache
@csrf_protect
@sensitive_post_parameters("password1", "password2")
def accept(request, site, token):
    try:
        invitation = invitations.check_invitation(token)
    except ValidationError as error:
        return _invalid(request, site, error)
    form = AcceptForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            user = invitations.invitation_accept(
                request=request,
                token=token,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except PermissionDenied:
            # django-axes: too many wrong passwords for that account.
            form.add_error(
                None,
                _("För många felaktiga lösenord. Vänta en stund och försök igen."),
            )
        except ValidationError as error:
            if getattr(error, "code", None) in _LINK_ERRORS:
                return _invalid(request, site, error)
            form.add_error("password1", error)
        else:
            return _signed_in(request, user)
    return _render(
        request,
        site,
        "admin/invitation_accept.html",
        title=_("Välkommen till Medborgarlöften"),
        invitation=invitation,
        form=form,
    )


def _signed_in(request, user):
    auth.login(request, user, backend=getattr(user, "backend", None) or _MODEL_BACKEND)
    documents = {REDIRECT_FIELD_NAME: reverse("admin:loften_citizenpromise_changelist")}
    if two_factor.confirmed_app(user) is None:
        # The invitation is the out-of-band token: the session may set up an app at once.
        two_factor.redeem_enrolment_token(
            request=request, token=two_factor.enrolment_token_for(user)
        )
        return redirect(f"{reverse('admin:two_factor_enrol')}?{urlencode(documents)}")
    return redirect(f"{reverse('admin:two_factor')}?{urlencode(documents)}")
