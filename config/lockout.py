"""Limits on failed sign-ins (README "Signing in"): django-axes' database handler with two more
limits, and the page that says when to try again.

axes keeps one row per username, address and browser (`AccessAttempt`) and compares the failures
of the groups in `AXES_LOCKOUT_PARAMETERS` with one `AXES_FAILURE_LIMIT` and one
`AXES_COOLOFF_TIME`. That is how a username from one address is locked (5 failures, 30 minutes).
The two other limits read the same rows, but axes cannot express them, so they are written here:

- **An address across usernames** (trying one password on many accounts) has a limit of its own,
  `LOGIN_ADDRESS_FAILURE_LIMIT`, higher than the pair's: the officials of a municipality often
  share their office's address. Adding `"ip_address"` to `AXES_LOCKOUT_PARAMETERS` would compare
  it with the pair's limit of 5, locking a whole office after five typing mistakes.
- **A username from any address** gets a growing delay rather than a lock, because anyone can
  fail on purpose for any official's username: after `LOGIN_USERNAME_FAILURE_LIMIT` failures each
  further attempt waits `LOGIN_USERNAME_DELAY_SECONDS` after the last failure, doubling with each
  failure, up to `LOGIN_USERNAME_MAX_DELAY_SECONDS`. axes' cool-off is a single duration that is
  also the window in which it counts failures (a callable gets only the request), so it cannot
  double per username without shortening the other limits' window.

Attempts refused during a lock or delay are not counted (`AXES_RESET_COOL_OFF_ON_FAILURE_DURING_
LOCKOUT = False`): they checked no password, and counting them would let anyone keep a delay at
its longest by knocking again.
"""

import datetime
import enum
from dataclasses import dataclass

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class Limit(enum.Enum):
    USERNAME_AND_ADDRESS = "username_and_address"
    ADDRESS = "address"
    USERNAME = "username"


@dataclass(frozen=True)
class Refusal:
    limit: Limit
    until: datetime.datetime


def username_delay(failures: int) -> datetime.timedelta:
    """The wait after the last failure once a username has `failures` failures (at the limit or
    past it): the base delay, doubled for every failure past the limit, at most the cap."""
    past_limit = max(0, failures - settings.LOGIN_USERNAME_FAILURE_LIMIT)
    cap = settings.LOGIN_USERNAME_MAX_DELAY_SECONDS
    # The exponent is bounded too, so that a long attack does not build an enormous number.
    seconds = min(cap, settings.LOGIN_USERNAME_DELAY_SECONDS * 2 ** min(past_limit, 32))
    return datetime.timedelta(seconds=seconds)


class PortalLockoutHandler(AxesDatabaseHandler):
    """`AXES_HANDLER`: axes' own lock for a username from one address, and the two limits above."""

    def refusal(self, request: HttpRequest, credentials: dict | None = None) -> Refusal | None:
        """Why and until when this sign-in is refused, or None. The longest wait wins."""
        now = request.axes_attempt_time
        cool_off = get_cool_off(request)
        window = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        refusals = []

        # axes' own rule, as its handler decides it: each group of AXES_LOCKOUT_PARAMETERS.
        for attempts in self.get_user_attempts(request, credentials):
            failures, last = _count(attempts)
            if failures >= get_failure_limit(request, credentials):
                refusals.append(Refusal(Limit.USERNAME_AND_ADDRESS, last + cool_off))

        if address:
            failures, last = _count(window.filter(ip_address=address))
            if failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
                refusals.append(Refusal(Limit.ADDRESS, last + cool_off))

        if username:
            failures, last = _count(window.filter(username=username))
            if failures >= settings.LOGIN_USERNAME_FAILURE_LIMIT:
                refusals.append(Refusal(Limit.USERNAME, last + username_delay(failures)))

        refusals = [refusal for refusal in refusals if refusal.until > now]
        return max(refusals, key=lambda refusal: refusal.until, default=None)

    def is_locked(self, request, credentials=None) -> bool:
        return self.refusal(request, credentials) is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # axes shows its page at the failure that reaches its own limit; do the same for the
        # other two, so the person learns at once how long to wait.
        locked = request is None or request.axes_locked_out
        if not locked and self.refusal(request, credentials) is not None:
            request.axes_locked_out = True
            request.axes_credentials = credentials


def _count(attempts) -> tuple[int, datetime.datetime | None]:
    figures = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return figures["failures"] or 0, figures["last"]


def lockout_response(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    """`AXES_LOCKOUT_CALLABLE`: the lockout page, saying which limit was reached and when the
    next attempt is possible (also as `Retry-After`)."""
    refusal = PortalLockoutHandler().refusal(request, credentials)
    context = {
        "limit": refusal.limit.value if refusal else None,
        "retry_at": refusal.until if refusal else None,
    }
    response = render(
        request, "admin/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    if refusal:
        seconds = (refusal.until - request.axes_attempt_time).total_seconds()
        response["Retry-After"] = str(max(1, int(seconds) + 1))
    return response
