"""The bench's URL conf: the portal's addresses and a bare view beside them (`/bar-vy/`), a small
template rendered through the same middleware, the yardstick of `make bench`. Only
`bench_settings` names this module; the portal's own URL conf never has the bare view."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns

BARE = "<!doctype html><html lang=sv><title>{{ title }}</title><p>{{ title }}</p></html>"

_template = engines["django"].from_string(BARE)


def bare(request):
    return HttpResponse(_template.render({"title": "Bar vy"}, request))


urlpatterns = [path("bar-vy/", bare), *portal_urlpatterns]
