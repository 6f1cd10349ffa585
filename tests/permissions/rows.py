"""The vocabulary of the permission matrix (matrix.py, matrix_states.py): the answers, the rows of
answers per role, how the admin's models are classified, and `Case`, one URL of the matrix."""

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from followup.models import (
    Circumstance,
    CommitmentStatus,
    FollowUp,
    IndicatorValue,
    MeasureValue,
    OtherWork,
    ReminderSent,
)
from loften.models import (
    Amendment,
    AmendmentApproval,
    Approval,
    Attachment,
    CitizenPromise,
    Commitment,
    CommitmentGroup,
    DocumentParty,
    EffectIndicator,
    FocusArea,
    LocalFocusArea,
    Measure,
    Place,
    Section,
    Signatory,
    Source,
)
from municipalities.models import (
    County,
    Invitation,
    Membership,
    Municipality,
    PoliceArea,
    PoliceDistrict,
    PoliceRegion,
)
from portal.alerts.models import Subscription
from tests.permissions.world import MEMBERS

LOGIN = "login"  # 302 to the admin's login page
REDIRECT = "redirect"  # 302 anywhere else


def expect(
    *,
    national,
    members=None,
    editors=None,
    granskare=None,
    orgadmin=None,
    outsider=403,
    anonymous=LOGIN,
):
    """A row of the matrix. `members` sets all four member roles; `editors` and `granskare`
    override it for the two editors (and the organisation administrator, who is an editor too)
    and the reviewer; `orgadmin` for the organisation administrator alone."""
    row = {"anonymous": anonymous, "outsider": outsider, "national": national}
    for role in MEMBERS:
        row[role] = members
    if editors is not None:
        row["kommunredaktor"] = row["polisredaktor"] = row["orgadmin"] = editors
    if granskare is not None:
        row["granskare"] = granskare
    if orgadmin is not None:
        row["orgadmin"] = orgadmin
    assert None not in row.values(), row
    return row


# Documents and their rows: members of a party see them; editors change them.
SEE_OWN = expect(national=200, members=200)
SEE_OTHER = expect(national=200, members=404)
EDIT_OWN = expect(national=200, editors=200, granskare=403)
EDIT_OTHER = expect(national=200, members=404)
# A party's approval: an editor of the party, for it; a national administrator acts for no party.
PARTY_EDIT_OWN = expect(national=403, editors=200, granskare=403)
PARTY_EDIT_OTHER = expect(national=403, members=404)
LIST = expect(national=200, members=200)
ADD = expect(national=200, editors=200, granskare=403)
# Parts edited inside their document: their own admin is read-only for everyone.
NOBODY_OWN = expect(national=403, members=403)
NOBODY_OTHER = expect(national=403, members=404)
# Reference data, memberships, users, devices, lockouts: national administrators only.
NATIONAL = expect(national=200, members=403)
NATIONAL_NOBODY = expect(national=403, members=403)
# Any signed-in staff user.
# People (users, memberships, invitations): national administrators, and an organisation's
# administrator for its own people; another organisation's are a 404 to them.
PEOPLE_OWN = expect(national=200, members=403, orgadmin=200)
PEOPLE_OTHER = expect(national=200, members=403, orgadmin=404)
PEOPLE_NATIONAL = expect(national=200, members=403)
PEOPLE_NOBODY_OWN = expect(national=403, members=403)
PEOPLE_NOBODY_OTHER = expect(national=403, members=403, orgadmin=404)
STAFF = expect(national=200, members=200, outsider=200)
STAFF_REDIRECT = expect(national=REDIRECT, members=REDIRECT, outsider=REDIRECT)
STAFF_404 = expect(national=404, members=404, outsider=404)

# Indicator values are added by editors at any time, outside the frozen content; reviewers read.
EDITABLE_DOCUMENTS = {CitizenPromise, FollowUp, IndicatorValue}
EDITED_INSIDE_DOCUMENT = {
    Commitment,
    CommitmentGroup,
    DocumentParty,
    LocalFocusArea,
    Section,
    Source,
    Place,
    Signatory,
    Measure,
    Attachment,
    Approval,
    Amendment,
    AmendmentApproval,
    CommitmentStatus,
    EffectIndicator,
    Circumstance,
    OtherWork,
    MeasureValue,
}
NATIONAL_ONLY = {
    PoliceRegion,
    County,
    Municipality,
    PoliceDistrict,
    PoliceArea,
    FocusArea,
    Group,
    TOTPDevice,
    StaticDevice,
    AccessAttempt,
    AccessLog,
    AccessFailureLog,
    ReminderSent,
    Subscription,
}
#: Seen by an organisation's administrator for their own organisation: model -> view -> (own,
#: other). Adding a user or a membership by hand is for national administrators; people join
#: through invitations, which are revoked, never deleted, and users are never deleted.
PEOPLE = {
    User: {
        "changelist": (PEOPLE_OWN, None),
        "add": (PEOPLE_NATIONAL, None),
        "change": (PEOPLE_OWN, PEOPLE_OTHER),
        "history": (PEOPLE_OWN, PEOPLE_OTHER),
        "simple_history": (PEOPLE_OWN, PEOPLE_OTHER),
        "delete": (PEOPLE_NOBODY_OWN, PEOPLE_NOBODY_OTHER),
    },
    Membership: {
        "changelist": (PEOPLE_OWN, None),
        "add": (PEOPLE_NATIONAL, None),
        "change": (PEOPLE_OWN, PEOPLE_OTHER),
        "history": (PEOPLE_OWN, PEOPLE_OTHER),
        "simple_history": (PEOPLE_OWN, PEOPLE_OTHER),
        "delete": (PEOPLE_OWN, PEOPLE_OTHER),
    },
    Invitation: {
        "changelist": (PEOPLE_OWN, None),
        "add": (PEOPLE_OWN, None),
        "change": (PEOPLE_OWN, PEOPLE_OTHER),
        "history": (PEOPLE_OWN, PEOPLE_OTHER),
        "simple_history": (PEOPLE_OWN, PEOPLE_OTHER),
        "delete": (PEOPLE_NOBODY_OWN, PEOPLE_NOBODY_OTHER),
    },
}
#: Third-party admins that allow less than "everything" even to a national administrator.
NATIONAL_EXCEPTIONS = {
    "admin:axes_accessattempt_add": NATIONAL_NOBODY,
    "admin:axes_accesslog_add": NATIONAL_NOBODY,
    "admin:axes_accessfailurelog_add": NATIONAL_NOBODY,
    # A log written by `manage.py followup_reminders`: read and deleted, never written by hand.
    "admin:followup_remindersent_add": NATIONAL_NOBODY,
    # E-mail alerts' subscriptions: made by citizens only, through the form and its e-mail.
    "admin:portal_subscription_add": NATIONAL_NOBODY,
    # Users are deactivated, never deleted: deleting would take their name off the history.
    "admin:auth_user_delete": NATIONAL_NOBODY,
}


@dataclass
class Case:
    """One URL: how to build it from the world, and who gets what, for the members' own
    organisation's object and (where the URL names an object) another organisation's."""

    name: str  # URL name, or the route of an unnamed pattern
    own: dict
    other: dict | None = None
    url: object = None  # callable(world, objects) -> URL; objects is world.own or world.other
    method: str = "get"
