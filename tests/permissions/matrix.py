"""The permission matrix: every URL of the project as a `Case`, with the answer each role gets
for an object of the members' own organisation and (where the URL names one) of another
organisation: 200, a redirect to the login page ("login"), another redirect ("redirect"), 403 or
404. tests/permissions/test_matrix.py requests them all and checks that no URL is missing."""

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from followup.models import CommitmentStatus, FollowUp, ReminderSent
from loften.models import CitizenPromise, Commitment, FocusArea, Place, Signatory, Source
from municipalities.models import County, Membership, Municipality, PoliceArea, PoliceRegion
from tests.permissions.world import MEMBERS

LOGIN = "login"  # 302 to the admin's login page
REDIRECT = "redirect"  # 302 anywhere else


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
    StaticDevice,
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
        # was made for (tests/test_two_factor_enrolment.py); this one is garbled.
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
        Case(
            name="admin:two_factor_backup_codes",
            own=STAFF,
            url=lambda w, o: reverse("admin:two_factor_backup_codes"),
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
            url=autocomplete_url("followup", "followup", "promise"),
        ),
        Case(
            name="admin:autocomplete (reference data)",
            own=NATIONAL,
            url=autocomplete_url("loften", "citizenpromise", "municipality", "Ving"),
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
    app_labels = ("auth", "otp_totp", "otp_static", "axes", "municipalities", "loften", "followup")
    for app_label in app_labels:
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


CASES = all_cases()
