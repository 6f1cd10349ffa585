"""Who may open what: one matrix over every URL of the project.

Every admin URL (changelist, add, change, delete, history, history version, the object redirect,
custom steps, autocomplete, site pages) is requested by every role, for a document of the user's
own organisation and for one of another organisation, and the answer must be the one in the
matrix (tests/permissions/matrix.py; the staff PDF export and "Visa på webbplatsen" for a document
in every state in matrix_states.py).

`test_every_url_is_in_the_matrix_or_public` fails when a URL pattern exists that is neither in the
matrix nor in PUBLIC_URL_NAMES, so a new URL cannot ship without deciding who may open it.
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from loften.models import CitizenPromise
from tests.permissions.matrix import CASES
from tests.permissions.rows import (
    EDITABLE_DOCUMENTS,
    EDITED_INSIDE_DOCUMENT,
    LOGIN,
    NATIONAL_ONLY,
    PEOPLE,
    REDIRECT,
)
from tests.permissions.world import ROLES, signed_copy

pytestmark = pytest.mark.django_db

#: Public pages: anyone may open them, by design. They only ever show published (and withdrawn)
#: documents; `test_public_pages_never_show_a_draft`
#: (tests/permissions/test_public_pages.py) checks the ones that name a document.
#: Add a new public URL here by name; a URL for signed-in users belongs in the matrix instead.
PUBLIC_URL_NAMES = {
    "loften:home",
    "loften:municipality_list",
    "loften:police_area_list",
    "loften:municipality",
    "loften:promise",
    "loften:commitment",
    "loften:focus_area_list",
    "loften:focus_area",
    "loften:police_area",
    "loften:statistics",
    "loften:search",
    "loften:api_promise",
    "loften:about",
    "loften:accessibility",
    "loften:promise_pdf",
    "loften:attachment",
    "loften:followup_pdf",
    "loften:verify",
    "followup:followup",
    # The addresses from before cadences redirect to the two above, for published follow-ups of
    # public half-yearly documents only (tests/portal/test_cadence.py).
    "loften:followup_pdf_by_half_year",
    "followup:followup_by_half_year",
    # Atom feeds, the sitemap and robots.txt: published documents and follow-ups only
    # (tests/portal/test_feeds.py, tests/portal/test_sitemap.py).
    "loften:feed",
    "loften:municipality_feed",
    "loften:police_area_feed",
    "loften:focus_area_feed",
    "loften:sitemap",
    "loften:sitemap_section",
    "loften:robots",
    # E-mail alerts: anyone may ask to follow a municipality or a public document; the
    # confirmation and unsubscribe pages act only on a signed link.
    "alerts:follow_municipality",
    "alerts:follow_promise",
    "alerts:confirm",
    "alerts:unsubscribe",
    # Open data (portal/opendata/): published rows only, anonymous and read-only.
    "opendata:index",
    "opendata:csv",
    "opendata:dcat",
    "opendata:api-root",
    "opendata:promise-list",
    "opendata:promise-detail",
    "opendata:commitment-list",
    "opendata:commitment-detail",
    "opendata:followup-list",
    "opendata:followup-detail",
    "opendata:status-list",
    "opendata:status-detail",
    "opendata:municipality-list",
    "opendata:municipality-detail",
    "opendata:police-area-list",
    "opendata:police-area-detail",
    "opendata:focus-area-list",
    "opendata:focus-area-detail",
    "opendata:schema",
    "opendata:docs",
    "opendata:api_not_found",
}


def covered_name(case):
    return case.name.split(" (")[0]


def _request(client, case, url):
    if case.method == "post":
        return client.post(url)
    return client.get(url)


def _outcome(response):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("admin:login")) else REDIRECT
    return response.status_code


@pytest.mark.usefixtures("pdf_storage")  # the export writes PDFs: into a temporary folder
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(client, world, case):
    world.own["signed"] = signed_copy(world.own[CitizenPromise])
    world.other["signed"] = signed_copy(world.other[CitizenPromise])
    mismatches = []
    for relation, expected_row in (("own", case.own), ("other", case.other)):
        if expected_row is None:
            continue
        objects = world.own if relation == "own" else world.other
        url = case.url(world, objects)
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(world.users[role])
            response = _request(client, case, url)
            got = _outcome(response)
            if got != expected_row[role]:
                mismatches.append(
                    f"{role} {relation} {url}: expected {expected_row[role]}, got {got}"
                )
            if url.startswith("/admin/"):
                assert "no-store" in response.get("Cache-Control", ""), url
    assert not mismatches, "\n".join(mismatches)


# --- Coverage ------------------------------------------------------------------------------------


def _patterns(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            yield f"{namespace}{pattern.name}" if pattern.name else route


def test_every_url_is_in_the_matrix_or_public():
    covered = {covered_name(case) for case in CASES} | PUBLIC_URL_NAMES
    missing = sorted(name for name in _patterns(get_resolver()) if name not in covered)
    assert not missing, (
        "These URL patterns are in neither the permission matrix (tests/permissions/matrix.py) "
        "nor PUBLIC_URL_NAMES. Decide who may open them and add them:\n" + "\n".join(missing)
    )


def test_every_admin_model_is_classified():
    registered = set(admin.site._registry)
    classified = EDITABLE_DOCUMENTS | EDITED_INSIDE_DOCUMENT | NATIONAL_ONLY | set(PEOPLE)
    assert registered == classified, (registered - classified, classified - registered)
