"""Test data builders, the one place test modules import them from (conftest.py files hold
only fixtures, and no test imports a conftest).

factory_boy factories for every model; reference data (municipalities, län) comes from the
migration, so factories look those up instead of inventing them. At the end, two builders of
complete documents: `build_promise` (a published medborgarlöfte with follow-ups, for the pages,
the API and the follow-up views) and `make_promise` (the fixed wording the PDF tests read back)."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from followup.models import (
    Circumstance,
    CommitmentStatus,
    FollowUp,
    IndicatorValue,
    MeasureValue,
    OtherWork,
    Status,
)
from followup.periods import Period
from loften import approval, services
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
    PartyRole,
    Place,
    Section,
    Signatory,
    Source,
)
from municipalities.models import Invitation, Membership, Municipality, PoliceArea, PoliceRegion
from portal.alerts.addresses import address_hash
from portal.alerts.models import Subscription


def municipality(code="0428"):
    """A municipality from the shipped reference data (Vingåker by default)."""
    return Municipality.objects.get(code=code)


def shipped_police_area(slug="lokalpolisomrade-katrineholm"):
    """A police area from the shipped register (Katrineholm: Flen, Katrineholm, Vingåker)."""
    return PoliceArea.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.django.Password("test-password-1")


class PoliceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliceArea
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Lokalpolisområde Test {n}")
    slug = factory.Sequence(lambda n: f"lokalpolisomrade-test-{n}")
    region = factory.LazyFunction(lambda: PoliceRegion.objects.get(name="Region Öst"))

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.set(extracted if extracted is not None else [municipality()])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.LazyFunction(municipality)
    role = Membership.Role.EDITOR


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation as a row (its link is made by `municipalities.invitations`; tests of
    the journey invite through the admin's form or `invitation_create`)."""

    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"inbjuden{n}@example.org")
    municipality = factory.LazyFunction(municipality)
    role = Membership.Role.EDITOR
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    key = factory.Sequence(lambda n: f"nyckel-{n}")


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokusomrade-{n}")


DEFAULT_VALID_FROM = datetime.date(2025, 1, 1)


class CitizenPromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenPromise

    municipality = factory.LazyFunction(municipality)
    police_area = factory.SubFactory(PoliceAreaFactory)
    title = factory.LazyAttribute(
        lambda p: f"Medborgarlöfte {p.municipality.name} {p.valid_from.year}–{p.valid_until.year}"
    )
    valid_from = DEFAULT_VALID_FROM
    valid_until = datetime.date(2026, 12, 31)
    # Not fields: the texts of the sections `_create` gives the document (empty: no section),
    # and whether it gets a party for its kommun and one for its police area.
    situation = "Invånarna känner sig otrygga vid stationen på kvällarna."
    effects = "Ökad trygghet i centrum."
    followup_plan = "Följs upp varje halvår."
    with_parties = True

    class Params:
        published = factory.Trait(
            state=CitizenPromise.State.PUBLISHED,
            signed_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyAttribute(lambda o: published_on(o.valid_from)),
        )

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        for name in (*SECTION_HEADINGS, "with_parties"):
            kwargs.pop(name, None)
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        texts = {kind: kwargs.pop(kind, "") for kind in SECTION_HEADINGS}
        with_parties = kwargs.pop("with_parties")
        promise = super()._create(model_class, *args, **kwargs)
        if with_parties:
            DocumentPartyFactory(
                promise=promise,
                kind=DocumentParty.Kind.MUNICIPALITY,
                municipality=promise.municipality,
                order=0,
            )
            DocumentPartyFactory(
                promise=promise,
                kind=DocumentParty.Kind.POLICE_AREA,
                police_area=promise.police_area,
                order=1,
            )
        for order, (kind, heading) in enumerate(SECTION_HEADINGS.items()):
            if texts[kind] or kind == Section.Kind.COMMITMENTS:
                SectionFactory(
                    promise=promise, kind=kind, heading=heading, body=texts[kind], order=order
                )
        return promise


#: The sections a `CitizenPromiseFactory` document has, in order, with their headings; the
#: factory's arguments of the same names give their texts (a löften section always, empty).
SECTION_HEADINGS = {
    Section.Kind.SITUATION: "Lägesbild",
    Section.Kind.COMMITMENTS: "Våra löften",
    Section.Kind.EFFECTS: "Effekter och mål",
    Section.Kind.FOLLOWUP_PLAN: "Plan för uppföljning",
}


class DocumentPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentParty

    promise = factory.SubFactory(CitizenPromiseFactory, with_parties=False)
    kind = DocumentParty.Kind.COMPANY
    name = ""


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    promise = factory.SubFactory(CitizenPromiseFactory)
    kind = Section.Kind.OTHER
    heading = "Avsnitt"
    body = ""
    order = factory.Sequence(lambda n: n)


class CommitmentGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentGroup

    promise = factory.SubFactory(CitizenPromiseFactory)
    lead_in = "Vi lovar att:"
    order = 0


class LocalFocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalFocusArea

    promise = factory.SubFactory(CitizenPromiseFactory)
    name = factory.Sequence(lambda n: f"Tryggare centrum {n}")
    order = factory.Sequence(lambda n: n)


#: The lead-in and order of the group a `CommitmentFactory` löfte of each role stands in.
LEAD_INS = {
    PartyRole.POLICE: ("Polisen lovar att:", 0),
    PartyRole.MUNICIPALITY: ("Kommunen lovar att:", 1),
    PartyRole.JOINT: ("Polisen och kommunen lovar gemensamt att:", 2),
}


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A löfte. Unless `group` is given, it stands in its document's group for `party` (a
    `PartyRole`; made when missing) and is promised by the document's parties of that role:
    the police area, the kommun, or both for "joint"."""

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    promise = factory.SubFactory(CitizenPromiseFactory)
    party = PartyRole.POLICE
    group = factory.LazyAttribute(
        lambda c: CommitmentGroup.objects.get_or_create(
            promise=c.promise,
            lead_in=LEAD_INS[c.party][0],
            defaults={"order": LEAD_INS[c.party][1]},
        )[0]
    )
    text = factory.Sequence(lambda n: f"genomföra trafikkontroller nummer {n}")
    order = factory.Sequence(lambda n: n)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        kwargs.pop("party")
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        role = kwargs.pop("party")
        commitment = super()._create(model_class, *args, **kwargs)
        commitment._role = role
        return commitment

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if extracted is not None:
            self.parties.set(extracted)
            return
        kinds = {
            PartyRole.POLICE: [DocumentParty.Kind.POLICE_AREA],
            PartyRole.MUNICIPALITY: [DocumentParty.Kind.MUNICIPALITY],
            PartyRole.JOINT: [DocumentParty.Kind.MUNICIPALITY, DocumentParty.Kind.POLICE_AREA],
        }[self._role]
        self.parties.set(self.promise.parties.filter(kind__in=kinds))


class MeasureFactory(factory.django.DjangoModelFactory):
    """A mått of a löfte (in the löfte's document)."""

    class Meta:
        model = Measure

    commitment = factory.SubFactory(CommitmentFactory)
    promise = factory.SelfAttribute("commitment.promise")
    name = "kontroller"
    target = 20


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    promise = factory.SubFactory(CitizenPromiseFactory)
    kind = Source.Kind.SAFETY_SURVEY
    description = "Trygghetsmätningen visar oro i centrum."


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    promise = factory.SubFactory(CitizenPromiseFactory)
    name = "Järnvägsstationen"


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    promise = factory.SubFactory(CitizenPromiseFactory)
    name = "Anna Andersson"
    title = "kommunstyrelsens ordförande"
    organisation = "Vingåkers kommun"


#: The smallest file that `loften.attachments` recognises as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A bilaga; its type, size and hash are read from the file when it is saved."""

    class Meta:
        model = Attachment

    promise = factory.SubFactory(CitizenPromiseFactory)
    title = "Handlingsplan"
    file = factory.django.FileField(data=PDF_BYTES, filename="handlingsplan.pdf")


class ApprovalFactory(factory.django.DjangoModelFactory):
    """An approval row as stored; `approve()` below gives approvals through the service."""

    class Meta:
        model = Approval

    promise = factory.SubFactory(CitizenPromiseFactory)
    party = Approval.Party.MUNICIPALITY
    approver_name = "Anna Andersson"
    content_hash = factory.LazyAttribute(lambda a: approval.content_hash(a.promise))
    approved_at = factory.LazyFunction(timezone.now)


class AmendmentFactory(factory.django.DjangoModelFactory):
    """A proposed amendment as stored; `services.amendment_propose` gives one with its checks."""

    class Meta:
        model = Amendment

    commitment = factory.SubFactory(CommitmentFactory)
    changes = factory.LazyAttribute(
        lambda a: services.amendment_changes(
            a.commitment, {"text": f"{a.commitment.text} (ändrat)"}
        )
    )
    reason = "Parterna är överens om en ändrad metod."
    effective_from = datetime.date(2025, 9, 1)


class AmendmentApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AmendmentApproval

    amendment = factory.SubFactory(AmendmentFactory)
    party = Approval.Party.MUNICIPALITY
    approver_name = "Anna Andersson"
    approved_at = factory.LazyFunction(timezone.now)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    promise = factory.SubFactory(CitizenPromiseFactory)
    year = 2025
    number = 1
    summary = "Arbetet går enligt plan."


class CommitmentStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentStatus

    followup = factory.SubFactory(FollowUpFactory)
    commitment = factory.SubFactory(
        CommitmentFactory, promise=factory.SelfAttribute("..followup.promise")
    )
    status = Status.IN_PROGRESS


class MeasureValueFactory(factory.django.DjangoModelFactory):
    """A measure's value in a status row (the measure of the row's löfte)."""

    class Meta:
        model = MeasureValue

    status = factory.SubFactory(CommitmentStatusFactory)
    measure = factory.SubFactory(
        MeasureFactory, commitment=factory.SelfAttribute("..status.commitment")
    )
    value = 10


class EffectIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EffectIndicator

    promise = factory.SubFactory(CitizenPromiseFactory)
    name = "Andel invånare som känner sig otrygga vid stationen"
    unit = "%"
    source = EffectIndicator.Source.SAFETY_SURVEY
    baseline_value = 60
    baseline_year = 2020
    target_value = 40
    direction = EffectIndicator.Direction.DECREASE


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(EffectIndicatorFactory)
    value = 50
    year = 2021


def add_indicator(promise, values=((2021, 55), (2022, 48), (2023, 41)), **kwargs):
    """An effect indicator of `promise` (60 % → 40 % by default) with public `values` (year,
    figure), reported in no follow-up."""
    indicator = EffectIndicatorFactory(promise=promise, **kwargs)
    for year, value in values:
        IndicatorValueFactory(indicator=indicator, year=year, value=value)
    return indicator


class CircumstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Circumstance

    followup = factory.SubFactory(FollowUpFactory)
    title = "Pandemin"
    text = "Restriktionerna stoppade alla fysiska möten under våren."


class OtherWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OtherWork

    followup = factory.SubFactory(FollowUpFactory)
    party = factory.LazyAttribute(lambda w: w.followup.promise.parties.first())
    title = "Sommarvärdar"
    text = "Kommunen anställde tolv sommarvärdar i centrum."


# --- Approvals ----------------------------------------------------------------------------------


def party_editors(promise):
    """A new editor of each party of `promise`: the municipality's, then the police area's."""
    return [
        MembershipFactory(municipality=promise.municipality).user,
        MembershipFactory(municipality=None, police_area=promise.police_area).user,
    ]


def approve(promise, *users):
    """Every party approves the content as it is now, through the service (by `users`, or by a
    new editor of each party), so that the draft can be signed. Returns the approvers."""
    users = users or party_editors(promise)
    for user in users:
        services.citizen_promise_approve(promise=promise, user=user)
    promise.refresh_from_db()
    return list(users)


def record_approvals(promise):
    """The approvals a document built directly in a signed state would have: each party's, of
    its content, at its signing time (as the demo loader records them)."""
    digest = approval.content_hash(promise)
    approved = set(promise.approvals.current().values_list("party", flat=True))
    for party in approval.required_parties(promise):
        if party in approved:
            continue
        ApprovalFactory(
            promise=promise,
            party=party,
            approver_name=f"Redaktör för {approval.organisation_name(promise, party)}",
            content_hash=digest,
            approved_at=promise.signed_at,
        )
    return promise


def approved_amendment(commitment, reason="Parterna förlänger löftet.", **values):
    """An amendment of `commitment` (of a signed or published document) proposed by the kommun
    and approved by the police, through the services."""
    kommun, polis = party_editors(commitment.promise)
    amendment = services.amendment_propose(
        commitment=commitment,
        user=kommun,
        values=values,
        reason=reason,
        effective_from=datetime.date(2025, 9, 1),
    )
    return services.amendment_approve(amendment=amendment, user=polis)


# --- Complete documents --------------------------------------------------------------------------

# Follow-up statuses handed out in turn, so that a document has every status, with and without
# a reason.
STATUS_CYCLE = [
    (Status.DONE, ""),
    (Status.IN_PROGRESS, ""),
    (Status.PARTLY_DONE, "Halva sträckan klar; resten i höst."),
    (Status.POSTPONED, "Flyttad på grund av vakanser."),
    (Status.NOT_DONE, "Budgeten räckte inte."),
    (Status.NOT_STARTED, ""),
]

# Realistic löften, so that page and chart tests see texts of real length.
COMMITMENT_TEXTS = [
    "genomföra trafikkontroller på vägarna in mot centrum",
    "ordna en trygghetsvandring i centrum varje höst",
    "ta fram en gemensam plan mot bedrägerier riktade mot äldre",
    "besöka högstadieskolorna och prata om narkotika",
    "förbättra belysningen vid järnvägsstationen",
    "bjuda in invånarna till medborgardialog varje vår",
]


def build_promise(*, commitments=3, followups=1, state=CitizenPromise.State.PUBLISHED, **kwargs):
    """A complete document with commitments of every party and published follow-ups."""
    now = timezone.now()
    public = state in CitizenPromise.PUBLIC_STATES
    fields = {
        "police_area": shipped_police_area(),
        "state": state,
        "valid_from": datetime.date(2021, 1, 1),
        "valid_until": datetime.date(2024, 12, 31),
        "signed_at": now if state != CitizenPromise.State.DRAFT else None,
        "signed_on": datetime.date(2020, 12, 16) if state != CitizenPromise.State.DRAFT else None,
        "published_at": now if public else None,
        "withdrawal_reason": "Ersatt av ett nytt löfte."
        if state == CitizenPromise.State.WITHDRAWN
        else "",
    }
    fields.update(kwargs)
    if public and "published_at" not in kwargs:
        fields["published_at"] = published_on(fields["valid_from"])
    promise = CitizenPromiseFactory(**fields)
    traffic = FocusAreaFactory(slug="trafik", name="Trafik")
    parties = [PartyRole.POLICE, PartyRole.MUNICIPALITY, PartyRole.JOINT]
    rows = []
    for i in range(commitments):
        commitment = CommitmentFactory(
            promise=promise,
            party=parties[i % 3],
            order=i,
            text=f"{COMMITMENT_TEXTS[i % len(COMMITMENT_TEXTS)]} (löfte {i + 1})",
        )
        commitment.focus_areas.add(traffic)
        measure = MeasureFactory(commitment=commitment) if i % 2 == 0 else None
        rows.append((commitment, measure))
    SourceFactory(promise=promise)
    PlaceFactory(promise=promise, latitude="59.04516", longitude="15.87123")
    SignatoryFactory(promise=promise)
    SignatoryFactory(
        promise=promise,
        name="Per Polis",
        title="lokalpolisområdeschef",
        organisation=promise.police_area.name,
    )
    period = Period.containing(promise, promise.valid_from)
    for n in range(followups):
        followup = FollowUpFactory(
            promise=promise,
            year=period.year,
            number=period.number,
            state=FollowUp.State.PUBLISHED,
            published_at=now,
            summary=f"Sammanfattning för {period}.",
        )
        for i, (commitment, measure) in enumerate(rows):
            status, reason = STATUS_CYCLE[(i + n) % len(STATUS_CYCLE)]
            row = CommitmentStatusFactory(
                followup=followup, commitment=commitment, status=status, reason=reason
            )
            if measure is not None:
                MeasureValueFactory(status=row, measure=measure, value=5 * (n + 1))
        period = period.next()
    if promise.is_frozen:
        record_approvals(promise)
    return promise


# The PDF tests look these up in the rendered text, in this order (police, municipality, joint).
COMMITMENTS = [
    (PartyRole.POLICE, "genomföra minst 20 trafikkontroller på Storgatan under kvällstid."),
    (PartyRole.POLICE, "besöka högstadiet varje termin och prata om narkotika."),
    (PartyRole.MUNICIPALITY, "förbättra belysningen längs gångvägen till stationen."),
    (PartyRole.MUNICIPALITY, "anställa trygghetsvärdar i centrum under sommarlovet."),
    (PartyRole.JOINT, "genomföra en trygghetsvandring i centrum varje höst."),
]


def make_promise(*, state=CitizenPromise.State.PUBLISHED, **kwargs):
    """A document whose wording the PDF tests look for: the five `COMMITMENTS` in order, two
    signatories (undated in a draft) and a two-paragraph lägesbild."""
    now = timezone.now()
    values = {
        "state": state,
        "signed_at": None if state == CitizenPromise.State.DRAFT else now,
        "published_at": now if state in CitizenPromise.PUBLIC_STATES else None,
        "withdrawal_reason": "Ersatt av en ny version." if state == "withdrawn" else "",
        "situation": "Invånarna känner sig otrygga vid stationen.\n\nTrafiken i centrum stör.",
        "signed_on": None if state == CitizenPromise.State.DRAFT else datetime.date(2024, 12, 9),
    }
    values.update(kwargs)
    if values["published_at"] is not None and "published_at" not in kwargs:
        values["published_at"] = published_on(values.get("valid_from", DEFAULT_VALID_FROM))
    promise = CitizenPromiseFactory(**values)
    trafik = FocusAreaFactory(name="Trafik", slug="trafik")
    for order, (party, text) in enumerate(COMMITMENTS):
        commitment = CommitmentFactory(promise=promise, party=party, text=text, order=order)
        if order == 0:
            commitment.focus_areas.add(trafik)
    SourceFactory(promise=promise)
    PlaceFactory(promise=promise)
    SignatoryFactory(
        promise=promise,
        name="Karin Sjöberg",
        title="kommunstyrelsens ordförande",
        organisation=promise.municipality.long_name,
        order=1,
    )
    SignatoryFactory(
        promise=promise,
        name="Mikael Berglund",
        title="lokalpolisområdeschef",
        organisation=promise.police_area.name,
        order=2,
    )
    if promise.is_frozen:
        record_approvals(promise)
    return promise


def in_force_today():
    """A validity period that includes today, whatever day the tests run: last year to next."""
    today = timezone.localdate()
    return {
        "valid_from": datetime.date(today.year - 1, 1, 1),
        "valid_until": datetime.date(today.year + 1, 12, 31),
    }


def published_on(day):
    """Noon on `day`: documents in the tests are published in the portal when they begin to
    apply, so they owe every period's follow-up (followup.calendar.owed_from)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


# --- E-mail alerts -------------------------------------------------------------------------------


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription to Vingåker's news (pass `promise=…, municipality=None` for a
    document's)."""

    class Meta:
        model = Subscription

    email = "invanare@example.org"
    email_hash = factory.LazyAttribute(lambda s: address_hash(s.email))
    municipality = factory.LazyFunction(municipality)
    state = Subscription.State.CONFIRMED
    consented_at = factory.LazyFunction(timezone.now)
    consent_text = "Jag vill få e-post från Medborgarlöften."
    confirmed_at = factory.LazyFunction(timezone.now)
