"""Who may open what: one matrix over every URL of the project.

Every admin URL (changelist, add, change, delete, history, history version, the object redirect,
custom steps, autocomplete, site pages) is requested by every role, for a document of the user's
own organisation and for one of another organisation, and the answer must be the one in the
matrix: 200, a redirect to the login page ("login"), another redirect ("redirect"), 403 or 404.

`test_every_url_is_in_the_matrix_or_public` fails when a URL pattern exists that is neither in the
matrix nor in PUBLIC_URL_NAMES, so a new URL cannot ship without deciding who may open it.
Actions, forged POSTs and revoked memberships are tested below the matrix.
"""

import datetime
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from followup.models import CommitmentStatus, FollowUp, ReminderSent
from loften.models import CitizenPromise, Commitment, FocusArea, Place, Signatory, Source
from municipalities import permissions
from municipalities.models import County, Membership, Municipality, PoliceArea, PoliceRegion
from tests.factories import (
    CitizenPromiseFactory,
    CommitmentFactory,
    CommitmentStatusFactory,
    FollowUpFactory,
    MembershipFactory,
    PlaceFactory,
    PoliceAreaFactory,
    SignatoryFactory,
    SourceFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The matrix signs in many users; a real password hash for each would take most of the time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


#: Public pages: anyone may open them, by design. They only ever show published (and withdrawn)
#: documents; `test_public_pages_never_show_a_draft` checks the ones that name a document.
#: Add a new public URL here by name; a URL for signed-in users belongs in the matrix instead.
PUBLIC_URL_NAMES = {
    "set_language",
    "loften:home",
    "loften:municipality_list",
    "loften:municipality",
    "loften:promise",
    "loften:commitment",
    "loften:focus_area_list",
    "loften:focus_area",
    "loften:police_area",
    "loften:statistics",
    "loften:api_promise",
    "loften:about",
    "loften:accessibility",
    "loften:promise_pdf",
    "loften:followup_pdf",
    "loften:verify",
    "followup:followup",
}

LOGIN = "login"  # 302 to the admin's login page
REDIRECT = "redirect"  # 302 anywhere else
ROLES = ("anonymous", "outsider", "national", "kommunredaktor", "polisredaktor", "granskare")
MEMBERS = ("kommunredaktor", "polisredaktor", "granskare")


def expect(*, national, members=None, editors=None, granskare=None, outsider=403, anonymous=LOGIN):
    """A row of the matrix. `members` sets all three member roles; `editors` and `granskare`
    override it for the two editors and the reviewer."""
    row = {"anonymous": anonymous, "outsider": outsider, "national": national}
    for role in MEMBERS:
        row[role] = members
    if editors is not None:
        row["kommunredaktor"] = row["polisredaktor"] = editors
    if granskare is not None:
        row["granskare"] = granskare
    assert None not in row.values(), row
    return row


# Documents and their rows: members of a party see them; editors change them.
SEE_OWN = expect(national=200, members=200)
SEE_OTHER = expect(national=200, members=404)
EDIT_OWN = expect(national=200, editors=200, granskare=403)
EDIT_OTHER = expect(national=200, members=404)
LIST = expect(national=200, members=200)
ADD = expect(national=200, editors=200, granskare=403)
# Parts edited inside their document: their own admin is read-only for everyone.
NOBODY_OWN = expect(national=403, members=403)
NOBODY_OTHER = expect(national=403, members=404)
# Reference data, memberships, users, devices, lockouts: national administrators only.
NATIONAL = expect(national=200, members=403)
NATIONAL_NOBODY = expect(national=403, members=403)
# Any signed-in staff user.
STAFF = expect(national=200, members=200, outsider=200)
STAFF_REDIRECT = expect(national=REDIRECT, members=REDIRECT, outsider=REDIRECT)
STAFF_404 = expect(national=404, members=404, outsider=404)

EDITABLE_DOCUMENTS = {CitizenPromise, FollowUp}
EDITED_INSIDE_DOCUMENT = {Commitment, Source, Place, Signatory, CommitmentStatus}
NATIONAL_ONLY = {
    PoliceRegion,
    County,
    Municipality,
    PoliceArea,
    Membership,
    FocusArea,
    User,
    Group,
    TOTPDevice,
    AccessAttempt,
    AccessLog,
    AccessFailureLog,
    ReminderSent,
}
#: Third-party admins that allow less than "everything" even to a national administrator.
NATIONAL_EXCEPTIONS = {
    "admin:axes_accessattempt_add": NATIONAL_NOBODY,
    "admin:axes_accesslog_add": NATIONAL_NOBODY,
    "admin:axes_accessfailurelog_add": NATIONAL_NOBODY,
    # A log written by `manage.py followup_reminders`: read and deleted, never written by hand.
    "admin:followup_remindersent_add": NATIONAL_NOBODY,
}


# --- The world the matrix runs in ----------------------------------------------------------------


@dataclass
class World:
    users: dict
    own: dict  # model -> an object of the members' own organisation
    other: dict  # model -> an object of another organisation


def _document(municipality_obj, police_area, **kwargs):
    promise = CitizenPromiseFactory(
        municipality=municipality_obj, police_area=police_area, **kwargs
    )
    status = CommitmentStatusFactory(
        followup=FollowUpFactory(promise=promise),
        commitment=CommitmentFactory(promise=promise),
    )
    return {
        CitizenPromise: promise,
        Commitment: status.commitment,
        Source: SourceFactory(promise=promise),
        Place: PlaceFactory(promise=promise),
        Signatory: SignatoryFactory(promise=promise),
        FollowUp: status.followup,
        CommitmentStatus: status,
    }


@pytest.fixture
def world():
    vingaker, strangnas = municipality("0428"), municipality("0486")
    katrineholm = PoliceAreaFactory(
        name="Lokalpolisområde Katrineholm",
        slug="lokalpolisomrade-katrineholm",
        municipalities=[municipality("0483"), vingaker],
    )
    eskilstuna = PoliceAreaFactory(
        name="Lokalpolisområde Eskilstuna",
        slug="lokalpolisomrade-eskilstuna",
        municipalities=[municipality("0484"), strangnas],
    )
    users = {
        "national": UserFactory(username="admin", is_superuser=True),
        "kommunredaktor": MembershipFactory(
            user__username="kommun.vingaker", municipality=vingaker
        ).user,
        "polisredaktor": MembershipFactory(
            user__username="polis.katrineholm", municipality=None, police_area=katrineholm
        ).user,
        "granskare": MembershipFactory(
            user__username="granskare.vingaker",
            municipality=vingaker,
            role=Membership.Role.REVIEWER,
        ).user,
        "outsider": UserFactory(username="utan.organisation"),
    }
    own = _document(vingaker, katrineholm)
    other = _document(strangnas, eskilstuna)
    reference = {
        PoliceRegion: PoliceRegion.objects.first(),
        County: County.objects.first(),
        Municipality: vingaker,
        PoliceArea: katrineholm,
        Membership: Membership.objects.first(),
        FocusArea: FocusArea.objects.first(),
        User: users["kommunredaktor"],
        Group: Group.objects.create(name="Redaktörer"),
        TOTPDevice: TOTPDevice.objects.create(user=users["national"], name="Telefon"),
        AccessAttempt: AccessAttempt.objects.create(
            username="kommun.vingaker",
            ip_address="127.0.0.1",
            user_agent="test",
            failures_since_start=1,
        ),
        AccessLog: AccessLog.objects.create(
            username="kommun.vingaker", ip_address="127.0.0.1", user_agent="test"
        ),
        AccessFailureLog: AccessFailureLog.objects.create(
            username="kommun.vingaker", ip_address="127.0.0.1", user_agent="test"
        ),
        ReminderSent: ReminderSent.objects.create(
            user=users["kommunredaktor"],
            municipality=vingaker,
            sent_on=datetime.date(2026, 3, 2),
            email="kommun.vingaker@example.org",
            half_years="1:2025-2",
        ),
    }
    for obj in reference.values():
        if hasattr(obj, "history"):
            obj.save()  # rows from data migrations have no history yet
    own.update(reference)
    return World(users=users, own=own, other=other)


# --- The matrix ----------------------------------------------------------------------------------


@dataclass
class Case:
    """One URL: how to build it from the world, and who gets what, for the members' own
    organisation's object and (where the URL names an object) another organisation's."""

    name: str  # URL name, or the route of an unnamed pattern
    own: dict
    other: dict | None = None
    url: object = None  # callable(world, objects) -> URL; objects is world.own or world.other
    method: str = "get"


def _object_url(url_name, model, suffix=()):
    def build(world, objects):
        obj = objects[model]
        return reverse(url_name, args=[obj.pk, *suffix])

    return build


def _history_version_url(url_name, model):
    def build(world, objects):
        obj = objects[model]
        return reverse(url_name, args=[obj.pk, obj.history.first().history_id])

    return build


def _object_redirect_url(model):
    def build(world, objects):
        opts = model._meta
        return f"/admin/{opts.app_label}/{opts.model_name}/{objects[model].pk}/"

    return build


def _model_cases(model):
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    route = f"admin/{opts.app_label}/{opts.model_name}/<path:object_id>/"
    static = {
        "changelist": lambda w, o, n=f"{prefix}_changelist": reverse(n),
        "add": lambda w, o, n=f"{prefix}_add": reverse(n),
    }
    objects = {
        "change": _object_url(f"{prefix}_change", model),
        "delete": _object_url(f"{prefix}_delete", model),
        "history": _object_url(f"{prefix}_history", model),
    }
    if hasattr(model, "history"):
        objects["simple_history"] = _history_version_url(f"{prefix}_simple_history", model)

    if model in EDITABLE_DOCUMENTS:
        table = {
            "changelist": (LIST, None),
            "add": (ADD, None),
            "change": (SEE_OWN, SEE_OTHER),
            "history": (SEE_OWN, SEE_OTHER),
            "simple_history": (SEE_OWN, SEE_OTHER),
            "delete": (EDIT_OWN, EDIT_OTHER),
        }
    elif model in EDITED_INSIDE_DOCUMENT:
        table = {
            "changelist": (LIST, None),
            "add": (NOBODY_OWN, None),
            "change": (SEE_OWN, SEE_OTHER),
            "history": (SEE_OWN, SEE_OTHER),
            "simple_history": (SEE_OWN, SEE_OTHER),
            "delete": (NOBODY_OWN, NOBODY_OTHER),
        }
    else:
        assert model in NATIONAL_ONLY, model
        table = dict.fromkeys([*static, *objects], (NATIONAL, None))

    cases = []
    for view, (own, other) in table.items():
        if view not in static and view not in objects:
            continue
        name = f"{prefix}_{view}"
        own = NATIONAL_EXCEPTIONS.get(name, own)
        url = static.get(view) or objects[view]
        cases.append(Case(name=name, own=own, other=other, url=url))
    scoped = model in EDITABLE_DOCUMENTS or model in EDITED_INSIDE_DOCUMENT
    cases.append(
        Case(
            name=route,
            own=STAFF_REDIRECT,
            other=STAFF_REDIRECT if scoped else None,
            url=_object_redirect_url(model),
        )
    )
    return cases


def _autocomplete(app_label, model_name, field_name, term=""):
    def build(world, objects):
        query = f"app_label={app_label}&model_name={model_name}&field_name={field_name}"
        return f"{reverse('admin:autocomplete')}?{query}&term={term}"

    return build


def _custom_cases():
    promise_steps = [
        Case(
            name=f"admin:loften_citizenpromise_{step}",
            own=EDIT_OWN,
            other=EDIT_OTHER,
            url=_object_url(f"admin:loften_citizenpromise_{step}", CitizenPromise),
        )
        for step in ("sign", "publish", "withdraw", "new_version")
    ]
    return [
        *promise_steps,
        Case(
            name="admin:loften_citizenpromise_preview",
            own=SEE_OWN,
            other=SEE_OTHER,
            url=_object_url("admin:loften_citizenpromise_preview", CitizenPromise),
        ),
        Case(
            name="admin:followup_followup_publish",
            own=EDIT_OWN,
            other=EDIT_OTHER,
            url=_object_url("admin:followup_followup_publish", FollowUp),
        ),
        # The one-page form and the spreadsheet export: members read (reviewers see the form
        # read-only, tests/followup/test_form.py); the import and creating the next follow-up
        # are for editors, like every change.
        Case(
            name="admin:followup_followup_form",
            own=SEE_OWN,
            other=SEE_OTHER,
            url=_object_url("admin:followup_followup_form", FollowUp),
        ),
        Case(
            name="admin:followup_followup_csv",
            own=SEE_OWN,
            other=SEE_OTHER,
            url=_object_url("admin:followup_followup_csv", FollowUp),
        ),
        Case(
            name="admin:followup_followup_import",
            own=EDIT_OWN,
            other=EDIT_OTHER,
            url=_object_url("admin:followup_followup_import", FollowUp),
        ),
        Case(
            name="admin:followup_followup_create_next",
            own=EDIT_OWN,
            other=EDIT_OTHER,
            url=lambda w, o: reverse("admin:followup_followup_create_next", args=[o["signed"].pk]),
        ),
        Case(
            name="admin:auth_user_password_change",
            own=NATIONAL,
            url=_object_url("admin:auth_user_password_change", User),
        ),
        Case(
            name="admin:otp_totp_totpdevice_config",
            own=NATIONAL,
            url=_object_url("admin:otp_totp_totpdevice_config", TOTPDevice),
        ),
        Case(
            name="admin:otp_totp_totpdevice_qrcode",
            own=NATIONAL,
            url=_object_url("admin:otp_totp_totpdevice_qrcode", TOTPDevice),
        ),
        # The site's own pages.
        Case(name="admin:index", own=STAFF, url=lambda w, o: reverse("admin:index")),
        Case(
            name="admin:login",
            own=expect(national=REDIRECT, members=REDIRECT, outsider=REDIRECT, anonymous=200),
            url=lambda w, o: reverse("admin:login"),
        ),
        Case(
            name="admin:logout",
            own=expect(national=200, members=200, outsider=200, anonymous=REDIRECT),
            url=lambda w, o: reverse("admin:logout"),
            method="post",
        ),
        Case(
            name="admin:password_change",
            own=STAFF,
            url=lambda w, o: reverse("admin:password_change"),
        ),
        Case(
            name="admin:password_change_done",
            own=STAFF,
            url=lambda w, o: reverse("admin:password_change_done"),
        ),
        Case(name="admin:jsi18n", own=STAFF, url=lambda w, o: reverse("admin:jsi18n")),
        # Two-factor sign-in is off in these tests: a signed-in user is sent on.
        Case(
            name="admin:two_factor",
            own=STAFF_REDIRECT,
            url=lambda w, o: reverse("admin:two_factor"),
        ),
        # The contenttypes shortcut sends staff on to the public address, which shows only
        # published documents.
        Case(
            name="admin:view_on_site",
            own=STAFF_REDIRECT,
            other=STAFF_REDIRECT,
            url=lambda w, o: reverse(
                "admin:view_on_site",
                args=[_content_type_id(CitizenPromise), o[CitizenPromise].pk],
            ),
        ),
        Case(
            name="admin/(?P<url>.*)$",
            own=STAFF_404,
            url=lambda w, o: "/admin/finns-inte/",
        ),
        # Autocomplete: results come from the remote model's admin, filtered like its list;
        # see test_autocomplete_offers_only_own_documents for what is in them.
        Case(
            name="admin:autocomplete",
            own=LIST,
            url=_autocomplete("followup", "followup", "promise"),
        ),
        Case(
            name="admin:autocomplete (reference data)",
            own=NATIONAL,
            url=_autocomplete("loften", "citizenpromise", "municipality", "Ving"),
        ),
        # The signed PDF export for officials (loften/pdf): members of a party.
        Case(
            name="loften:promise_pdf_export",
            own=expect(national=200, members=200),
            other=expect(national=200, members=403),
            url=lambda w, o: reverse("loften:promise_pdf_export", args=[o["signed"].pk]),
        ),
    ]


def _app_list_cases():
    cases = []
    for app_label in ("auth", "otp_totp", "axes", "municipalities", "loften", "followup"):
        own = (
            expect(national=200, members=200, outsider=404)
            if app_label in ("loften", "followup")
            else expect(national=200, members=404, outsider=404)
        )
        cases.append(
            Case(
                name=f"admin:app_list ({app_label})",
                own=own,
                url=lambda w, o, label=app_label: reverse("admin:app_list", args=[label]),
            )
        )
    return cases


def _content_type_id(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def all_cases():
    cases = []
    for model in admin.site._registry:
        cases.extend(_model_cases(model))
    return cases + _custom_cases() + _app_list_cases()


def _covered_name(case):
    return case.name.split(" (")[0]


def _request(client, case, url):
    if case.method == "post":
        return client.post(url)
    return client.get(url)


def _outcome(response):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("admin:login")) else REDIRECT
    return response.status_code


CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(client, world, case):
    world.own["signed"] = _signed_copy(world.own[CitizenPromise])
    world.other["signed"] = _signed_copy(world.other[CitizenPromise])
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


def _signed_copy(promise):
    signed = CitizenPromiseFactory(
        municipality=promise.municipality,
        police_area=promise.police_area,
        title=f"{promise.title} (undertecknat)",
        state=CitizenPromise.State.SIGNED,
        signed_at=datetime.datetime(2024, 12, 1, 10, tzinfo=datetime.UTC),
    )
    CommitmentFactory(promise=signed)
    SignatoryFactory(promise=signed, signed_on=datetime.date(2024, 12, 1))
    return signed


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
    covered = {_covered_name(case) for case in CASES} | PUBLIC_URL_NAMES
    missing = sorted(name for name in _patterns(get_resolver()) if name not in covered)
    assert not missing, (
        "These URL patterns are in neither the permission matrix (tests/test_permissions.py) "
        "nor PUBLIC_URL_NAMES. Decide who may open them and add them:\n" + "\n".join(missing)
    )


def test_every_admin_model_is_classified():
    registered = set(admin.site._registry)
    classified = EDITABLE_DOCUMENTS | EDITED_INSIDE_DOCUMENT | NATIONAL_ONLY
    assert registered == classified, (registered - classified, classified - registered)


def test_public_pages_never_show_a_draft(client, world):
    promise = world.own[CitizenPromise]
    commitment = world.own[Commitment]
    slug = promise.municipality.slug
    urls = [
        reverse("loften:promise", kwargs={"slug": slug, "pk": promise.pk}),
        reverse(
            "loften:commitment",
            kwargs={"slug": slug, "pk": promise.pk, "commitment_pk": commitment.pk},
        ),
        reverse("loften:promise_pdf", kwargs={"slug": slug, "pk": promise.pk}),
        reverse("loften:api_promise", kwargs={"slug": slug, "pk": promise.pk}),
    ]
    for role in ("anonymous", "national", "kommunredaktor"):
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        for url in urls:
            assert client.get(url).status_code == 404, (role, url)


# --- What the lists and choices contain ----------------------------------------------------------


def test_lists_show_only_own_organisations_documents(client, world):
    own, other = world.own[CitizenPromise], world.other[CitizenPromise]
    for role in MEMBERS:
        client.force_login(world.users[role])
        page = client.get(reverse("admin:loften_citizenpromise_changelist"))
        assert list(page.context["cl"].result_list) == [own], role
        page = client.get(reverse("admin:followup_followup_changelist"))
        assert list(page.context["cl"].result_list) == [world.own[FollowUp]], role
    client.force_login(world.users["national"])
    page = client.get(reverse("admin:loften_citizenpromise_changelist"))
    assert set(page.context["cl"].result_list) == {own, other}


def test_autocomplete_offers_only_own_documents(client, world):
    url = _autocomplete("followup", "followup", "promise")(world, world.own)
    client.force_login(world.users["polisredaktor"])
    ids = {int(row["id"]) for row in client.get(url).json()["results"]}
    assert ids == {world.own[CitizenPromise].pk}


def test_forms_offer_only_own_organisations(client, world):
    client.force_login(world.users["kommunredaktor"])
    form = client.get(reverse("admin:loften_citizenpromise_add")).context["adminform"].form
    assert [m.code for m in form.fields["municipality"].queryset] == ["0428"]
    assert [a.name for a in form.fields["police_area"].queryset] == ["Lokalpolisområde Katrineholm"]

    client.force_login(world.users["polisredaktor"])
    form = client.get(reverse("admin:loften_citizenpromise_add")).context["adminform"].form
    assert sorted(m.code for m in form.fields["municipality"].queryset) == ["0428", "0483"]
    assert [a.name for a in form.fields["police_area"].queryset] == ["Lokalpolisområde Katrineholm"]

    form = client.get(reverse("admin:followup_followup_add")).context["adminform"].form
    assert list(form.fields["promise"].queryset) == [world.own[CitizenPromise]]


def _add_data(municipality_obj, police_area):
    return {
        "title": "Medborgarlöfte 2027–2028",
        "municipality": municipality_obj.pk,
        "police_area": police_area.pk,
        "valid_from": "2027-01-01",
        "valid_until": "2028-12-31",
        "situation": "Lägesbild.",
        "effects": "",
        "followup_plan": "",
        **{
            f"{prefix}-{key}": value
            for prefix in ("sources", "places", "commitments", "signatories")
            for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
        },
    }


def test_a_forged_post_naming_another_organisation_is_rejected(client, world):
    client.force_login(world.users["kommunredaktor"])
    strangnas = world.other[CitizenPromise].municipality
    eskilstuna = world.other[CitizenPromise].police_area
    before = CitizenPromise.objects.count()

    response = client.post(
        reverse("admin:loften_citizenpromise_add"), _add_data(strangnas, eskilstuna)
    )
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert CitizenPromise.objects.count() == before

    # Own municipality with a police area that does not serve it.
    response = client.post(
        reverse("admin:loften_citizenpromise_add"),
        _add_data(world.own[CitizenPromise].municipality, eskilstuna),
    )
    assert "police_area" in response.context["adminform"].form.errors
    assert CitizenPromise.objects.count() == before

    # A follow-up for another organisation's document.
    response = client.post(
        reverse("admin:followup_followup_add"),
        {
            "promise": world.other[CitizenPromise].pk,
            "year": 2026,
            "half": 1,
            "summary": "",
            "statuses-TOTAL_FORMS": 0,
            "statuses-INITIAL_FORMS": 0,
        },
    )
    assert "promise" in response.context["adminform"].form.errors
    assert not FollowUp.objects.filter(promise=world.other[CitizenPromise], year=2026).exists()


def test_own_organisation_may_create_a_draft_through_the_admin(client, world):
    client.force_login(world.users["polisredaktor"])
    response = client.post(
        reverse("admin:loften_citizenpromise_add"),
        _add_data(municipality("0483"), world.own[CitizenPromise].police_area),
    )
    assert response.status_code == 302
    created = CitizenPromise.objects.get(title="Medborgarlöfte 2027–2028")
    assert created.state == CitizenPromise.State.DRAFT
    assert created.history.get().history_user == world.users["polisredaktor"]


def test_reviewer_sees_a_read_only_form_and_cannot_post(client, world):
    promise = world.own[CitizenPromise]
    client.force_login(world.users["granskare"])
    url = reverse("admin:loften_citizenpromise_change", args=[promise.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert 'name="_save"' not in response.text
    assert client.post(url, {"title": "Ändrad"}).status_code == 403
    promise.refresh_from_db()
    assert promise.title != "Ändrad"


# --- Actions ------------------------------------------------------------------------------------


def _action(client, model, action, pks, **extra):
    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in pks], **extra},
        follow=True,
    )


def _make_signable(promise):
    SignatoryFactory(promise=promise, signed_on=datetime.date(2025, 1, 10))
    promise.signatories.filter(signed_on__isnull=True).update(signed_on=datetime.date(2025, 1, 9))


def test_actions_touch_only_documents_the_user_may_edit(client, world):
    own, other = world.own[CitizenPromise], world.other[CitizenPromise]
    _make_signable(own)
    _make_signable(other)
    client.force_login(world.users["kommunredaktor"])
    _action(client, CitizenPromise, "sign_selected", [own.pk, other.pk])
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.state == CitizenPromise.State.SIGNED
    assert other.state == CitizenPromise.State.DRAFT


def test_reviewer_has_no_actions(client, world):
    own = world.own[CitizenPromise]
    _make_signable(own)
    client.force_login(world.users["granskare"])
    page = client.get(reverse("admin:loften_citizenpromise_changelist"))
    assert page.context["action_form"] is None or not [
        choice for choice, _ in page.context["action_form"].fields["action"].choices if choice
    ]
    _action(client, CitizenPromise, "sign_selected", [own.pk])
    _action(client, CitizenPromise, "delete_selected", [own.pk], post="yes")
    own.refresh_from_db()
    assert own.state == CitizenPromise.State.DRAFT


def test_delete_action_refuses_signed_documents_and_deletes_drafts(client, world):
    signed = _signed_copy(world.own[CitizenPromise])
    draft = CitizenPromiseFactory(
        municipality=signed.municipality, police_area=signed.police_area, title="Tomt utkast"
    )
    CommitmentFactory(promise=draft)
    client.force_login(world.users["kommunredaktor"])

    page = _action(client, CitizenPromise, "delete_selected", [signed.pk, draft.pk], post="yes")
    assert "raderas aldrig" in page.text
    assert CitizenPromise.objects.filter(pk__in=[signed.pk, draft.pk]).count() == 2

    _action(client, CitizenPromise, "delete_selected", [draft.pk], post="yes")
    assert not CitizenPromise.objects.filter(pk=draft.pk).exists()
    assert (
        CitizenPromise.history.filter(id=draft.pk, history_type="-").get().history_user
        == (world.users["kommunredaktor"])
    )


def test_national_admin_cannot_delete_a_published_document_either(client, world):
    signed = _signed_copy(world.own[CitizenPromise])
    client.force_login(world.users["national"])
    url = reverse("admin:loften_citizenpromise_delete", args=[signed.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert CitizenPromise.objects.filter(pk=signed.pk).exists()


# --- History ------------------------------------------------------------------------------------


def test_history_version_pages_never_revert(client, world):
    promise = world.own[CitizenPromise]
    version = promise.history.first().history_id
    url = reverse("admin:loften_citizenpromise_simple_history", args=[promise.pk, version])
    client.force_login(world.users["national"])
    response = client.post(url, {"title": "Återställd", "_change_history": "1"})
    assert response.status_code == 403
    promise.refresh_from_db()
    assert promise.title != "Återställd"


# --- Memberships --------------------------------------------------------------------------------


def test_revoking_a_membership_takes_effect_on_the_next_request(client, world):
    user = world.users["kommunredaktor"]
    url = reverse("admin:loften_citizenpromise_change", args=[world.own[CitizenPromise].pk])
    client.force_login(user)
    assert client.get(url).status_code == 200

    Membership.objects.filter(user=user).delete()

    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:loften_citizenpromise_changelist")).status_code == 403


def test_changing_a_role_takes_effect_on_the_next_request(client, world):
    user = world.users["kommunredaktor"]
    url = reverse("admin:loften_citizenpromise_sign", args=[world.own[CitizenPromise].pk])
    client.force_login(user)
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=user).update(role=Membership.Role.REVIEWER)
    assert client.get(url).status_code == 403


def test_permissions_module_answers_for_one_document(world):
    own, other = world.own[CitizenPromise], world.other[CitizenPromise]
    users = world.users
    assert permissions.can_edit(users["polisredaktor"], own)
    assert not permissions.can_edit(users["polisredaktor"], other)
    assert permissions.can_view(users["granskare"], own)
    assert not permissions.can_edit(users["granskare"], own)
    assert permissions.can_edit(users["national"], other)
    assert not permissions.can_view(users["outsider"], own)
    assert list(CitizenPromise.objects.visible_to(users["granskare"])) == [own]
    assert list(CitizenPromise.objects.editable_by(users["granskare"])) == []
    assert set(CitizenPromise.objects.editable_by(users["national"])) >= {own, other}
    assert list(FollowUp.objects.visible_to(users["kommunredaktor"])) == [world.own[FollowUp]]
