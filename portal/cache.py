"""The cache of public pages and PDFs, and the one rule that keeps it exact.

What is cached. Every public page and feed that is the same for every visitor (the views wrapped
by `cached_page` in `portal/urls.py` and `portal/opendata/urls.py`), the open-data API and CSV
files (`cached_response`, each request still counted by their throttle), and, for the public PDF
downloads (`cached_pdf`), which stored file a download serves (the file itself is already kept
in default storage, `loften/pdf/store.py`). An entry is the whole answer as it leaves the inner
middleware: its content (the API's rendered JSON, not its rows) and its headers. The cache is
Django's default cache: Redis when `REDIS_URL` is set (shared by every app server, through
`config/redis_cache.py`), each process's own memory otherwise.

Never from the cache: a request by a signed-in user, a request with messages waiting to be shown,
anything but GET and HEAD; and a response is stored only if it is a 200 that set no cookie and
used no CSRF token, message or CSP nonce. Pages with forms (alerts, "Verifiera dokument") are
not wrapped at all. The search is (its key holds the query string), and its index, written after
the change that caused it has committed, bumps `national` itself (`portal/search/index.py`).

Two ways in. `PageCacheMiddleware` comes right after the middleware that adds the security
headers (Content Security Policy, HSTS, Permissions-Policy, X-Frame-Options …) and WhiteNoise,
before the session. It answers an anonymous request there: a GET or HEAD without a session
cookie (so nobody is signed in) and without a messages cookie (messages kept in a session need a
session), for an address whose view answers from the cache (`page_cache_scope`, found by
resolving the address once per process). Session, locale, CSRF, authentication, two-factor,
messages, history and django-axes are skipped; the security headers are added to the answer as
to any other. Every other request goes down the middleware to its view, whose wrapper
(`cached_response`) answers from the same entry when the request is for everyone (a session
cookie of nobody signed in), and on a miss draws the answer and leaves the middleware a plan for
storing it on its way back out (its key and counters). A hit costs one round trip to the cache:
the entry and the counters it depends on are read together.

Copies. Each process also keeps a copy of the entries it has read or stored (`copies`, up to
PAGE_CACHE_COPIES_MB of content, the least recently used dropped first). With a copy, a hit reads
only the entry's counters from the shared cache, a few bytes instead of the whole page, and uses
the copy while they are unchanged. An entry is drawn from the rows as they are under its
counters, so a copy is exactly as fresh as the shared entry: a change on any app server bumps
the shared counters, and every process's copy stops being used at once.

Keys. A page's key is a hash of: the release (a hash of the code, templates, translations and
static files, so a deployment starts afresh), the method (a HEAD is stored apart, and a view
that refuses it keeps refusing), the language (the address's: Swedish unless it begins with
/en/, see config/urls.py; the view uses the language actually active, so a page drawn in any
other is never found by the middleware), today's date (pages say what is "pågående" or
"försenad" today), the absolute URL with its query and the `Accept` header (the API negotiates
its format). The entry holds the values its generation counters had before it was drawn, and is
used only while every one of them still has that value:

* `reference`: for every entry. Bumped by a change to reference data: kommuner, län, police
  areas, focus areas, and any other row that belongs to no document.
* `national`: for every page that is not a kommun's own (start, statistics, lists, focus areas,
  police areas, the search, feeds, sitemaps, open data and the API). Bumped by every change to
  a document or anything that belongs to one.
* `municipality:<slug>`: for the pages under `/kommuner/<slug>/` (the kommun, its documents,
  löften, follow-ups, PDFs, its feed and its document in the API). Bumped by a change to a
  document covering that kommun (the one it belongs to and its kommun parties) or to anything
  that belongs to such a document.

An entry whose counters moved is a miss, and the page is drawn afresh and stored in its place.
Counters start at the current time in nanoseconds, so a counter that was lost (evicted, Redis
restarted) never comes back to a value it had before.

Invalidation. `connect()` (called by `PortalConfig.ready`) listens to post_save, post_delete
and m2m_changed of every model of the apps `municipalities`, `loften` and `followup` (not their
history, nor the few rows citizens never see: `NOT_PUBLIC`). A changed row finds its document
generically, along its foreign keys (`promise_path`); a row with no way to a document is
reference data. The counters are bumped at once and again when the transaction commits: the
first makes the change visible inside the transaction that made it, the second makes sure that
no page drawn from the old rows between the two stays cached. A model added later needs nothing:
its rows are followed like every other's.

Bulk writes (`bulk_create`, `update()`, raw deletes) send no signals. The services use them only
on drafts, which no public page shows; code that bulk-writes public rows (the national data
generator, a restore) calls `invalidate_all()`.

Throttles. An entry may name a guard, a function that must allow each request the middleware
answers (open data's `count_request`, which counts the request against the throttle). When it
refuses, the request goes on to the view, whose throttle refuses it in its own words without
counting it twice; requests the view answers are counted by the view.

Conditional GET: a cached page carries an ETag (a hash of its content, for a PDF of its stored
name, which holds a hash of its content) and a Last-Modified (when it was drawn); a request whose
`If-None-Match` or `If-Modified-Since` matches gets a 304. `Cache-Control: no-cache` makes
browsers ask each time, so they never show a stale page either.
"""

import dataclasses
import functools
import hashlib
import threading
import time
from collections import OrderedDict, deque

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import FileResponse, HttpResponse
from django.urls import Resolver404, get_resolver
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.http import http_date
from django.utils.translation import get_language, get_language_from_path, override
from simple_history.models import HistoricalChanges

from loften.models import CitizenPromise, covered_by_q
from loften.pdf import pdf_response
from municipalities.models import Municipality

REFERENCE = "reference"
NATIONAL = "national"
MUNICIPALITY = "municipality"
WATCHED_APPS = ("municipalities", "loften", "followup")
# Rows no public page, feed, API or PDF shows.
NOT_PUBLIC = {"municipalities.membership", "municipalities.invitation", "followup.remindersent"}
# Entries carry today's date in their key; a day is the longest any can be of use.
TIMEOUT = 60 * 60 * 24


def municipality(slug):
    return f"municipality:{slug}"


# --- Generations ---------------------------------------------------------------------------------


def _counter(name):
    return f"generation:{name}"


def generations(names):
    """The current value of each named counter, in order; a missing counter starts now."""
    keys = [_counter(name) for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def bump(names):
    for name in set(names):
        key = _counter(name)
        try:
            cache.incr(key)
        except ValueError:
            # Lost or never read: a fresh start is later than any value it had.
            if not cache.add(key, time.time_ns(), timeout=None):
                cache.incr(key)


def invalidate_all():
    """After writes that send no signals: every page and PDF is drawn afresh."""
    bump([REFERENCE])


# --- What a change affects -------------------------------------------------------------------


def watched(model):
    return (
        model._meta.apps is apps  # not a migration's historical copy
        and model._meta.app_label in WATCHED_APPS
        and not issubclass(model, HistoricalChanges)
        and model._meta.label_lower not in NOT_PUBLIC
    )


@functools.cache
def promise_path(model):
    """The shortest chain of foreign keys from `model` to CitizenPromise (empty for the document
    itself), or None for a model with no way to a document: reference data."""
    queue = deque([(model, ())])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if current is CitizenPromise:
            return path
        for field in current._meta.concrete_fields:
            target = field.related_model
            if field.is_relation and target not in seen and not field.remote_field.hidden:
                seen.add(target)
                queue.append((target, (*path, field)))
    return None


def _promise_ids(instance, path):
    model = type(instance)
    ids = {instance.pk} if model is CitizenPromise else set()
    # The documents it names directly: its own, the one a new version replaces.
    ids |= {
        getattr(instance, field.attname)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is CitizenPromise
    }
    ids.discard(None)
    if not ids and len(path) > 1:
        first = getattr(instance, path[0].attname)
        if first is not None:
            lookup = "__".join(field.related_query_name() for field in reversed(path[1:]))
            ids = set(CitizenPromise.objects.filter(**{lookup: first}).values_list("pk", flat=True))
    return ids


def affected(instance):
    """The counters a change to `instance` must bump."""
    path = promise_path(type(instance))
    if path is None:
        return [REFERENCE]
    promise_ids = _promise_ids(instance, path)
    # Kommuner it names directly (a deleted document's own kommun, a removed kommun party) and
    # those its documents cover.
    named = {
        getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
        if field.is_relation and field.related_model is Municipality
    } - {None}
    slugs = Municipality.objects.filter(
        Q(pk__in=named) | covered_by_q(CitizenPromise.objects.filter(pk__in=promise_ids))
    ).values_list("slug", flat=True)
    return [NATIONAL, *(municipality(slug) for slug in slugs)]


def _changed(sender, instance, raw=False, **kwargs):
    # Fixtures (loaddata) arrive raw, their relations perhaps not yet there: bump everything.
    names = [REFERENCE] if raw else affected(instance)
    bump(names)
    transaction.on_commit(lambda: bump(names), robust=True)


def _m2m_changed(sender, instance, action, **kwargs):
    # Both ends of every many-to-many of these apps belong to the same document, or one end is
    # reference data: the instance's own counters cover the change.
    if action in ("post_add", "post_remove", "post_clear") and watched(type(instance)):
        _changed(type(instance), instance)


def watch(model):
    post_save.connect(_changed, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
    post_delete.connect(
        _changed, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}"
    )


def connect():
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            if watched(model):
                watch(model)
    m2m_changed.connect(_m2m_changed, dispatch_uid="page-cache-m2m")


# --- Keys ----------------------------------------------------------------------------------------


@functools.cache
def release():
    """A hash of what draws the pages: the code, templates, translations and static files."""
    digest = hashlib.sha256()
    root = settings.BASE_DIR
    files = [
        *(
            path
            for app in ("config", "portal", *WATCHED_APPS)
            for path in (root / app).rglob("*.py")
        ),
        *(root / "templates").rglob("*.*"),
        *(root / "locale").rglob("*.mo"),
        *(root / "static").rglob("*.*"),
    ]
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(request, language):
    parts = [
        release(),
        request.method,
        language,
        timezone.localdate().isoformat(),
        request.build_absolute_uri(),
        request.META.get("HTTP_ACCEPT", ""),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _scope(scope, kwargs):
    return [NATIONAL] if scope == NATIONAL else [municipality(kwargs["slug"])]


# --- Entries -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Entry:
    """A stored answer: its headers as they left the inner middleware (ETag, Last-Modified and
    Cache-Control among them), its content or the storage name of the file it streams, the
    counters it was drawn under, and what must allow each request it answers (the API's
    throttle)."""

    generations: dict
    headers: dict
    etag: str
    last_modified: int
    content: bytes = b""
    file: str = ""
    guard: object = None


@dataclasses.dataclass(frozen=True)
class _Plan:
    """What a cached view tells the middleware, on a miss, for storing its answer."""

    key: str
    generations: dict
    guard: object


def _current(entry, found):
    """Whether every counter `entry` was drawn under is in the cache (`found`, read with it)
    with the value it had then."""
    return all(
        counter in found and found[counter] == value for counter, value in entry.generations.items()
    )


class _Copies:
    """The entries this process has read or stored, newest use last, up to `limit` bytes of
    content. A copy is used only while the counters it was drawn under are still current in the
    shared cache, so it is exactly as fresh as the shared entry; it saves bringing the content
    across and unpickling it."""

    # What an entry costs besides its content: its headers and counters, roughly.
    OVERHEAD = 1024

    def __init__(self, limit):
        self.limit = limit
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def _size(self, entry):
        return len(entry.content) + self.OVERHEAD

    def put(self, key, entry):
        with self.lock:
            self._discard(key)
            if self._size(entry) > self.limit:
                return
            self.entries[key] = entry
            self.size += self._size(entry)
            while self.size > self.limit:
                _, dropped = self.entries.popitem(last=False)
                self.size -= self._size(dropped)

    def _discard(self, key):
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= self._size(old)

    def discard(self, key):
        with self.lock:
            self._discard(key)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


copies = _Copies(settings.PAGE_CACHE_COPIES_MB * 1024 * 1024)


def _entry(key, names):
    """The current entry under `key`, or None. With a copy in this process, only its counters
    are read (one round trip of a few bytes); otherwise the entry and the counters `names`
    come in the same round trip."""
    entry = copies.get(key)
    if entry is not None:
        found = cache.get_many(list(entry.generations))
        if _current(entry, found):
            return entry
        copies.discard(key)
    found = cache.get_many([key, *map(_counter, names)])
    entry = found.get(key)
    if entry is None or not _current(entry, found):
        return None
    copies.put(key, entry)
    return entry


def _from_cache(request, key, names, *, guard):
    """The stored answer to `request` (a 304 when its validators match), or None when there is
    none, it is out of date, or (`guard`) its guard refuses the request."""
    entry = _entry(key, names)
    if entry is None:
        return None
    if guard and entry.guard is not None and not entry.guard(request):
        return None  # the view answers, refusing it in its own words
    response = HttpResponse(entry.content, headers=entry.headers)
    answer = get_conditional_response(
        request, etag=entry.etag, last_modified=entry.last_modified, response=response
    )
    if answer is response and entry.file:
        answer = FileResponse(default_storage.open(entry.file, "rb"))
        for header, value in entry.headers.items():
            answer[header] = value
    elif answer is not response and "Content-Language" in entry.headers:
        # A 304 from the view gets it from LocaleMiddleware; one answered early, from here.
        answer["Content-Language"] = entry.headers["Content-Language"]
    return answer


def _storable(request, response):
    storage = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and (not response.streaming or hasattr(response, "page_cache_file"))
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(storage, "used", False)
        and "private" not in response.get("Cache-Control", "")
        # A page that used the Content Security Policy's nonce needs a new one each time.
        and not getattr(request, "_csp_nonce", None)
    )


def _store(request, response, plan):
    """Stores `response` as it leaves the inner middleware, with its validators; a 304 when the
    request's match."""
    if not _storable(request, response):
        return response
    file = getattr(response, "page_cache_file", "")
    # A stored file's name holds a hash of its content (loften/pdf/store.py).
    digest = hashlib.sha256(file.encode() if file else response.content)
    etag = quote_etag(digest.hexdigest()[:32])
    last_modified = int(time.time())
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, no_cache=True)
    entry = Entry(
        generations=plan.generations,
        headers=dict(response.items()),
        etag=etag,
        last_modified=last_modified,
        content=b"" if file else response.content,
        file=file,
        guard=plan.guard,
    )
    cache.set(plan.key, entry, TIMEOUT)
    copies.put(plan.key, entry)
    answer = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    if answer is not response:
        response.close()
    return answer


# --- Pages ---------------------------------------------------------------------------------------


def _anonymous(request):
    """Whether the middleware may answer `request` before the session, authentication and
    messages are looked at: a GET or HEAD with no session (so nobody signed in) and no messages
    waiting in a cookie (those in a session need a session)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not request.COOKIES.get(CookieStorage.cookie_name)
    )


def _for_everyone(request):
    """Whether the request may be answered from the cache (and its answer stored)."""
    return (
        request.method in ("GET", "HEAD")
        # The API has no user at all (portal/opendata/api.py).
        and not getattr(request.user, "is_authenticated", False)
        and not len(messages.get_messages(request))
    )


@functools.lru_cache(maxsize=4096)
def _counters_of_view(urlconf, path, language):
    """The counters of the view at `path` if it answers from the cache (its `page_cache_scope`,
    or its class's), else None. Resolved once per address and process."""
    with override(language):
        try:
            match = get_resolver(urlconf).resolve(path)
        except Resolver404:
            return None
    view = match.func
    scope = getattr(view, "page_cache_scope", None) or getattr(
        getattr(view, "cls", None), "page_cache_scope", None
    )
    return None if scope is None else (REFERENCE, *_scope(scope, match.kwargs))


class PageCacheMiddleware:
    """Answers anonymous requests (`_anonymous`) from the cache before the rest of the middleware,
    and stores what the cached views draw on a miss. Placed after the middleware that adds the
    security headers (MIDDLEWARE), so that every answer gets them as any other response does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _anonymous(request):
            # The language is the address's: Swedish unless it starts with /en/ (config/urls.py).
            # A page drawn in another language has another key, and is never found here.
            language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
            names = _counters_of_view(settings.ROOT_URLCONF, request.path_info, language)
            if names is not None:
                answer = _from_cache(request, _key(request, language), names, guard=True)
                if answer is not None:
                    return answer
        response = self.get_response(request)
        plan = getattr(request, "page_cache_plan", None)
        return response if plan is None else _store(request, response, plan)


def cached_response(request, names, render, *, guard=None):
    """The response `render()` gives, from the cache under the counters `names` (besides
    `reference`) when it can be. `guard(request)`, if given, must allow every request the
    middleware answers from the cache (the view checks its own requests itself): the API's
    throttle counts them there."""
    if not _for_everyone(request):
        return render()
    http_request = getattr(request, "_request", request)  # Django's, inside DRF's
    key = _key(http_request, get_language())
    names = [REFERENCE, *names]
    # A request the middleware did not answer: one with a session (nobody signed in, though).
    answer = _from_cache(http_request, key, names, guard=False)
    if answer is not None:
        return answer
    http_request.page_cache_plan = _Plan(
        key, dict(zip(map(_counter, names), generations(names), strict=True)), guard
    )
    return render()


def cached_page(scope):
    """Wrap a public view whose answer is the same for every visitor. `scope` is NATIONAL, or
    MUNICIPALITY for views under /kommuner/<slug>/ (the `slug` argument)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            return cached_response(
                request, _scope(scope, kwargs), lambda: view(request, *args, **kwargs)
            )

        wrapper.page_cache_scope = scope
        return wrapper

    return decorator


national_page = cached_page(NATIONAL)
municipality_page = cached_page(MUNICIPALITY)


# --- PDFs ----------------------------------------------------------------------------------------


def cached_pdf(view):
    """Wrap a public PDF view under /kommuner/<slug>/ that returns a `StoredPdf`. Which file
    it is comes from the cache; the file itself from default storage. The same for everyone."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        def render():
            stored = view(request, *args, **kwargs)
            response = pdf_response(stored, public=True)
            response.page_cache_file = stored.name
            return response

        return cached_response(request, _scope(MUNICIPALITY, kwargs), render)

    wrapper.page_cache_scope = MUNICIPALITY
    return wrapper
