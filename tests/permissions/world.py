"""The world the permission tests run in: one user per role, and a document with all its parts
for the members' own organisation and for another organisation (tests/permissions/conftest.py
hands it to the tests as the `world` fixture)."""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User
from django.utils import timezone
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
from tests.factories import (
    AmendmentApprovalFactory,
    AmendmentFactory,
    ApprovalFactory,
    AttachmentFactory,
    CircumstanceFactory,
    CitizenPromiseFactory,
    CommitmentFactory,
    CommitmentStatusFactory,
    EffectIndicatorFactory,
    FollowUpFactory,
    IndicatorValueFactory,
    InvitationFactory,
    LocalFocusAreaFactory,
    MeasureFactory,
    MeasureValueFactory,
    MembershipFactory,
    OtherWorkFactory,
    PlaceFactory,
    PoliceAreaFactory,
    SignatoryFactory,
    SourceFactory,
    SubscriptionFactory,
    UserFactory,
    municipality,
    record_approvals,
    shipped_police_area,
)

ROLES = (
    "anonymous",
    "outsider",
    "national",
    "kommunredaktor",
    "polisredaktor",
    "granskare",
    "orgadmin",
)
#: The organisation administrator ("orgadmin", of Vingåker) is also an editor there.
MEMBERS = ("kommunredaktor", "polisredaktor", "granskare", "orgadmin")


@dataclass
class World:
    users: dict
    own: dict  # model -> an object of the members' own organisation
    other: dict  # model -> an object of another organisation


#: The key of a document's published follow-up in the dict `in_state` returns (its draft
#: follow-up is under `FollowUp`).
PUBLISHED_FOLLOWUP = "published follow-up"

#: Every state of a document, for the URLs whose answer depends on it.
STATES = tuple(CitizenPromise.State)


def _document(municipality_obj, police_area, **kwargs):
    promise = CitizenPromiseFactory(
        municipality=municipality_obj, police_area=police_area, **kwargs
    )
    status = CommitmentStatusFactory(
        followup=FollowUpFactory(promise=promise),
        commitment=CommitmentFactory(promise=promise),
    )
    value = IndicatorValueFactory(indicator=EffectIndicatorFactory(promise=promise))
    return {
        CitizenPromise: promise,
        Commitment: status.commitment,
        CommitmentGroup: status.commitment.group,
        DocumentParty: promise.parties.first(),
        LocalFocusArea: LocalFocusAreaFactory(promise=promise),
        Section: promise.sections.first(),
        Source: SourceFactory(promise=promise),
        Place: PlaceFactory(promise=promise),
        Signatory: SignatoryFactory(promise=promise),
        Measure: (measure := MeasureFactory(commitment=status.commitment)),
        Attachment: AttachmentFactory(promise=promise),
        Approval: ApprovalFactory(promise=promise),
        Amendment: (amendment := AmendmentFactory(commitment=status.commitment)),
        AmendmentApproval: AmendmentApprovalFactory(amendment=amendment),
        FollowUp: status.followup,
        CommitmentStatus: status,
        EffectIndicator: value.indicator,
        IndicatorValue: value,
        Circumstance: CircumstanceFactory(followup=status.followup),
        OtherWork: OtherWorkFactory(followup=status.followup),
        MeasureValue: MeasureValueFactory(status=status, measure=measure),
    }


def build_world():
    """Users of every role; `own` and `other` map each model to one object."""
    vingaker, strangnas = municipality("0428"), municipality("0486")
    katrineholm = shipped_police_area()
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
        "orgadmin": MembershipFactory(
            user__username="administrator.vingaker",
            municipality=vingaker,
            role=Membership.Role.ADMIN,
        ).user,
        "outsider": UserFactory(username="utan.organisation"),
    }
    own = _document(vingaker, katrineholm)
    other = _document(strangnas, eskilstuna)
    # The people of another organisation, for the organisation administrator's 404s.
    stranger = MembershipFactory(user__username="kommun.strangnas", municipality=strangnas)
    other.update(
        {
            User: stranger.user,
            Membership: stranger,
            Invitation: InvitationFactory(municipality=strangnas),
        }
    )
    reference = {
        PoliceRegion: PoliceRegion.objects.first(),
        PoliceDistrict: PoliceDistrict.objects.first(),
        County: County.objects.first(),
        Municipality: vingaker,
        PoliceArea: katrineholm,
        Membership: Membership.objects.get(user=users["kommunredaktor"]),
        Invitation: InvitationFactory(municipality=vingaker, invited_by=users["orgadmin"]),
        FocusArea: FocusArea.objects.first(),
        User: users["kommunredaktor"],
        Group: Group.objects.create(name="Redaktörer"),
        TOTPDevice: TOTPDevice.objects.create(user=users["national"], name="Telefon"),
        StaticDevice: StaticDevice.objects.create(user=users["national"], name="Reservkoder"),
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
            periods="1:2025-2",
        ),
        Subscription: SubscriptionFactory(municipality=vingaker),
    }
    for obj in [*reference.values(), *(other[model] for model in (User, Membership, Invitation))]:
        if hasattr(obj, "history"):
            obj.save()  # rows from data migrations (and factories' post-generation) lack history
    own.update(reference)
    return World(users=users, own=own, other=other)


def signed_copy(promise):
    """A signed document of the same organisation (steps like the PDF export need one)."""
    signed = CitizenPromiseFactory(
        municipality=promise.municipality,
        police_area=promise.police_area,
        title=f"{promise.title} (undertecknat)",
        state=CitizenPromise.State.SIGNED,
        signed_at=datetime.datetime(2024, 12, 1, 10, tzinfo=datetime.UTC),
    )
    CommitmentFactory(promise=signed)
    SignatoryFactory(promise=signed)
    return record_approvals(signed)


def _state_fields(state):
    """The fields a document in `state` has after the steps that lead there."""
    at = datetime.datetime(2024, 12, 1, 10, tzinfo=datetime.UTC)
    public = state in CitizenPromise.PUBLIC_STATES
    return {
        "state": state,
        "signed_at": None if state == CitizenPromise.State.DRAFT else at,
        "published_at": at if public else None,
        "withdrawal_reason": "Ersatt av en ny version."
        if state == CitizenPromise.State.WITHDRAWN
        else "",
    }


def in_state(objects, state):
    """A document of the same organisation as `objects` (world.own or world.other) in `state`:
    model -> object, as `objects`, with one of each part and a draft follow-up, and for a public
    document also a published follow-up under PUBLISHED_FOLLOWUP. Made on first use and kept in
    `objects`, so a test builds only the states it asks for."""
    key = ("in state", state)
    if key not in objects:
        promise = objects[CitizenPromise]
        document = _document(
            promise.municipality,
            promise.police_area,
            title=f"{promise.title} ({CitizenPromise.State(state).label})",
            **_state_fields(state),
        )
        if state in CitizenPromise.PUBLIC_STATES:
            published = FollowUpFactory(
                promise=document[CitizenPromise],
                year=2025,
                number=2,
                state=FollowUp.State.PUBLISHED,
                published_at=timezone.now(),
            )
            CommitmentStatusFactory(followup=published, commitment=document[Commitment])
            document[PUBLISHED_FOLLOWUP] = published
        if document[CitizenPromise].is_frozen:
            record_approvals(document[CitizenPromise])
        objects[key] = document
    return objects[key]
