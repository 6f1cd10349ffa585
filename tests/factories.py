"""factory_boy factories for every model; reference data (municipalities, län) comes from the
migration, so factories look those up instead of inventing them."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from followup.models import CommitmentStatus, FollowUp, Status
from loften.models import (
    CitizenPromise,
    Commitment,
    FocusArea,
    Party,
    Place,
    Signatory,
    Source,
)
from municipalities.models import Membership, Municipality, PoliceArea, PoliceRegion


def municipality(code="0428"):
    """A municipality from the shipped reference data (Vingåker by default)."""
    return Municipality.objects.get(code=code)


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


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokusomrade-{n}")


class CitizenPromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenPromise

    municipality = factory.LazyFunction(municipality)
    police_area = factory.SubFactory(PoliceAreaFactory)
    title = factory.LazyAttribute(
        lambda p: f"Medborgarlöfte {p.municipality.name} {p.valid_from.year}–{p.valid_until.year}"
    )
    valid_from = datetime.date(2025, 1, 1)
    valid_until = datetime.date(2026, 12, 31)
    situation = "Invånarna känner sig otrygga vid stationen på kvällarna."
    effects = "Ökad trygghet i centrum."
    followup_plan = "Följs upp varje halvår."

    class Params:
        published = factory.Trait(
            state=CitizenPromise.State.PUBLISHED,
            signed_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
        )


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    promise = factory.SubFactory(CitizenPromiseFactory)
    party = Party.POLICE
    text = factory.Sequence(lambda n: f"genomföra trafikkontroller nummer {n}")
    order = factory.Sequence(lambda n: n)


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
    side = Signatory.Side.MUNICIPALITY


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    promise = factory.SubFactory(CitizenPromiseFactory)
    year = 2025
    half = 1
    summary = "Arbetet går enligt plan."


class CommitmentStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentStatus

    followup = factory.SubFactory(FollowUpFactory)
    commitment = factory.SubFactory(
        CommitmentFactory, promise=factory.SelfAttribute("..followup.promise")
    )
    status = Status.IN_PROGRESS
