"""`manage.py followup_reminders`: due and overdue follow-ups per organisation, e-mailed to every
member once per day."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from followup.models import ReminderSent
from loften.models import Cadence
from municipalities.models import Membership
from tests.factories import (
    CitizenPromiseFactory,
    FollowUpFactory,
    MembershipFactory,
    PoliceAreaFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def world(settings):
    """Vingåker's document 2025-07-01 – 2026-06-30 (published), its police area's member, and
    Strängnäs, whose document is all done."""
    settings.PORTAL_URL = "https://medborgarloften.example"
    vingaker, strangnas = municipality("0428"), municipality("0486")
    area = PoliceAreaFactory(
        name="Lokalpolisområde Katrineholm",
        slug="lokalpolisomrade-katrineholm",
        municipalities=[vingaker],
    )
    promise = CitizenPromiseFactory(
        municipality=vingaker,
        police_area=area,
        title="Medborgarlöfte Vingåker 2025–2026",
        valid_from=D(2025, 7, 1),
        valid_until=D(2026, 6, 30),
        published=True,
    )
    draft = FollowUpFactory(promise=promise, year=2025, number=2)
    done = CitizenPromiseFactory(
        municipality=strangnas,
        police_area=PoliceAreaFactory(municipalities=[strangnas]),
        valid_from=D(2025, 7, 1),
        valid_until=D(2025, 12, 31),
        published=True,
    )
    FollowUpFactory(
        promise=done,
        year=2025,
        number=2,
        state="published",
        published_at=datetime.datetime(2026, 1, 20, tzinfo=datetime.UTC),
    )
    members = {
        "kommun": MembershipFactory(user__username="kommun.vingaker", municipality=vingaker),
        "granskare": MembershipFactory(
            user__username="granskare.vingaker",
            municipality=vingaker,
            role=Membership.Role.REVIEWER,
        ),
        "polis": MembershipFactory(
            user__username="polis.katrineholm", municipality=None, police_area=area
        ),
        "strangnas": MembershipFactory(user__username="kommun.strangnas", municipality=strangnas),
        "utan.epost": MembershipFactory(
            user__username="utan.epost", user__email="", municipality=vingaker
        ),
    }
    return {"promise": promise, "draft": draft, "members": members}


def run(*args):
    out = io.StringIO()
    call_command("followup_reminders", *args, stdout=out)
    return out.getvalue()


def test_lists_due_and_overdue_follow_ups_per_organisation(world):
    output = run("--date", "2026-07-01", "--dry-run")
    assert "Uppföljningar att påminna om 2026-07-01:" in output
    assert "Vingåkers kommun (2 mottagare)" in output
    assert "Lokalpolisområde Katrineholm (1 mottagare)" in output
    assert output.index("Vingåkers kommun") < output.index("Lokalpolisområde Katrineholm")
    assert (
        "[FÖRSENAD] Medborgarlöfte Vingåker 2025–2026: 2025 halvår 2, försenad (skulle ha "
        "publicerats senast 2026-03-01)" in output
    )
    assert "[snart] Medborgarlöfte Vingåker 2025–2026: 2026 halvår 1" in output
    form = reverse("admin:followup_followup_form", args=[world["draft"].pk])
    create = reverse("admin:followup_followup_create_next", args=[world["promise"].pk])
    assert f"https://medborgarloften.example{form}" in output
    assert f"https://medborgarloften.example{create}" in output
    assert "Strängnäs" not in output
    assert "Torrkörning: inga påminnelser skickades." in output
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_emails_every_member_of_each_organisation_in_swedish(world):
    output = run("--date", "2026-07-01")
    assert "Skickade 3 påminnelser; 0 var redan skickade 2026-07-01." in output
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == [
        "granskare.vingaker@example.org",
        "kommun.vingaker@example.org",
        "polis.katrineholm@example.org",
    ]
    message = next(m for m in mail.outbox if m.to == ["kommun.vingaker@example.org"])
    assert message.subject == ("Påminnelse: uppföljningar av medborgarlöften för Vingåkers kommun")
    assert "Försenade, ska redan vara publicerade:" in message.body
    assert "- Medborgarlöfte Vingåker 2025–2026, 2025 halvår 2 (senast 2026-03-01)" in message.body
    assert "Ska publiceras snart:" in message.body
    assert "2026 halvår 1 (senast 2026-08-29) – uppföljningen är inte skapad ännu" in message.body
    form = reverse("admin:followup_followup_form", args=[world["draft"].pk])
    assert f"https://medborgarloften.example{form}" in message.body
    assert ReminderSent.objects.count() == 3


def test_a_second_run_on_the_same_day_sends_nothing_and_the_next_day_sends_again(world):
    run("--date", "2026-07-01")
    assert len(mail.outbox) == 3
    output = run("--date", "2026-07-01")
    assert len(mail.outbox) == 3
    assert "Skickade 0 påminnelser; 3 var redan skickade 2026-07-01." in output
    run("--date", "2026-07-02")
    assert len(mail.outbox) == 6
    assert ReminderSent.objects.filter(sent_on=D(2026, 7, 2)).count() == 3


def test_a_new_member_still_gets_todays_reminder(world):
    run("--date", "2026-07-01")
    MembershipFactory(user__username="ny.redaktor", municipality=municipality("0428"))
    run("--date", "2026-07-01")
    assert [m.to for m in mail.outbox[3:]] == [["ny.redaktor@example.org"]]


def test_nothing_is_due_before_the_half_year_ends_or_once_published(world):
    assert "Inga: alla uppföljningar" in run("--date", "2025-12-31")
    assert mail.outbox == []
    draft = world["draft"]
    draft.state = "published"
    draft.published_at = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    draft.save()
    output = run("--date", "2026-03-02", "--dry-run")
    assert "Inga: alla uppföljningar" in output


def test_a_bad_date_is_a_clear_error(world):
    with pytest.raises(CommandError, match="--date ska vara ett datum som 2026-03-01"):
        run("--date", "1 mars")


def test_reminder_query_count_is_fixed(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        run("--date", "2026-07-01", "--dry-run")


@pytest.mark.parametrize(
    ("cadence", "today", "lines"),
    [
        (
            Cadence.TERTIAL,
            "2025-11-01",
            [
                "2025 tertial 1, försenad (skulle ha publicerats senast 2025-06-29)",
                "2025 tertial 2, försenad (skulle ha publicerats senast 2025-10-30)",
            ],
        ),
        (
            Cadence.YEARLY,
            "2026-01-05",
            ["helåret 2025, ska publiceras senast 2026-03-01"],
        ),
        (
            Cadence.END_OF_PERIOD,
            "2027-03-02",
            ["hela perioden 2025–2026, försenad (skulle ha publicerats senast 2027-03-01)"],
        ),
    ],
)
def test_each_cadence_is_reminded_of_its_periods_and_a_second_run_sends_nothing(
    settings, cadence, today, lines
):
    settings.PORTAL_URL = "https://medborgarloften.example"
    kungsor = municipality("1960")
    area = PoliceAreaFactory(municipalities=[kungsor])
    promise = CitizenPromiseFactory(
        municipality=kungsor,
        police_area=area,
        title="Medborgarlöfte Kungsör 2025–2026",
        cadence=cadence,
        valid_from=D(2025, 1, 1),
        valid_until=D(2026, 12, 31),
        published=True,
        published_at=datetime.datetime(2025, 1, 2, tzinfo=datetime.UTC),
    )
    MembershipFactory(user__username="kommun.kungsor", municipality=kungsor)
    MembershipFactory(user__username="polis.kungsor", municipality=None, police_area=area)

    output = run("--date", today, "--dry-run")
    for line in lines:
        assert line in output
    assert output.count(promise.title) == len(lines) * 2  # once per organisation

    first = run("--date", today)
    assert "Skickade 2 påminnelser; 0 var redan skickade" in first
    second = run("--date", today)
    assert "Skickade 0 påminnelser; 2 var redan skickade" in second
    assert len(mail.outbox) == 2
    sent = ReminderSent.objects.get(user__username="kommun.kungsor")
    assert sent.periods.splitlines()[0].startswith(f"{promise.pk}:")
