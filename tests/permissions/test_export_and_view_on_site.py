"""The two URLs that take any document's id, walked for every role against every object of both
organisations in every state: the staff PDF export (`loften:promise_pdf_export`) and the admin's
"Visa på webbplatsen" (`admin:view_on_site`).

To everyone but a national administrator, another organisation's documents, in any state, and
their parts do not exist: the answer is the very 404 of a missing id, and nothing on it (nor on the
next admin page) names them. What citizens may see anyway (a public document, its löften, a
published follow-up, reference data) is still followed to its public page."""

import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from loften.models import CitizenPromise
from tests.permissions.matrix_states import PUBLIC_REFERENCE, PUBLIC_WITH_DOCUMENT, view_on_site_url
from tests.permissions.rows import NATIONAL_ONLY
from tests.permissions.world import MEMBERS, PUBLISHED_FOLLOWUP, STATES, in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_storage")]

#: Signed-in staff who are not national administrators.
STAFF = ("outsider", *MEMBERS)
MISSING = 999999


def _export_url(pk):
    return reverse("loften:promise_pdf_export", args=[pk])


def _missing_view_on_site_url():
    return reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(CitizenPromise).pk, MISSING]
    )


def _every_object(objects):
    """(label, object, has a page citizens may see) for every document of `objects`' organisation
    in every state, its parts and follow-ups."""
    for state in STATES:
        public = state in CitizenPromise.PUBLIC_STATES
        for key, obj in in_state(objects, state).items():
            followed = key == PUBLISHED_FOLLOWUP or (public and key in PUBLIC_WITH_DOCUMENT)
            label = key if isinstance(key, str) else key._meta.model_name
            yield f"{label} ({state})", obj, followed


def _not_found(client, url):
    """The 404 page at `url`, without what differs on every page anyway: the CSRF token and the
    address itself (the language switch sends you back to it)."""
    response = client.get(url)
    assert response.status_code == 404, url
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return page.replace(url, "URL")


def _assert_public_page(obj, response):
    """Sent on to the object's public page (on this host, as Django's shortcut writes it), which
    a citizen can open."""
    assert response.status_code == 302
    path = urlsplit(response["Location"]).path
    assert path == obj.get_absolute_url()
    assert Client().get(path).status_code == 200


def test_another_organisations_objects_are_missing_to_every_member_and_outsider(client, world):
    for role in STAFF:
        client.force_login(world.users[role])
        missing_export = _not_found(client, _export_url(MISSING))
        missing_shortcut = _not_found(client, _missing_view_on_site_url())
        for label, obj, followed in _every_object(world.other):
            if followed:
                _assert_public_page(obj, client.get(view_on_site_url(obj)))
            else:
                assert _not_found(client, view_on_site_url(obj)) == missing_shortcut, (role, label)
            if isinstance(obj, CitizenPromise):
                assert _not_found(client, _export_url(obj.pk)) == missing_export, (role, label)
        # Nothing was left behind to show on the next admin page either.
        assert not list(get_messages(client.get(reverse("admin:index")).wsgi_request)), role


def test_own_documents_still_export_and_public_objects_still_open(client, world):
    for role in (*MEMBERS, "national"):
        client.force_login(world.users[role])
        for label, obj, followed in _every_object(world.own):
            shortcut = client.get(view_on_site_url(obj))
            if followed:
                _assert_public_page(obj, shortcut)
            else:
                # Not public: no page to follow to, even for its own members (an own draft has
                # its preview on the admin page instead).
                assert shortcut.status_code == 404, (role, label)
            if not isinstance(obj, CitizenPromise):
                continue
            export = client.get(_export_url(obj.pk))
            if obj.state == CitizenPromise.State.DRAFT:
                change = reverse("admin:loften_citizenpromise_change", args=[obj.pk])
                assert export.status_code == 302 and export["Location"] == change, (role, label)
                [message] = get_messages(export.wsgi_request)
                assert f"”{obj.title}” är ett utkast" in str(message)
            else:
                assert export.status_code == 200, (role, label)
                assert b"".join(export.streaming_content).startswith(b"%PDF-")


def test_a_national_administrator_exports_every_organisations_documents(client, world):
    client.force_login(world.users["national"])
    for state in STATES:
        promise = in_state(world.other, state)[CitizenPromise]
        expected = 302 if state == CitizenPromise.State.DRAFT else 200
        assert client.get(_export_url(promise.pk)).status_code == expected, state


def test_reference_data_with_public_pages_is_followed_for_everyone_signed_in(client, world):
    for role in (*STAFF, "national"):
        client.force_login(world.users[role])
        for model in NATIONAL_ONLY:
            obj = world.own[model]
            response = client.get(view_on_site_url(obj))
            if model in PUBLIC_REFERENCE:
                _assert_public_page(obj, response)
            else:
                assert response.status_code == 404, (role, model)


def test_anonymous_visitors_are_asked_to_log_in_whatever_the_id(client, world):
    login = reverse("admin:login")
    urls = [_export_url(MISSING), _missing_view_on_site_url()]
    for _label, obj, _followed in _every_object(world.other):
        urls.append(view_on_site_url(obj))
        if isinstance(obj, CitizenPromise):
            urls.append(_export_url(obj.pk))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login}?next="), url


def test_every_model_with_a_public_address_is_walked(world):
    """A new model with get_absolute_url() must be added to the walk (and to PUBLIC_ROWS in
    config/view_on_site.py if citizens may see it)."""
    walked = {type(obj) for _label, obj, _followed in _every_object(world.own)}
    walked |= NATIONAL_ONLY
    with_address = {model for model in apps.get_models() if hasattr(model, "get_absolute_url")}
    assert with_address <= walked, with_address - walked
