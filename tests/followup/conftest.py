import pytest

from municipalities.models import Membership
from tests.factories import MembershipFactory, build_promise, municipality


@pytest.fixture
def reviewer(db):
    return MembershipFactory(
        user__username="granskare.vingaker",
        municipality=municipality(),
        role=Membership.Role.REVIEWER,
    ).user


@pytest.fixture
def stranger(db):
    """An editor of Strängnäs: not a party to Vingåker's documents."""
    return MembershipFactory(
        user__username="kommun.strangnas", municipality=municipality("0486")
    ).user


@pytest.fixture
def promise(db):
    """Published, valid 2021–2024, six löften (two per party), follow-ups 2021 h1 and h2."""
    return build_promise(commitments=6, followups=2)
