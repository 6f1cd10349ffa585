"""Reporting party (rapporterande part), shared circumstances (omständigheter) and other work
(övrigt arbete): each party reports its own part of a joint löfte and one that has not is shown
as such; one circumstance is the reason of several statuses and is shown once; other work is
listed by party. The page, the löfte's page and the PDF say the same, in a fixed number of
queries."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup import services, status_inputs
from followup.models import CommitmentStatus, FollowUp, Status
from followup.pdf import gather_followup_report
from followup.selectors import commitments_with_latest_status
from loften.models import Commitment, DocumentParty, PartyRole
from loften.pdf.renderer import render_html
from tests.factories import (
    CircumstanceFactory,
    CommitmentStatusFactory,
    DocumentPartyFactory,
    OtherWorkFactory,
    build_promise,
)

pytestmark = pytest.mark.django_db

Input = status_inputs.StatusInput


@pytest.fixture
def draft(promise, editor):
    return services.followup_create(promise=promise, year=2022, number=1, user=editor)


def party(promise, kind):
    return promise.parties.get(kind=kind)


def joint_commitments(promise):
    return list(
        Commitment.objects.filter(promise=promise).with_role(PartyRole.JOINT).order_by("order")
    )


def save(followup, editor, rows):
    followup.refresh_from_db()
    return services.followup_statuses_save(
        followup=followup, rows=rows, user=editor, lock_version=followup.lock_version
    )


def publish(followup, editor):
    followup.refresh_from_db()
    return services.followup_publish(followup=followup, user=editor)


def pdf_html(followup):
    return render_html("print/followup.html", {"document": gather_followup_report(followup)})


def commitment_url(commitment):
    promise = commitment.promise
    return reverse("loften:commitment", args=[promise.municipality.slug, promise.pk, commitment.pk])


# --- Reporting party ---------------------------------------------------------------------------


def test_a_party_reports_its_part_and_the_other_is_shown_as_not_reported_yet(
    client, promise, editor, draft
):
    commitment = joint_commitments(promise)[0]
    police = party(promise, DocumentParty.Kind.POLICE_AREA)
    save(
        draft,
        editor,
        [
            Input(commitment.pk, status=""),  # no longer one status for the whole löfte
            Input(commitment.pk, party_id=police.pk, status=Status.DONE, comment="Polisen klar."),
        ],
    )
    parts = CommitmentStatus.objects.filter(followup=draft, commitment=commitment)
    assert [(s.party_id, s.status) for s in parts] == [(police.pk, Status.DONE)]
    # A party that has not reported does not stop publishing: every löfte has a status.
    assert services.followup_publish_problems(draft) == []
    publish(draft, editor)

    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert "Polisens del" in page.text
    assert "Kommunen har inte rapporterat ännu" in page.text
    assert "Polisen klar." in page.text
    history = client.get(commitment_url(commitment))
    assert "Kommunen har inte rapporterat ännu" in history.text
    html = pdf_html(draft)
    assert "Polisens del" in html and "Kommunen har inte rapporterat ännu" in html


def test_parts_that_differ_are_shown_apart_and_the_lists_keep_one_row_per_commitment(
    client, promise, editor, draft
):
    commitment = joint_commitments(promise)[0]
    police = party(promise, DocumentParty.Kind.POLICE_AREA)
    kommun = party(promise, DocumentParty.Kind.MUNICIPALITY)
    save(
        draft,
        editor,
        [
            Input(commitment.pk, status=""),
            Input(commitment.pk, party_id=police.pk, status=Status.DONE),
            Input(
                commitment.pk,
                party_id=kommun.pk,
                status=Status.NOT_DONE,
                reason="Ingen budget i år.",
            ),
        ],
    )
    publish(draft, editor)

    latest = CommitmentStatus.objects.filter(commitment=commitment, is_latest=True)
    assert [s.party_id for s in latest] == [kommun.pk]  # the document's first party
    rows = commitments_with_latest_status(Commitment.objects.filter(promise=promise))
    assert rows.count() == promise.commitments.count()
    page = client.get(draft.get_absolute_url())
    assert "Polisens del" in page.text and "Kommunens del" in page.text
    assert "Ingen budget i år." in page.text
    assert "har inte rapporterat ännu" not in page.text
    assert page.text.count(commitment_url(commitment)) == 1
    report = gather_followup_report(draft)
    parts = [row.part for group in report.groups for row in group.rows if row.part]
    assert parts == ["Kommunens del", "Polisens del"]


def test_parts_that_say_the_same_are_shown_once(client, promise, editor, draft):
    commitment = joint_commitments(promise)[0]
    save(
        draft,
        editor,
        [Input(commitment.pk, status="")]
        + [
            Input(commitment.pk, party_id=p.pk, status=Status.DONE)
            for p in commitment.parties.all()
        ],
    )
    publish(draft, editor)
    page = client.get(draft.get_absolute_url())
    assert "Polisens del" not in page.text and "Kommunens del" not in page.text


def test_the_reporting_party_must_be_a_party_of_the_commitment(promise, editor, draft):
    police_only = Commitment.objects.filter(promise=promise).with_role(PartyRole.POLICE).first()
    kommun = party(promise, DocumentParty.Kind.MUNICIPALITY)
    with pytest.raises(status_inputs.StatusRowsInvalid) as invalid:
        save(draft, editor, [Input(police_only.pk, party_id=kommun.pk, status=Status.DONE)])
    assert "är inte part i löfte" in invalid.value.messages[0]

    row = CommitmentStatus(followup=draft, commitment=police_only, party=kommun, status=Status.DONE)
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean(validate_unique=False, validate_constraints=False)
    assert excinfo.value.message_dict["party"] == [
        f"”{kommun.name}” är inte part i löftet. Välj en av löftets parter, eller lämna fältet "
        "tomt för en gemensam status."
    ]


def test_a_status_for_the_whole_commitment_and_parts_are_not_mixed(promise, editor, draft):
    commitment = joint_commitments(promise)[0]
    police = party(promise, DocumentParty.Kind.POLICE_AREA)
    with pytest.raises(status_inputs.StatusRowsInvalid) as invalid:
        save(draft, editor, [Input(commitment.pk, party_id=police.pk, status=Status.DONE)])
    assert "både en gemensam status och parternas egna delar" in invalid.value.messages[0]


def test_a_commitment_of_one_party_cannot_be_left_without_status(promise, editor, draft):
    police_only = Commitment.objects.filter(promise=promise).with_role(PartyRole.POLICE).first()
    with pytest.raises(status_inputs.StatusRowsInvalid) as invalid:
        save(
            draft, editor, [Input(police_only.pk, party_id=police_only.parties.get().pk, status="")]
        )
    assert "Status saknas" in invalid.value.messages[0]


def test_a_new_follow_up_starts_from_each_part_of_the_previous_one(promise, editor, draft):
    commitment = joint_commitments(promise)[0]
    police = party(promise, DocumentParty.Kind.POLICE_AREA)
    save(
        draft,
        editor,
        [
            Input(commitment.pk, status=""),
            Input(commitment.pk, party_id=police.pk, status=Status.IN_PROGRESS),
        ],
    )
    publish(draft, editor)
    following = services.followup_create(promise=promise, year=2022, number=2, user=editor)
    parts = following.statuses.filter(commitment=commitment)
    assert [(s.party_id, s.status) for s in parts] == [(police.pk, Status.IN_PROGRESS)]


def test_the_migration_gives_existing_statuses_of_one_party_that_party():
    promise = build_promise(commitments=3, followups=1)
    CommitmentStatus.objects.update(party=None)
    migration = importlib.import_module(
        "followup.migrations.0011_reporting_party_other_work_circumstances"
    )
    migration.single_party_reports(django_apps, None)
    for status in CommitmentStatus.objects.filter(followup__promise=promise):
        parties = list(status.commitment.parties.all())
        # One party: that party. Joint: kept for the whole löfte (gemensamt).
        assert status.party_id == (parties[0].pk if len(parties) == 1 else None)


# --- Shared circumstances ----------------------------------------------------------------------


def test_one_circumstance_is_the_reason_of_three_commitments_and_is_shown_once(
    client, promise, editor, draft
):
    circumstance = CircumstanceFactory(followup=draft, title="Skogsbränderna")
    targets = list(draft.statuses.order_by("commitment__order")[:3])
    save(
        draft,
        editor,
        [
            Input(
                s.commitment_id,
                party_id=s.party_id,
                status=Status.NOT_DONE,
                circumstance_id=circumstance.pk,
            )
            for s in targets
        ],
    )
    stored = draft.statuses.filter(circumstance=circumstance)
    assert stored.count() == 3 and all(s.reason == "" for s in stored)
    publish(draft, editor)

    page = client.get(draft.get_absolute_url())
    anchor = circumstance.anchor
    assert page.text.count(f'id="{anchor}"') == 1
    assert page.text.count(f'href="#{anchor}"') == 3
    assert circumstance.text in page.text
    history = client.get(commitment_url(targets[0].commitment))
    assert f'href="{draft.get_absolute_url()}#{anchor}"' in history.text
    html = pdf_html(draft)
    assert html.count(f'id="{anchor}"') == 1
    assert html.count(f'href="#{anchor}"') == 3


def test_published_circumstances_and_other_work_are_found_by_the_search(
    client, promise, editor, draft, django_capture_on_commit_callbacks
):
    CircumstanceFactory(followup=draft, title="Skogsbränderna i Hälleskog")
    OtherWorkFactory(followup=draft, title="Nattvandring med föräldrar")
    search = reverse("loften:search")
    assert promise.title not in client.get(search, {"q": "Hälleskog"}).text  # a draft
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    for words in ("Hälleskog", "nattvandring"):
        assert promise.title in client.get(search, {"q": words}).text, words


def test_a_circumstance_of_another_follow_up_is_refused(promise, editor, draft):
    other = CircumstanceFactory(followup=promise.followups.get(year=2021, number=2))
    status = draft.statuses.first()
    with pytest.raises(status_inputs.StatusRowsInvalid) as invalid:
        save(
            draft,
            editor,
            [
                Input(
                    status.commitment_id,
                    party_id=status.party_id,
                    status=Status.NOT_DONE,
                    circumstance_id=other.pk,
                )
            ],
        )
    assert "finns inte i den här uppföljningen" in invalid.value.messages[0]
    status.circumstance, status.status = other, Status.NOT_DONE
    with pytest.raises(ValidationError) as excinfo:
        status.full_clean()
    assert "Omständigheten hör till en annan uppföljning" in excinfo.value.messages[0]


def test_without_reason_or_circumstance_the_database_refuses_a_shortfall(draft):
    status = draft.statuses.first()
    with pytest.raises(Exception, match="reason_required|CHECK constraint"):
        CommitmentStatus.objects.filter(pk=status.pk).update(status=Status.NOT_DONE, reason="")


# --- Other work --------------------------------------------------------------------------------


def test_other_work_is_listed_by_party_on_the_page_and_in_the_pdf(client, promise, editor, draft):
    police = party(promise, DocumentParty.Kind.POLICE_AREA)
    kommun = party(promise, DocumentParty.Kind.MUNICIPALITY)
    OtherWorkFactory(followup=draft, party=police, title="Fotpatrullering vid skolor")
    OtherWorkFactory(followup=draft, party=kommun, title="Sommarvärdar")
    publish(draft, editor)
    page = client.get(draft.get_absolute_url())
    text = page.text
    assert "Övrigt arbete" in text
    # In the document's order of parties: the kommun first.
    assert text.index(kommun.name, text.index("Övrigt arbete")) < text.index(
        "Fotpatrullering vid skolor"
    )
    assert text.index("Sommarvärdar") < text.index("Fotpatrullering vid skolor")
    html = pdf_html(draft)
    assert "Övrigt arbete" in html and "Fotpatrullering vid skolor" in html


def test_other_work_belongs_to_a_party_of_the_document(promise, editor, draft):
    stranger = DocumentPartyFactory(name="AB Annat")
    item = OtherWorkFactory.build(followup=draft, party=stranger)
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert excinfo.value.message_dict["party"] == [
        "”AB Annat” är inte part i medborgarlöftet. Välj en av dess parter."
    ]


def test_the_admin_shows_circumstances_and_other_work_editable_only_in_a_draft(
    client, promise, editor, draft
):
    client.force_login(editor)
    change = client.get(reverse("admin:followup_followup_change", args=[draft.pk]))
    assert change.status_code == 200
    assert 'name="circumstances-TOTAL_FORMS"' in change.text
    assert 'name="other_work-TOTAL_FORMS"' in change.text
    published = promise.followups.get(year=2021, number=2)
    CircumstanceFactory(followup=published)
    frozen = client.get(reverse("admin:followup_followup_change", args=[published.pk]))
    assert frozen.status_code == 200
    assert "Pandemin" in frozen.text
    assert 'name="circumstances-0-title"' not in frozen.text


def change_form_data(page, **extra):
    """What the browser sends back for the follow-up's change form, with `extra`."""
    data = {"summary": "Sammanfattning.", "year": "2022", "number": "1"}
    data["lock_version"] = page.context["adminform"].form.initial.get("lock_version", "")
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            value = management.initial.get(name, field.initial)
            data[f"{inline.formset.prefix}-{name}"] = "" if value is None else value
        for index, form in enumerate(inline.formset.forms):
            for name in form.fields:
                value = form.initial.get(name, "")
                data[f"{inline.formset.prefix}-{index}-{name}"] = "" if value is None else value
    return {**data, **extra}


def test_an_editor_adds_a_circumstance_and_other_work_in_the_drafts_admin_page(
    client, promise, editor, draft
):
    client.force_login(editor)
    url = reverse("admin:followup_followup_change", args=[draft.pk])
    page = client.get(url)
    kommun = party(promise, DocumentParty.Kind.MUNICIPALITY)
    response = client.post(
        url,
        change_form_data(
            page,
            **{
                "circumstances-TOTAL_FORMS": "1",
                "circumstances-0-title": "Pandemin",
                "circumstances-0-text": "Inga fysiska möten.",
                "circumstances-0-order": "1",
                "other_work-TOTAL_FORMS": "1",
                "other_work-0-party": str(kommun.pk),
                "other_work-0-title": "Sommarvärdar",
                "other_work-0-order": "1",
                "_continue": "1",
            },
        ),
    )
    assert response.status_code == 302, response.context and [
        f.errors for inline in response.context["inline_admin_formsets"] for f in inline.formset
    ]
    assert list(draft.circumstances.values_list("title", flat=True)) == ["Pandemin"]
    work = draft.other_work.get()
    assert (work.party, work.title) == (kommun, "Sommarvärdar")
    assert work.history.first().history_user == editor


def test_an_official_of_another_kommun_never_sees_the_drafts_circumstances_or_other_work(
    client, stranger, draft
):
    CircumstanceFactory(followup=draft, title="Hemlig omständighet")
    client.force_login(stranger)
    for name in ("admin:followup_followup_change", "admin:followup_followup_form"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    response = client.post(
        reverse("admin:followup_followup_change", args=[draft.pk]),
        {"circumstances-TOTAL_FORMS": "1", "circumstances-0-title": "Intrång"},
    )
    assert response.status_code == 404
    assert list(draft.circumstances.values_list("title", flat=True)) == ["Hemlig omständighet"]


# --- Query counts ------------------------------------------------------------------------------


def _divided_followup(size):
    """A published follow-up whose joint löften are reported in parts (the kommun's missing
    for every other one), with a circumstance per three statuses and other work per party."""
    promise = build_promise(commitments=size, followups=1, title=f"Löfte {size}")
    followup = promise.followups.get()
    for index, commitment in enumerate(joint_commitments(promise)):
        followup.statuses.filter(commitment=commitment).delete()
        for p in commitment.parties.all()[: 2 if index % 2 else 1]:
            CommitmentStatusFactory(followup=followup, commitment=commitment, party=p)
    for n, status in enumerate(followup.statuses.order_by("pk")):
        if n % 3 == 0:
            circumstance = CircumstanceFactory(followup=followup, title=f"Omständighet {n}")
            status.circumstance = circumstance
            status.save()
    for p in promise.parties.all():
        for n in range(size // 3):
            OtherWorkFactory(followup=followup, party=p, title=f"Arbete {n}")
    return followup


def test_follow_up_and_commitment_pages_query_counts_do_not_grow_with_parts(client):
    counts = {}
    for size in (3, 30):
        followup = _divided_followup(size)
        commitment = joint_commitments(followup.promise)[0]
        client.get(followup.get_absolute_url())  # warm up per-process caches
        with CaptureQueriesContext(connection) as page_queries:
            page = client.get(followup.get_absolute_url())
        assert page.status_code == 200
        assert "har inte rapporterat ännu" in page.text
        with CaptureQueriesContext(connection) as history_queries:
            history = client.get(commitment_url(commitment))
        assert history.status_code == 200
        counts[size] = (len(page_queries), len(history_queries))
    assert counts[3] == counts[30], counts
    assert FollowUp.objects.count() == 2
