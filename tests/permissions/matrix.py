"""The permission matrix: every URL of the project as a `Case`, with the answer each role gets
for an object of the members' own organisation and (where the URL names one) of another
organisation: 200, a redirect to the login page ("login"), another redirect ("redirect"), 403 or
404. tests/permissions/test_matrix.py requests them all and checks that no URL is missing."""

from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from followup.models import FollowUp
from loften.models import Amendment, CitizenPromise, Commitment
from tests.permissions.matrix_states import attachment_cases, export_cases, view_on_site_cases
from tests.permissions.rows import (
    ADD,
    EDIT_OTHER,
    EDIT_OWN,
    EDITABLE_DOCUMENTS,
    EDITED_INSIDE_DOCUMENT,
    LIST,
    NATIONAL,
    NATIONAL_EXCEPTIONS,
    NATIONAL_NOBODY,
    NATIONAL_ONLY,
    NOBODY_OTHER,
    NOBODY_OWN,
    PARTY_EDIT_OTHER,
    PARTY_EDIT_OWN,
    PEOPLE,
    REDIRECT,
    SEE_OTHER,
    SEE_OWN,
    STAFF,
    STAFF_404,
    STAFF_REDIRECT,
    Case,
    expect,
)

# --- The matrix ----------------------------------------------------------------------------------


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
    elif model in PEOPLE:
        table = PEOPLE[model]
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
    scoped = model in EDITABLE_DOCUMENTS or model in EDITED_INSIDE_DOCUMENT or model in PEOPLE
    cases.append(
        Case(
            name=route,
            own=STAFF_REDIRECT,
            other=STAFF_REDIRECT if scoped else None,
            url=_object_redirect_url(model),
        )
    )
    return cases


def autocomplete_url(app_label, model_name, field_name, term=""):
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
    approval_steps = [
        Case(
            name=f"admin:loften_citizenpromise_{step}",
            own=PARTY_EDIT_OWN,
            other=PARTY_EDIT_OTHER,
            url=_object_url(f"admin:loften_citizenpromise_{step}", CitizenPromise),
        )
        for step in ("approve", "withdraw_approval")
    ]
    # Amendments of a running document's löften: each party's editors, for their party.
    amendment_steps = [
        Case(
            name="admin:loften_citizenpromise_amend",
            own=PARTY_EDIT_OWN,
            other=PARTY_EDIT_OTHER,
            url=lambda w, o: (
                reverse("admin:loften_citizenpromise_amend", args=[o[CitizenPromise].pk])
                + f"?lofte={o[Commitment].pk}"
            ),
        ),
        *(
            Case(
                name=f"admin:loften_amendment_{step}",
                own=PARTY_EDIT_OWN,
                other=PARTY_EDIT_OTHER,
                url=_object_url(f"admin:loften_amendment_{step}", Amendment),
            )
            for step in ("approve", "withdraw")
        ),
    ]
    return [
        *promise_steps,
        *approval_steps,
        *amendment_steps,
        # Reading an existing document in makes a new draft: who may add one may import one
        # (the kommuner offered are the user's own, tests/loften/test_importer_admin.py).
        Case(
            name="admin:loften_citizenpromise_import",
            own=ADD,
            url=lambda world, objects: reverse("admin:loften_citizenpromise_import"),
        ),
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
        # An authenticator app's key is its owner's alone (OTP_ADMIN_HIDE_SENSITIVE_DATA).
        Case(
            name="admin:otp_totp_totpdevice_config",
            own=NATIONAL_NOBODY,
            url=_object_url("admin:otp_totp_totpdevice_config", TOTPDevice),
        ),
        Case(
            name="admin:otp_totp_totpdevice_qrcode",
            own=NATIONAL_NOBODY,
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
        # A set-up link answers every signed-in user, and sets an app up only for the user it
        # was made for (tests/test_two_factor.py); this one is garbled.
        Case(
            name="admin:two_factor_enrol_link",
            own=STAFF,
            url=lambda w, o: reverse("admin:two_factor_enrol_link", args=["ogiltig"]),
        ),
        # Without a redeemed link the set-up page sends the user back to the sign-in step.
        Case(
            name="admin:two_factor_enrol",
            own=STAFF_REDIRECT,
            url=lambda w, o: reverse("admin:two_factor_enrol"),
        ),
        # An invitation's link answers anyone: the person may have no account yet. This one is
        # garbled; tests/municipalities/test_invitations.py has the rest.
        Case(
            name="admin:invitation_accept",
            own=expect(national=200, members=200, outsider=200, anonymous=200),
            url=lambda w, o: reverse("admin:invitation_accept", args=["ogiltig"]),
        ),
        Case(
            name="admin:two_factor_backup_codes",
            own=STAFF,
            url=lambda w, o: reverse("admin:two_factor_backup_codes"),
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
            url=autocomplete_url("followup", "followup", "promise"),
        ),
        Case(
            name="admin:autocomplete (reference data)",
            own=NATIONAL,
            url=autocomplete_url("loften", "citizenpromise", "municipality", "Ving"),
        ),
    ]


def _app_list_cases():
    cases = []
    app_labels = ("auth", "otp_totp", "otp_static", "axes", "municipalities", "loften", "followup")
    for app_label in app_labels:
        if app_label in ("loften", "followup"):
            own = expect(national=200, members=200, outsider=404)
        elif app_label in ("auth", "municipalities"):  # users; memberships and invitations
            own = expect(national=200, members=404, orgadmin=200, outsider=404)
        else:
            own = expect(national=200, members=404, outsider=404)
        cases.append(
            Case(
                name=f"admin:app_list ({app_label})",
                own=own,
                url=lambda w, o, label=app_label: reverse("admin:app_list", args=[label]),
            )
        )
    return cases


def all_cases():
    cases = []
    for model in admin.site._registry:
        cases.extend(_model_cases(model))
    # The export and "Visa på webbplatsen" for every state: matrix_states.py.
    return (
        cases
        + _custom_cases()
        + _app_list_cases()
        + export_cases()
        + attachment_cases()
        + view_on_site_cases()
    )


CASES = all_cases()
