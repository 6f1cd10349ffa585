"""Settings for `make bench` only (benchmarks/bench.py): the production settings, the bench's URL
conf with the bare view (`bench_urls`), and, for the cache-miss pass (BENCH_CACHE=off), a dummy
cache in place of every configured one. Never used to serve the portal."""

import os

from config.settings import *  # noqa: F403
from config.settings import CACHES

ROOT_URLCONF = "bench_urls"

if os.environ.get("BENCH_CACHE") == "off":
    CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in CACHES}
