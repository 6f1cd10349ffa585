from datetime import timedelta

from django.conf import settings
from django.contrib import auth, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import ngettext


class AdminNoStoreMiddleware:
    """Every admin response, including redirects and error pages, says `Cache-Control: no-store`,
    so no browser or proxy keeps a copy of drafts or personal data. (The admin's own views are
    never_cache already; responses made from exceptions and by other middleware are not.)"""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self._prefix is None:
            self._prefix = reverse("admin:index")
        if request.path.startswith(self._prefix):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True)
        return response


class IdleTimeoutMiddleware:
    """Signs out a user after `ADMIN_IDLE_TIMEOUT_MINUTES` without a request, with a message on
    the next page (the admin's login page, where the admin sends them). A sign-in left open on a
    shared computer then ends long before `SESSION_COOKIE_AGE`.

    The time of the last request is kept in the session, from the sign-in on
    (`start_idle_clock`). Only a signed-in user's session is read or written: a visitor without a
    session cookie gets none because of this."""

    SESSION_KEY = "_last_activity"
    # The time is written at most once a minute: a limit of minutes needs no finer record, and a
    # session write on every request would be a database write on every request.
    RESOLUTION_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.ADMIN_IDLE_TIMEOUT_MINUTES
        if (
            timeout > 0
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.user.is_authenticated
        ):
            now = _now()
            last = request.session.get(self.SESSION_KEY)
            if last is not None and now - last > timeout * 60:
                auth.logout(request)
                messages.warning(
                    request,
                    ngettext(
                        "Du loggades ut eftersom du inte har gjort något på %(minutes)s minut. "
                        "Logga in igen för att fortsätta.",
                        "Du loggades ut eftersom du inte har gjort något på %(minutes)s minuter. "
                        "Logga in igen för att fortsätta.",
                        timeout,
                    )
                    % {"minutes": timeout},
                )
            elif last is None or now - last >= self.RESOLUTION_SECONDS:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)


def start_idle_clock(sender, request, user, **kwargs):
    """`user_logged_in`: the sign-in is the first activity. Saving the session would push its
    expiry forward on every write, so its expiry is fixed here at sign-in plus
    `SESSION_COOKIE_AGE`, which stays an absolute limit however active the user is."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[IdleTimeoutMiddleware.SESSION_KEY] = _now()
    session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))


def _now():
    return int(timezone.now().timestamp())
