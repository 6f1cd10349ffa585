"""The client's address: the one place the portal reads it (django-axes calls `client_ip` through
`AXES_CLIENT_IP_CALLABLE`).

Behind reverse proxies `REMOTE_ADDR` is the nearest proxy, the same for every client. Each proxy
appends the address it received the request from to `X-Forwarded-For`, so with
`TRUSTED_PROXY_COUNT` = N proxies in front of the portal the client is the N-th address from the
right; everything left of it was written by the client and may be forged. With N = 0 the header is
never read: anyone can send it.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer hops than configured: the request did not come through every proxy, so no entry
        # is known to be written by one. REMOTE_ADDR at least is never the client's choice.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # Not an address (a proxy that writes "unknown", or a port): count it as the proxy's.
        return remote
