"""Limits on the subscribe form, counted in Django's cache (fixed windows).

* **Per client address** (`ALERTS_CLIENT_LIMIT` requests per `ALERTS_CLIENT_WINDOW_MINUTES`):
  one client filling the form again and again is refused with 429, whatever address it typed.
* **Per e-mail address** (`ALERTS_ADDRESS_LIMIT` messages per `ALERTS_ADDRESS_WINDOW_HOURS`):
  nobody can flood someone else's inbox from many clients. Over the limit no e-mail is sent,
  but the form answers exactly as always, so the limit tells nothing about the address.

The counters live in the default cache; with several server processes it must be one they share
(README "E-mail alerts").
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.module_loading import import_string


def _hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one use of `key`; True while the count is within `limit`."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def client_address(request: HttpRequest) -> str:
    # The one place that reads a client's address is config.client_address, above this app;
    # it is reached through the setting that names it, as django-axes reaches it.
    return import_string(settings.AXES_CLIENT_IP_CALLABLE)(request) or "unknown"


def client_allowed(request: HttpRequest) -> bool:
    return _hit(
        f"alerts:client:{client_address(request)}",
        limit=settings.ALERTS_CLIENT_LIMIT,
        window_seconds=settings.ALERTS_CLIENT_WINDOW_MINUTES * 60,
    )


def address_allowed(email_hash: str) -> bool:
    return _hit(
        f"alerts:address:{email_hash}",
        limit=settings.ALERTS_ADDRESS_LIMIT,
        window_seconds=settings.ALERTS_ADDRESS_WINDOW_HOURS * 3600,
    )
