"""The page cache (portal/cache.py): a page comes from the cache without a query, and a change
shows at once, never stale. Each test reads a page (now cached), changes what it shows the way
the portal does (the services, a save in the admin), and reads it again."""

import datetime
import io
import os

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection, models
from django.db.models.signals import post_save
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext, isolate_apps, override_settings
from django.urls import reverse

from followup.models import CommitmentStatus, FollowUp
from followup.services import followup_publish
from loften import services
from loften.models import CitizenPromise, Commitment, FocusArea
from portal import cache as page_cache
from tests.factories import (
    CommitmentStatusFactory,
    FollowUpFactory,
    approve,
    build_promise,
    make_promise,
    municipality,
)

pytestmark = pytest.mark.django_db


def read(client, url, **headers):
    """The page, and how many queries reading it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response, len(queries)


def cached(client, url):
    """Read `url` twice: the second answer comes from the cache, without a query."""
    first, _ = read(client, url)
    second, count = read(client, url)
    assert count == 0, url
    assert second.content == first.content
    return second


def text(response):
    return b"".join(response.streaming_content if response.streaming else [response.content])


# --- Reading from the cache ---------------------------------------------------------------------


def public_urls(promise):
    followup = promise.followups.first()
    commitment = promise.commitments.first()
    slug = promise.municipality.slug
    return [
        reverse("loften:home"),
        reverse("loften:municipality_list"),
        reverse("loften:municipality", args=[slug]),
        promise.get_absolute_url(),
        reverse("loften:commitment", args=[slug, promise.pk, commitment.pk]),
        followup.get_absolute_url(),
        reverse("loften:focus_area_list"),
        reverse("loften:focus_area", args=["trafik"]),
        reverse("loften:police_area_list"),
        reverse("loften:police_area", args=[promise.police_area.slug]),
        reverse("loften:statistics"),
        reverse("loften:search") + "?q=trafik&lan=04",
        reverse("loften:about"),
        reverse("loften:feed"),
        reverse("loften:municipality_feed", args=[slug]),
        reverse("loften:sitemap"),
        reverse("loften:api_promise", args=[slug, promise.pk]),
        reverse("opendata:promise-list"),
        reverse("opendata:promise-detail", args=[promise.pk]),
        reverse("opendata:csv", args=["medborgarloften"]),
        reverse("opendata:index"),
        "/en/",
        f"/en/kommuner/{slug}/",
    ]


def test_every_public_page_comes_from_the_cache_without_a_query(client):
    promise = build_promise(commitments=3, followups=1)
    for url in public_urls(promise):
        response = cached(client, url)
        assert response["ETag"]
        assert "no-cache" in response["Cache-Control"]


def test_the_languages_are_cached_apart(client):
    promise = build_promise()
    swedish = cached(client, promise.get_absolute_url())
    english = cached(client, "/en" + promise.get_absolute_url())
    assert swedish.content != english.content
    assert 'lang="sv"' in swedish.text and 'lang="en"' in english.text


def test_a_signed_in_user_never_gets_the_cached_page(client, editor):
    promise = build_promise()
    url = promise.get_absolute_url()
    cached(client, url)
    client.force_login(editor)
    _, count = read(client, url)
    response, again = read(client, url)
    assert count > 0 and again > 0
    assert "ETag" not in response


def test_a_waiting_message_is_shown_and_never_cached(client):
    """A message (such as "Du loggades ut …" after an idle sign-in) is shown on the next page:
    that page is drawn for the request, and not stored for anyone else."""
    promise = build_promise()
    url = promise.get_absolute_url()
    cached(client, url)
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.WARNING, "Du loggades ut.")])
    response, count = read(client, url)
    assert "Du loggades ut." in response.text and count > 0
    assert "messages" in response.cookies  # used, so removed
    again, count = read(client, url)
    assert "Du loggades ut." not in again.text and count == 0


def test_unchanged_page_answers_304_to_its_etag_and_date(client):
    promise = build_promise()
    url = promise.get_absolute_url()
    page = cached(client, url)
    response, count = read(client, url, if_none_match=page["ETag"])
    assert response.status_code == 304 and count == 0
    assert response["ETag"] == page["ETag"]
    response, _ = read(client, url, if_modified_since=page["Last-Modified"])
    assert response.status_code == 304
    response, _ = read(client, url, if_none_match='"something-else"')
    assert response.status_code == 200


# --- Answered before the session: anonymous requests ---------------------------------------------

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
)


def early(response):
    """Whether the middleware answered before the session middleware ran."""
    return not hasattr(response.wsgi_request, "session")


@pytest.fixture
def hsts(settings):
    settings.SECURE_HSTS_SECONDS = 3600


def test_an_anonymous_hit_is_answered_early_with_every_header_of_a_miss(client, hsts):
    promise = build_promise()
    url = promise.get_absolute_url()
    miss = client.get(url, secure=True)
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(url, secure=True)
    assert not early(miss) and early(hit) and not queries
    assert hit.content == miss.content
    assert dict(hit.headers) == dict(miss.headers)
    for header in SECURITY_HEADERS:
        assert hit[header], header
    assert "Cookie" in hit["Vary"] and hit["Content-Language"] == "sv"
    assert not hit.cookies


def test_a_304_carries_the_security_headers(client, hsts):
    promise = build_promise()
    url = promise.get_absolute_url()
    page = client.get(url, secure=True)
    not_modified = client.get(url, secure=True, headers={"if-none-match": page["ETag"]})
    assert not_modified.status_code == 304 and early(not_modified)
    for header in (
        *SECURITY_HEADERS,
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "Vary",
        "Content-Language",
    ):
        assert not_modified[header] == page[header], header


def test_a_session_without_a_user_is_answered_from_the_cache_by_the_view(client, settings):
    """A session cookie (of someone signed out, say) passes the session and authentication
    middleware; the view finds the same stored page."""
    promise = build_promise()
    url = promise.get_absolute_url()
    page = cached(client, url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "ingen-sadan-session"
    response = client.get(url)
    assert not early(response)
    assert response.content == page.content and response["ETag"] == page["ETag"]


def test_a_csrf_cookie_does_not_keep_a_page_from_the_cache(client, settings):
    promise = build_promise()
    url = promise.get_absolute_url()
    page = cached(client, url)
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    response, count = read(client, url)
    assert early(response) and count == 0 and response.content == page.content
    assert not response.cookies


def test_a_post_is_never_answered_from_the_cache(client):
    url = reverse("loften:home")
    page = cached(client, url)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url)
    assert not early(response) and len(queries) > 0
    assert "ETag" not in response
    assert client.get(url)["ETag"] == page["ETag"]


def test_head_is_answered_from_the_cache_and_keeps_a_pdfs_405(client, pdf_storage):
    promise = make_promise()
    url = promise.get_absolute_url()
    client.head(url)
    head = client.head(url)
    assert head.status_code == 200 and early(head) and head.content == b""
    assert head["ETag"] == client.get(url)["ETag"]
    pdf = reverse("loften:promise_pdf", args=[promise.municipality.slug, promise.pk])
    assert client.get(pdf).status_code == 200
    assert client.head(pdf).status_code == 405


def test_the_address_alone_decides_the_language_of_a_hit(client, settings):
    """Swedish first (config/urls.py): neither the browser's languages nor a language cookie
    give an unprefixed address another language, from the cache or not."""
    promise = build_promise()
    url = promise.get_absolute_url()
    swedish = cached(client, url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response, count = read(client, url, accept_language="en")
    assert early(response) and count == 0
    assert response.content == swedish.content and 'lang="sv"' in response.text
    english, _ = read(client, "/en" + url)
    assert 'lang="en"' in english.text


def test_the_api_is_cached_apart_per_accept_header(client):
    build_promise()
    url = reverse("opendata:promise-list")
    plain = cached(client, url)
    refused = client.get(url, headers={"accept": "text/html"})
    assert refused.status_code == 406
    read(client, url, accept="application/json")
    json_again, count = read(client, url, accept="application/json")
    assert count == 0 and early(json_again)
    assert json_again.content == plain.content
    assert "Accept" in json_again["Vary"]
    assert client.get(url, headers={"accept": "text/html"}).status_code == 406


# --- Changes show at once ------------------------------------------------------------------------


def changes(client, url, change, *, before=None, after):
    """Read `url` (now cached), make `change`, read again: `after` shows and `before` is gone,
    with a new ETag, and a browser asking with the old ETag gets the new page."""
    old = cached(client, url)
    if before is not None:
        assert before in old.text
    assert after not in old.text, after
    change()
    new, count = read(client, url, if_none_match=old["ETag"])
    assert new.status_code == 200 and count > 0
    assert after in new.text
    if before is not None:
        assert before not in new.text
    assert new["ETag"] != old["ETag"]
    return new


def signed_promise(**kwargs):
    return build_promise(state=CitizenPromise.State.SIGNED, followups=0, **kwargs)


def test_publishing_a_document_shows_it_on_every_page_that_lists_it(client, editor):
    promise = signed_promise(title="Det nya löftet för Vingåker")
    slug = promise.municipality.slug

    def publish():
        services.citizen_promise_publish(promise=promise, user=editor)

    for url in (
        reverse("loften:municipality", args=[slug]),
        reverse("loften:home"),
        reverse("loften:focus_area", args=["trafik"]),
        reverse("loften:police_area", args=[promise.police_area.slug]),
        reverse("loften:feed"),
    ):
        cached(client, url)
    changes(client, reverse("loften:municipality_feed", args=[slug]), publish, after=promise.title)
    for url in (
        reverse("loften:municipality", args=[slug]),
        reverse("loften:home"),
        reverse("loften:police_area", args=[promise.police_area.slug]),
        reverse("loften:feed"),
    ):
        assert promise.title in client.get(url).text, url
    assert (
        promise.commitments.first().text
        in client.get(reverse("loften:focus_area", args=["trafik"])).text
    )
    api = client.get(reverse("opendata:promise-list")).json()
    assert [row["title"] for row in api["results"]] == [promise.title]


@pytest.mark.parametrize(
    "url", [reverse("opendata:promise-list"), reverse("opendata:csv", args=["medborgarloften"])]
)
def test_open_data_counts_every_request_against_its_throttle_even_from_the_cache(
    client, settings, url
):
    settings.OPEN_DATA_THROTTLE_RATE = "3/minute"
    responses = [client.get(url) for _ in range(4)]
    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    assert [early(response) for response in responses] == [False, True, True, False]
    assert "För många förfrågningar" in responses[-1].text
    assert "Retry-After" in responses[-1]


def test_publishing_a_follow_up_shows_it(client, editor):
    promise = build_promise(commitments=2, followups=1)
    draft = FollowUpFactory(promise=promise, year=2021, number=2, summary="Halvåret gick bra.")
    for commitment in promise.commitments.all():
        CommitmentStatusFactory(followup=draft, commitment=commitment)
    link = draft.get_absolute_url()
    cached(client, reverse("loften:home"))

    changes(
        client,
        promise.get_absolute_url(),
        lambda: followup_publish(followup=draft, user=editor),
        after=link,
    )
    assert link in client.get(reverse("loften:home")).text


def test_the_search_changes_when_its_index_is_written(client):
    """The search's index is written after a change has committed (or by `rebuild_search_index`
    after bulk writes, which send no signal), and then bumps the counters itself: a search drawn
    from the old index is not kept."""
    promise = build_promise(commitments=1, followups=0)
    Commitment.objects.filter(promise=promise).update(text="Vi sätter upp fler gatlyktor.")
    url = reverse("loften:search") + "?q=gatlyktor"
    assert promise.title not in cached(client, url).text
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert promise.title in client.get(url).text


def test_the_search_finds_a_published_follow_up(client, editor, django_capture_on_commit_callbacks):
    promise = build_promise(commitments=2, followups=1)
    draft = FollowUpFactory(
        promise=promise, year=2021, number=2, summary="Cykelstölderna minskade."
    )
    for commitment in promise.commitments.all():
        CommitmentStatusFactory(followup=draft, commitment=commitment)
    url = reverse("loften:search") + "?q=cykelstölderna"

    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            followup_publish(followup=draft, user=editor)

    changes(client, url, publish, after=draft.get_absolute_url())


def test_withdrawing_a_document_shows_it_withdrawn(client, editor):
    promise = build_promise()
    changes(
        client,
        promise.get_absolute_url(),
        lambda: services.citizen_promise_withdraw(
            promise=promise, user=editor, reason="Ersatt av en gemensam plan för länet."
        ),
        after="Ersatt av en gemensam plan för länet.",
    )


def test_a_new_version_shows_on_the_page_of_the_one_it_replaces(client, editor):
    promise = build_promise(followups=0)
    url = promise.get_absolute_url()
    cached(client, url)
    new = services.citizen_promise_new_version(promise=promise, user=editor)
    # A draft is nobody's business: the page stays as it was (and may come from the cache).
    assert new.get_absolute_url() not in client.get(url).text

    def publish_new_version():
        new.signed_on = datetime.date(2024, 1, 15)
        new.save()
        approve(new)
        services.citizen_promise_sign(promise=new, user=editor)
        services.citizen_promise_publish(promise=new, user=editor)

    changes(client, url, publish_new_version, after=new.get_absolute_url())


def test_renaming_a_municipality_shows_everywhere(client):
    promise = build_promise()
    kommun = municipality()
    cached(client, reverse("loften:municipality_list"))
    cached(client, promise.get_absolute_url())

    def rename():
        kommun.name = "Nya Vingåker"
        kommun.save()

    changes(client, reverse("loften:home"), rename, after="Nya Vingåker")
    assert "Nya Vingåker" in client.get(reverse("loften:municipality_list")).text
    assert "Nya Vingåker" in client.get(promise.get_absolute_url()).text


def test_renaming_a_police_area_shows_on_the_documents_page(client):
    promise = build_promise()
    area = promise.police_area

    def rename():
        area.name = "Lokalpolisområde Nya Katrineholm"
        area.save()

    changes(client, promise.get_absolute_url(), rename, after="Nya Katrineholm")
    assert "Nya Katrineholm" in client.get(reverse("loften:police_area_list")).text


def test_renaming_a_focus_area_shows_on_the_commitments_page(client):
    promise = build_promise()
    commitment = promise.commitments.first()
    url = reverse("loften:commitment", args=[promise.municipality.slug, promise.pk, commitment.pk])
    area = FocusArea.objects.get(slug="trafik")

    def rename():
        area.name = "Trafiksäkerhet"
        area.save()

    changes(client, url, rename, after="Trafiksäkerhet")
    assert "Trafiksäkerhet" in client.get(reverse("loften:focus_area_list")).text


def test_a_change_to_one_kommun_leaves_another_kommuns_pages_in_the_cache(client, editor):
    here = signed_promise()
    there = build_promise(municipality=municipality("0480"))
    there_url = there.get_absolute_url()
    cached(client, there_url)
    services.citizen_promise_publish(promise=here, user=editor)
    _, count = read(client, there_url)
    assert count == 0
    # National pages list both, so they are drawn again.
    _, count = read(client, reverse("loften:home"))
    assert count > 0


def test_a_document_covering_a_second_kommun_changes_that_kommuns_page(client, editor):
    other = municipality("0480")
    promise = signed_promise(title="Gemensamt löfte för två kommuner")
    promise.parties.create(kind="municipality", municipality=other, name="", order=3)
    changes(
        client,
        reverse("loften:municipality", args=[other.slug]),
        lambda: services.citizen_promise_publish(promise=promise, user=editor),
        after=promise.title,
    )


@isolate_apps("loften")
def test_a_new_kind_of_row_belonging_to_a_document_is_followed_without_naming_it(client):
    """A model added later (an effect indicator's value, say) needs no line in portal/cache.py:
    its way to the document is found along its foreign keys. Its rows here are only announced
    (the model has no table); the page is drawn again, and as nothing it shows changed, its
    ETag stays the same."""

    class Reading(models.Model):  # noqa: DJ008 (never shown)
        status = models.ForeignKey(CommitmentStatus, on_delete=models.CASCADE)

        class Meta:
            app_label = "loften"

    promise = build_promise()
    status = CommitmentStatus.objects.filter(followup__promise=promise).first()
    assert [f.name for f in page_cache.promise_path(Reading)] == ["status", "followup", "promise"]
    page_cache.watch(Reading)
    try:
        url = promise.get_absolute_url()
        page = cached(client, url)
        post_save.send(sender=Reading, instance=Reading(pk=1, status=status), created=True)
        again, count = read(client, url)
        assert count > 0
        assert again["ETag"] == page["ETag"]
    finally:
        post_save.disconnect(sender=Reading, dispatch_uid="page-cache-save-loften.Reading")


def test_the_counters_are_bumped_again_on_commit(client, django_capture_on_commit_callbacks):
    """A page drawn from the old rows between the change and its commit (by another request,
    which sees only committed rows) is not served after the commit."""
    promise = build_promise()
    url = promise.get_absolute_url()
    with django_capture_on_commit_callbacks() as callbacks:
        kommun = municipality()
        kommun.name = "Nya Vingåker"
        kommun.save()
        cached(client, url)  # drawn before the commit
    for callback in callbacks:
        callback()
    _, count = read(client, url)
    assert count > 0


def test_a_copy_in_this_process_is_used_only_while_its_counters_are_current(client, rf):
    """Each process keeps a copy of the entries it has read or stored, and reads only their
    counters from the shared cache. A change made by another app server (here: its counter
    bumped in the shared cache, with no signal in this process) is seen at once."""
    promise = build_promise()
    url = promise.get_absolute_url()
    page = cached(client, url)
    cache.delete(page_cache._key(rf.get(url), "sv"))  # the shared entry evicted
    again, count = read(client, url)
    assert count == 0 and again.content == page.content  # the copy, still current
    page_cache.bump([page_cache.municipality(promise.municipality.slug)])
    _, count = read(client, url)
    assert count > 0


def test_without_a_cache_no_copy_is_ever_used(client):
    """With Django's dummy cache (the bench's cache-miss pass) no counter is ever found, so
    every request draws its page, copy or not."""
    promise = build_promise()
    url = promise.get_absolute_url()
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy):
        for _ in range(2):
            _, count = read(client, url)
            assert count > 0


def test_the_copies_keep_within_their_size():
    copies = page_cache._Copies(limit=12_000)

    def entry(size):
        return page_cache.Entry(
            generations={}, headers={}, etag='"x"', last_modified=0, content=b"x" * size
        )

    for name in "abc":
        copies.put(name, entry(2_000))
    assert copies.get("a") is not None  # used: now the newest
    copies.put("d", entry(4_000))
    assert copies.size <= 12_000
    assert copies.get("b") is None  # the least recently used went first
    assert all(copies.get(name) is not None for name in "acd")
    copies.put("e", entry(20_000))  # larger than all the copies together: never kept
    assert copies.get("e") is None and copies.size <= 12_000
    copies.discard("a")
    assert copies.get("a") is None


def test_rows_citizens_never_see_leave_the_cache_alone(client, editor):
    promise = build_promise()
    url = promise.get_absolute_url()
    cached(client, url)
    editor.memberships.first().save()
    _, count = read(client, url)
    assert count == 0


# --- PDFs ----------------------------------------------------------------------------------------


def test_a_pdf_comes_from_the_cache_with_an_etag_and_changes_with_its_content(client, pdf_storage):
    promise = make_promise()
    url = reverse("loften:promise_pdf", args=[promise.municipality.slug, promise.pk])
    first, _ = read(client, url)
    pdf = text(first)
    assert pdf.startswith(b"%PDF")
    second, count = read(client, url)
    assert count == 0 and text(second) == pdf
    assert second["ETag"] == first["ETag"]
    assert "no-cache" in second["Cache-Control"]
    not_modified, count = read(client, url, if_none_match=first["ETag"])
    assert not_modified.status_code == 304 and count == 0

    kommun = promise.municipality
    kommun.name = "Nya Vingåker"
    kommun.save()
    changed, _ = read(client, url, if_none_match=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert text(changed) != pdf


def test_a_follow_up_pdf_changes_when_its_document_is_withdrawn(client, pdf_storage, editor):
    promise = build_promise(followups=1)
    followup = FollowUp.objects.get(promise=promise)
    url = reverse(
        "loften:followup_pdf",
        args=[promise.municipality.slug, promise.pk, followup.period.slug],
    )
    first, _ = read(client, url)
    _, count = read(client, url)
    assert count == 0
    services.citizen_promise_withdraw(promise=promise, user=editor, reason="Ersatt.")
    _, count = read(client, url)
    assert count > 0


# --- Redis ---------------------------------------------------------------------------------------


def redis_reachable():
    try:
        import redis

        return redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except Exception:
        return False


@pytest.mark.skipif(
    not os.environ.get("CI") and not redis_reachable(),
    reason="no Redis on 127.0.0.1:6379 (CI starts one: .ci/run)",
)
def test_the_shared_redis_cache_is_exact_too(client, editor):
    """With REDIS_URL the cache is Django's Redis backend, shared by every app server."""
    redis_cache = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"test-{os.getpid()}",
        }
    }
    with override_settings(CACHES=redis_cache):
        assert type(caches["default"]).__module__ == "config.redis_cache"
        # One redis-py client, kept: Django's own backend builds one for every call.
        kept = caches["default"]._cache.get_client()
        assert caches["default"]._cache.get_client() is kept
        try:
            cache.clear()
            promise = build_promise()
            changes(
                client,
                promise.get_absolute_url(),
                lambda: services.citizen_promise_withdraw(
                    promise=promise, user=editor, reason="Ersatt av en plan för länet."
                ),
                after="Ersatt av en plan för länet.",
            )
            assert cache.get(page_cache._counter(page_cache.REFERENCE)) is not None
        finally:
            cache.clear()
