"""The demo loader in a database that is not only the demo's: it refuses to run outside
development unless told otherwise, and it never changes a row it did not create, however much
that row looks like one of its own (security finding: it reset a real superuser's password and
deleted officials' follow-ups)."""

import datetime
import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms.models import model_to_dict

from followup import services
from followup.models import CommitmentStatus, FollowUp, Status
from loften.models import CitizenPromise
from municipalities.models import Membership, PoliceArea
from portal.demo import DEMO_PASSWORD
from tests.factories import (
    CommitmentStatusFactory,
    FollowUpFactory,
    MembershipFactory,
    PoliceAreaFactory,
    UserFactory,
    build_promise,
    municipality,
)

pytestmark = pytest.mark.django_db

FLAG = "--i-know-this-is-not-production"
KUNGSOR_2025_TITLE = "Medborgarlöfte Kungsörs kommun 2025–2026"


def run_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def development(settings):
    settings.DEBUG = True


# --- The guard -----------------------------------------------------------------------------------


def test_load_demo_refuses_to_run_without_debug_and_changes_nothing(settings):
    settings.DEBUG = False
    admin = UserFactory(username="admin", is_superuser=True, password="ett-riktigt-lösenord")
    with pytest.raises(CommandError) as refused:
        run_demo()
    assert "DEBUG är avstängt" in str(refused.value)
    assert FLAG in str(refused.value)
    assert not CitizenPromise.objects.exists()
    assert authenticate(username="admin", password="ett-riktigt-lösenord") == admin
    assert authenticate(username="admin", password=DEMO_PASSWORD) is None


def test_load_demo_runs_without_debug_when_told_it_is_not_production(settings):
    settings.DEBUG = False
    assert "Klart." in run_demo(FLAG)
    assert CitizenPromise.objects.count() == 6


def test_create_demo_certificate_refuses_without_debug_and_runs_with_the_flag(settings, tmp_path):
    settings.DEBUG = False
    target = tmp_path / "certs"
    with pytest.raises(CommandError, match="DEBUG är avstängt"):
        call_command("create_demo_certificate", directory=str(target), stdout=io.StringIO())
    assert not target.exists()
    call_command("create_demo_certificate", FLAG, directory=str(target), stdout=io.StringIO())
    assert (target / "signering.p12").exists()


# --- Rows the demo did not create -----------------------------------------------------------------


def test_a_real_superuser_called_admin_keeps_its_password_and_is_reported(development):
    admin = UserFactory(
        username="admin", is_superuser=True, first_name="Riktig", password="ett-riktigt-lösenord"
    )
    output = run_demo()
    run_demo()
    assert authenticate(username="admin", password="ett-riktigt-lösenord") == admin
    assert authenticate(username="admin", password=DEMO_PASSWORD) is None
    admin.refresh_from_db()
    assert admin.first_name == "Riktig" and admin.email == "admin@example.org"
    assert "användare ”admin”: finns redan men skapades inte av demon" in output
    logins = output.split("Demoinloggningar")[1]
    assert "admin " not in logins and "kommun.vingaker" in logins
    # The other demo logins are there as usual.
    assert authenticate(username="kommun.vingaker", password=DEMO_PASSWORD) is not None


def snapshot(promise):
    """Everything of a document a person could notice, and how much history it has."""
    return {
        "promise": model_to_dict(promise),
        "history": promise.history.count(),
        "commitments": [model_to_dict(c) for c in promise.commitments.order_by("pk")],
        "sources": [model_to_dict(s) for s in promise.sources.order_by("pk")],
        "signatories": [model_to_dict(s) for s in promise.signatories.order_by("pk")],
        "followups": [
            (model_to_dict(f), f.history.count()) for f in promise.followups.order_by("pk")
        ],
        "statuses": [
            (model_to_dict(s), s.history.count())
            for s in CommitmentStatus.objects.filter(followup__promise=promise).order_by("pk")
        ],
    }


def test_a_real_document_with_the_demos_municipality_and_start_date_is_left_untouched(
    development,
):
    real = build_promise(
        municipality=municipality("1960"),
        police_area=PoliceAreaFactory(),
        title=KUNGSOR_2025_TITLE,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2026, 12, 31),
        situation="Vår egen lägesbild.",
        followups=0,
    )
    # A draft follow-up of the half-year the demo also follows up.
    draft = FollowUpFactory(promise=real, year=2025, number=1, summary="Vårt eget utkast.")
    for commitment in real.commitments.all():
        CommitmentStatusFactory(followup=draft, commitment=commitment, status=Status.IN_PROGRESS)
    before = snapshot(CitizenPromise.objects.get(pk=real.pk))

    output = run_demo()
    run_demo()

    assert snapshot(CitizenPromise.objects.get(pk=real.pk)) == before
    assert f"medborgarlöfte ”{KUNGSOR_2025_TITLE}”: finns redan" in output
    assert CitizenPromise.objects.filter(municipality__code="1960").count() == 1


def test_an_officials_follow_up_on_a_demo_document_survives_a_rerun(development):
    run_demo()
    document = CitizenPromise.objects.get(
        municipality__code="0428", valid_from=datetime.date(2025, 1, 1)
    )
    editor = get_user_model().objects.get(username="kommun.vingaker")
    followup = services.followup_create(promise=document, year=2026, number=2, user=editor)
    rows = followup.statuses.count()

    run_demo()

    assert FollowUp.objects.filter(pk=followup.pk).exists()
    assert followup.statuses.count() == rows > 0


def test_a_police_area_with_real_members_gets_no_demo_login_and_no_demo_document(
    development,
):
    """The demo uses the shipped police areas as reference data, but not one in which people
    who are not the demo's work."""
    area = PoliceArea.objects.get(slug="lokalpolisomrade-katrineholm")
    MembershipFactory(user__username="riktig.polis", municipality=None, police_area=area)
    before = (area.name, sorted(area.municipalities.values_list("code", flat=True)))

    output = run_demo()

    area.refresh_from_db()
    assert (area.name, sorted(area.municipalities.values_list("code", flat=True))) == before
    assert list(
        Membership.objects.filter(police_area=area).values_list("user__username", flat=True)
    ) == ["riktig.polis"]
    assert not CitizenPromise.objects.filter(police_area=area).exists()
    assert (
        "lokalpolisområde ”Lokalpolisområde Katrineholm”: har medlemmar som inte är demons"
        in output
    )


def test_a_police_area_entered_by_hand_is_used_but_never_changed(development):
    area = PoliceAreaFactory(
        slug="lokalpolisomrade-eskilstuna",
        name="Lokalpolisområde Eskilstuna (riktigt)",
        municipalities=[municipality("0484")],
    )
    run_demo()
    area.refresh_from_db()
    assert area.name == "Lokalpolisområde Eskilstuna (riktigt)"
    assert list(area.municipalities.values_list("code", flat=True)) == ["0484"]
    assert CitizenPromise.objects.filter(police_area=area, municipality__code="0486").exists()
