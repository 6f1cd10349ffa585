"""The alerts' pages: the subscribe form (for a municipality, for a medborgarlöfte), the
confirmation link's page and the unsubscribe link's page. The rules are in `services`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from municipalities.models import Municipality

from ..views import get_public_promise
from . import ratelimit, services
from .forms import FollowForm, consent_text


def _follow(request, *, target, back_url, municipality=None, promise=None):
    text = consent_text(municipality=municipality, promise=promise)
    context = {
        "target": target,
        "back_url": back_url,
        "municipality": municipality,
        "promise": promise,
        "max_age_days": settings.ALERTS_CONFIRM_MAX_AGE_DAYS,
        "address_limit": settings.ALERTS_ADDRESS_LIMIT,
        "address_window_hours": settings.ALERTS_ADDRESS_WINDOW_HOURS,
    }
    if request.method != "POST":
        form = FollowForm(consent_text=text)
        return render(request, "portal/alerts/follow.html", {**context, "form": form})
    if not ratelimit.client_allowed(request):
        response = render(
            request, "portal/alerts/follow.html", {**context, "too_many": True}, status=429
        )
        response["Retry-After"] = str(settings.ALERTS_CLIENT_WINDOW_MINUTES * 60)
        return response
    form = FollowForm(request.POST, consent_text=text)
    if not form.is_valid():
        return render(request, "portal/alerts/follow.html", {**context, "form": form})
    services.subscription_request(
        email=form.cleaned_data["email"],
        consent_text=text,
        language=get_language(),
        municipality=municipality,
        promise=promise,
    )
    # The same page whatever the address: new, pending, already following or over its limit.
    return render(request, "portal/alerts/requested.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def follow_municipality(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    return _follow(
        request,
        target=municipality.long_name,
        back_url=municipality.get_absolute_url(),
        municipality=municipality,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def follow_promise(request, slug, pk):
    promise = get_public_promise(slug, pk)
    return _follow(
        request, target=promise.title, back_url=promise.get_absolute_url(), promise=promise
    )


def _refused(request, error):
    status = 404 if error.code == "gone" else 400
    response = render(request, "portal/alerts/link_refused.html", {"error": error}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _link_page(request, template, subscription, **extra):
    response = render(request, template, {"subscription": subscription, **extra})
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button and changes nothing (mail scanners open links); POST confirms."""
    try:
        if request.method == "POST":
            subscription = services.subscription_confirm(token=token)
            return _link_page(request, "portal/alerts/confirmed.html", subscription)
        subscription = services.subscription_for_confirmation(token=token)
    except ValidationError as error:
        return _refused(request, error)
    return _link_page(request, "portal/alerts/confirm.html", subscription)


@csrf_exempt  # RFC 8058: a mail program posts "List-Unsubscribe=One-Click" with no CSRF token;
# the signed link is what authorises it, and ending a subscription is all it can do.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button and changes nothing; POST (the button, or one click in a mail
    program) ends the subscription."""
    try:
        if request.method == "POST":
            subscription = services.subscription_unsubscribe(token=token)
            return _link_page(request, "portal/alerts/unsubscribed.html", subscription)
        subscription = services.subscription_for_unsubscribe(token=token)
    except ValidationError as error:
        return _refused(request, error)
    return _link_page(request, "portal/alerts/unsubscribe.html", subscription)
