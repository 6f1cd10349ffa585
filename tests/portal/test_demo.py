import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from followup.calendar import is_overdue
from followup.models import (
    STATUSES_REQUIRING_REASON,
    Circumstance,
    CommitmentStatus,
    FollowUp,
    MeasureValue,
    OtherWork,
    Status,
)
from followup.periods import Period
from loften import approval
from loften.models import (
    Amendment,
    Cadence,
    CitizenPromise,
    Commitment,
    Measure,
    PartyRole,
    Place,
    Section,
    Signatory,
    Source,
)
from municipalities.models import Membership, Municipality, PoliceArea, PoliceRegion
from portal.demo import DEMO_PASSWORD, load_demo
from portal.models import DemoObject
from tests.conftest import FAST_PASSWORD_HASHERS


def H(year, number):  # noqa: N802
    """A half-year (halvår), the default cadence's period."""
    return Period(Cadence.HALF_YEARLY, year, number)


pytestmark = pytest.mark.django_db

COMPLETE_MUNICIPALITIES = ["0428", "0483", "0486", "0665", "1960"]
DEMO_USERNAMES = [
    "admin",
    "kommun.vingaker",
    "granskare.vingaker",
    "polis.katrineholm",
    "kommun.strangnas",
]


@pytest.fixture(autouse=True)
def _development(settings):
    """The demo commands run in development (DEBUG on, as `make run` sets it); the tests of the
    guard switch it off again."""
    settings.DEBUG = True


@pytest.fixture(scope="module")
def _loaded_demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the whole module (it takes seconds) in a transaction that is
    rolled back after the module's last test. Each test runs in a savepoint inside it (the `db`
    fixture), so what one test changes is gone before the next."""
    development = override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS)
    with django_db_blocker.unblock(), development, transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo_output(_loaded_demo, db):
    """What `manage.py load_demo` printed; the demo is in the database."""
    return _loaded_demo


def row_counts():
    """Rows per model in the three apps (history and m2m tables included) plus users."""
    models = [
        model
        for label in ("municipalities", "loften", "followup")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    models.append(get_user_model())
    return {model._meta.label: model.objects.count() for model in models}


def promise(code, valid_from):
    return CitizenPromise.objects.get(municipality__code=code, valid_from=valid_from)


def test_command_prints_a_swedish_summary_and_every_login(demo_output):
    assert "Klart." in demo_output
    assert "6 medborgarlöften" in demo_output
    assert "Demoinloggningar" in demo_output
    for username in DEMO_USERNAMES:
        assert username in demo_output
    assert DEMO_PASSWORD in demo_output
    assert "nationell administratör" in demo_output
    assert "granskare" in demo_output
    assert "Lokalpolisområde Katrineholm" in demo_output


def test_running_twice_changes_no_row_count_not_even_history(demo_output):
    first = row_counts()
    call_command("load_demo", stdout=io.StringIO())
    assert row_counts() == first
    assert first["loften.CitizenPromise"] == 6
    assert first["loften.HistoricalCitizenPromise"] == 6


def test_running_again_restores_edited_and_deleted_demo_rows(demo_output):
    commitment = Commitment.objects.filter(promise__municipality__code="0428").first()
    original_text = commitment.text
    commitment.text = "ändrad under en visning"
    commitment.save()
    Source.objects.filter(promise=commitment.promise).first().delete()
    user = get_user_model().objects.get(username="kommun.vingaker")
    user.set_password("ett-annat-lösenord")
    user.save()
    counts_before_edits = row_counts()

    call_command("load_demo", stdout=io.StringIO())

    commitment.refresh_from_db()
    assert commitment.text == original_text
    assert row_counts()["loften.Source"] == counts_before_edits["loften.Source"] + 1
    assert authenticate(username="kommun.vingaker", password=DEMO_PASSWORD) is not None


def test_load_demo_returns_the_logins():
    result = load_demo()
    assert [login["username"] for login in result["logins"]] == DEMO_USERNAMES
    assert {login["password"] for login in result["logins"]} == {DEMO_PASSWORD}
    assert result["logins"][0]["role"] == "nationell administratör"
    assert len(result["promises"]) == 6


def test_demo_users_log_in_with_their_roles(demo_output):
    for username in DEMO_USERNAMES:
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert user.is_staff
        assert user.first_name and user.last_name
        assert user.email.endswith("@example.org")
    assert get_user_model().objects.get(username="admin").is_superuser
    assert not Membership.objects.filter(user__username="admin").exists()

    memberships = {(m.user.username, str(m.organisation), m.role) for m in Membership.objects.all()}
    assert memberships == {
        ("kommun.vingaker", "Vingåker", Membership.Role.EDITOR),
        ("granskare.vingaker", "Vingåker", Membership.Role.REVIEWER),
        ("polis.katrineholm", "Lokalpolisområde Katrineholm", Membership.Role.EDITOR),
        ("kommun.strangnas", "Strängnäs", Membership.Role.EDITOR),
    }


def test_the_demo_uses_the_real_police_areas_and_creates_only_missing_ones(demo_output):
    used = PoliceArea.objects.filter(citizen_promises__isnull=False).distinct()
    served = {
        area.name: sorted(area.municipalities.values_list("code", flat=True)) for area in used
    }
    assert served == {
        # The shipped register's, untouched by the demo.
        "Lokalpolisområde Katrineholm": ["0428", "0482", "0483"],
        "Lokalpolisområde Västra Mälardalen": ["1960", "1961", "1983", "1984"],
        # Not in the register yet: the demo's own.
        "Lokalpolisområde Eskilstuna": ["0484", "0486"],
        "Lokalpolisområde Jönköping": ["0642", "0643", "0665", "0680"],
    }
    assert used.get(name="Lokalpolisområde Katrineholm").confidence == "confirmed"
    for area in used:
        for municipality in area.municipalities.all():
            assert municipality.county.police_region == area.region
    # No demo area shares a kommun with the register.
    demo_areas = used.filter(confidence="")
    registered = PoliceArea.objects.exclude(confidence="")
    assert not registered.filter(
        municipalities__in=Municipality.objects.filter(police_areas__in=demo_areas)
    ).exists()


def test_an_earlier_demos_invented_police_area_is_removed():
    load_demo()
    invented = PoliceArea.objects.create(
        name="Lokalpolisområde Köping",
        slug="lokalpolisomrade-koping",
        region=PoliceRegion.objects.get(name="Region Mitt"),
    )
    DemoObject.objects.create(
        content_type=ContentType.objects.get_for_model(PoliceArea), object_id=invented.pk
    )
    load_demo()
    assert not PoliceArea.objects.filter(pk=invented.pk).exists()


@pytest.mark.parametrize("code", COMPLETE_MUNICIPALITIES)
def test_each_municipality_has_a_complete_document(demo_output, code):
    doc = CitizenPromise.objects.filter(municipality__code=code).latest("valid_from")
    assert doc.title.startswith("Medborgarlöfte ")
    days = (doc.valid_until - doc.valid_from).days + 1
    assert 365 <= days <= 731, "valid for one or two years"
    sections = {section.kind: section for section in doc.sections.all()}
    situation = sections[Section.Kind.SITUATION].body
    assert situation.count("\n\n") >= 2, "the lägesbild has several paragraphs"
    assert sections[Section.Kind.EFFECTS].body and sections[Section.Kind.FOLLOWUP_PLAN].body
    assert Section.Kind.COMMITMENTS in sections

    kinds = list(doc.sources.values_list("kind", flat=True))
    assert 2 <= len(kinds) <= 4 and len(set(kinds)) == len(kinds)

    places = list(doc.places.all())
    assert 2 <= len(places) <= 4
    located = [p for p in places if p.latitude is not None]
    assert located and len(located) < len(places)
    for place in located:
        assert 55 < place.latitude < 69 and 10 < place.longitude < 25, "in Sweden"

    commitments = list(doc.commitments.prefetch_related("focus_areas", "parties"))
    assert 5 <= len(commitments) <= 9
    assert {c.role() for c in commitments} == {
        PartyRole.POLICE,
        PartyRole.MUNICIPALITY,
        PartyRole.JOINT,
    }
    assert {c.group.lead_in for c in commitments} == {
        "Polisen lovar att:",
        "Kommunen lovar att:",
        "Polisen och kommunen lovar gemensamt att:",
    }
    assert all(1 <= len(c.focus_areas.all()) <= 2 for c in commitments)
    assert any(c.measures.exists() for c in commitments)

    signatories = list(doc.signatories.all())
    assert [s.organisation for s in signatories] == [
        doc.municipality.long_name,
        doc.police_area.name,
    ]
    assert signatories[0].title == "kommunstyrelsens ordförande"
    assert signatories[1].title.startswith("lokalpolisområdeschef")


def test_public_documents_are_signed_before_they_are_published(demo_output):
    for doc in CitizenPromise.objects.published():
        assert doc.signed_on is not None
        assert doc.signed_at.date() >= doc.signed_on
        assert doc.published_at >= doc.signed_at


def test_strangnas_is_an_unsigned_draft(demo_output):
    draft = promise("0486", datetime.date(2026, 1, 1))
    assert draft.state == CitizenPromise.State.DRAFT
    assert draft.signed_at is None and draft.published_at is None
    assert draft.signed_on is None
    assert not draft.followups.exists()


def test_vaggeryd_was_published_and_then_withdrawn_with_a_reason(demo_output):
    withdrawn = promise("0665", datetime.date(2024, 1, 1))
    assert withdrawn.state == CitizenPromise.State.WITHDRAWN
    assert withdrawn.withdrawal_reason.strip()
    assert withdrawn.published_at < withdrawn.withdrawn_at
    assert withdrawn.followups.filter(state=FollowUp.State.PUBLISHED).count() == 1


def test_katrineholm_has_an_overdue_unpublished_followup(demo_output, settings):
    doc = promise("0483", datetime.date(2025, 7, 1))
    assert doc.state == CitizenPromise.State.PUBLISHED
    published = {f.period for f in doc.followups.all() if f.state == FollowUp.State.PUBLISHED}
    due = datetime.timedelta(days=settings.FOLLOWUP_DUE_DAYS)
    overdue = [
        period
        for period in Period.between(doc)
        if period not in published and period.end + due < timezone.localdate()
    ]
    assert overdue == [H(2026, 1)]
    assert published == {H(2025, 2)}


def test_vingaker_has_an_earlier_period_fully_followed_up(demo_output):
    earlier, current = CitizenPromise.objects.filter(municipality__code="0428").order_by(
        "valid_from"
    )
    assert earlier.valid_until < current.valid_from
    assert earlier.valid_until < timezone.localdate()
    assert earlier.state == CitizenPromise.State.PUBLISHED
    published = [f.period for f in earlier.followups.filter(state=FollowUp.State.PUBLISHED)]
    assert published == list(Period.between(earlier))
    assert len(published) == 4


def test_vingaker_shows_an_effect_indicator_with_three_values_on_its_pages(demo_output, client):
    earlier = CitizenPromise.objects.filter(municipality__code="0428").order_by("valid_from")[0]
    [indicator] = earlier.effect_indicators.all()
    values = list(indicator.values.published().order_by("measured_on"))
    assert [(v.value, v.followup.period) for v in values] == [
        (55, H(2023, 1)),
        (48, H(2023, 2)),
        (40, H(2024, 2)),
    ]
    page = client.get(earlier.get_absolute_url()).text
    assert indicator.name in page and "60 %" in page and "Mål 40 %" in page
    second = earlier.followups.get(year=2023, number=2)
    followup_page = client.get(second.get_absolute_url()).text
    assert "48 %" in followup_page and "Målet är nått." not in followup_page


def test_ongoing_documents_are_followed_up_for_every_finished_period(demo_output):
    vingaker = promise("0428", datetime.date(2025, 1, 1))
    published = {f.period for f in vingaker.followups.filter(state=FollowUp.State.PUBLISHED)}
    assert {H(2025, 1), H(2025, 2), H(2026, 1)} <= published


def test_kungsor_is_followed_up_per_tertial_and_up_to_date(demo_output):
    kungsor = promise("1960", datetime.date(2025, 1, 1))
    assert kungsor.cadence == Cadence.TERTIAL
    published = sorted(f.period for f in kungsor.followups.filter(state=FollowUp.State.PUBLISHED))
    assert [str(p) for p in published] == [
        "2025 tertial 1",
        "2025 tertial 2",
        "2025 tertial 3",
        "2026 tertial 1",
        "2026 tertial 2",
    ]
    assert not is_overdue(kungsor, list(kungsor.followups.all()), datetime.date(2026, 11, 25))


def test_strangnas_is_to_be_followed_up_yearly(demo_output):
    assert promise("0486", datetime.date(2026, 1, 1)).cadence == Cadence.YEARLY


def test_followups_have_a_status_for_every_commitment(demo_output):
    for followup in FollowUp.objects.select_related("promise"):
        reported = followup.statuses.values("commitment").distinct().count()
        assert reported == followup.promise.commitments.count()
        assert followup.summary


def test_a_follow_up_shows_parts_by_party_a_shared_circumstance_and_other_work(client, demo_output):
    vingaker = promise("0428", datetime.date(2025, 1, 1))
    followup = vingaker.followups.get(year=2025, number=2)
    divided = followup.statuses.filter(party__isnull=False, commitment__parties__kind="police_area")
    assert divided.filter(
        commitment__in=followup.statuses.filter(party__kind="municipality").values("commitment")
    ).exists()
    circumstance = followup.circumstances.get()
    assert circumstance.statuses.values("commitment").distinct().count() == 3
    assert {w.party.kind for w in followup.other_work.all()} == {"municipality", "police_area"}
    page = client.get(followup.get_absolute_url())
    assert page.status_code == 200
    assert "Polisens del" in page.text and "Kommunens del" in page.text
    assert "Polisen har inte rapporterat ännu" in page.text
    assert page.text.count(f'href="#{circumstance.anchor}"') == 3
    assert "Övrigt arbete" in page.text


def test_published_followups_are_published_after_their_period_by_a_known_user(demo_output):
    followups = FollowUp.objects.filter(state=FollowUp.State.PUBLISHED)
    assert followups.count() == 14
    for followup in followups.select_related("published_by"):
        end = followup.period.end
        assert (
            end
            < timezone.localtime(followup.published_at).date()
            <= end + datetime.timedelta(days=90)
        )
        assert followup.published_by.username in {"admin", "kommun.vingaker"}


def test_every_status_is_used_and_explained_where_required(demo_output):
    used = set(CommitmentStatus.objects.values_list("status", flat=True))
    assert used == set(Status.values)
    for entry in CommitmentStatus.objects.filter(status__in=STATUSES_REQUIRING_REASON):
        assert entry.reason.strip() or entry.circumstance_id


def test_measures_report_values_and_a_recurring_löfte_its_counts(demo_output):
    published = CommitmentStatus.objects.filter(followup__state=FollowUp.State.PUBLISHED)
    measured = published.filter(commitment__measures__target__isnull=False).distinct()
    assert measured.exists()
    assert not measured.filter(measure_values__isnull=True).exists()
    # A löfte with several measures, one value of which is approximate ("ca 60").
    several = Commitment.objects.annotate(n=Count("measures")).filter(n__gt=1)
    assert MeasureValue.objects.filter(approximate=True, measure__commitment__in=several).exists()
    recurring = published.filter(commitment__rate_target__isnull=False)
    assert recurring.count() >= 4
    assert not recurring.filter(count__isnull=True).exists()
    assert {Status.ON_TRACK, Status.BELOW_PLAN} <= set(recurring.values_list("status", flat=True))
    assert not published.filter(commitment__rate_target__isnull=True, count__isnull=False).exists()


def test_every_demo_object_passes_full_clean(demo_output):
    querysets = [
        get_user_model().objects.filter(username__in=DEMO_USERNAMES),
        PoliceArea.objects.all(),
        Membership.objects.all(),
        CitizenPromise.objects.all(),
        Source.objects.all(),
        Place.objects.all(),
        Commitment.objects.all(),
        Signatory.objects.all(),
        FollowUp.objects.all(),
        CommitmentStatus.objects.all(),
        Measure.objects.all(),
        MeasureValue.objects.all(),
        Circumstance.objects.all(),
        OtherWork.objects.all(),
    ]
    for queryset in querysets:
        assert queryset.exists(), queryset.model
        for obj in queryset:
            obj.full_clean()


def test_signed_demo_documents_have_both_approvals_of_their_content(demo_output):

    for document in CitizenPromise.objects.all():
        current = document.approvals.current()
        if document.is_frozen:
            states = approval.approval_states(document)
            assert approval.is_complete(states), document
            assert {a.approved_at for a in current} == {document.signed_at}
        else:
            assert not current.exists(), document
    vingaker = promise("0428", datetime.date(2025, 1, 1))
    assert {a.user.username for a in vingaker.approvals.all()} == {
        "kommun.vingaker",
        "polis.katrineholm",
    }


def test_vingaker_has_an_approved_amendment_without_a_new_version(demo_output, client):
    vingaker = promise("0428", datetime.date(2025, 1, 1))
    [amendment] = Amendment.objects.filter(commitment__promise=vingaker)
    assert amendment.state == Amendment.State.APPROVED and amendment.reason
    assert [(r["key"], r["before_text"], r["after_text"]) for r in amendment.change_rows()] == [
        ("measure", "trygghetsvandringar: 2", "trygghetsvandringar: 3"),
        ("period", "medborgarlöftets giltighetstid", "till 2027-12-31"),
    ]
    assert {a.party for a in amendment.approvals.all()} == set(approval.required_parties(vingaker))
    assert [m.target for m in amendment.commitment.measures.all()] == [3]
    assert not CitizenPromise.objects.filter(replaces=vingaker).exists()
    page = client.get(amendment.commitment.get_absolute_url()).text
    assert "trygghetsvandringar: 2 → trygghetsvandringar: 3" in page
