"""The one-page follow-up form in the admin: every löfte grouped by party with its previous
status, all rows saved in one transaction, errors beside their row and nothing saved when any row
is invalid; who may open and who may save it; creating a follow-up pre-fills it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup import services
from followup.models import CommitmentStatus, FollowUp, Status
from tests.factories import build_promise

pytestmark = pytest.mark.django_db


@pytest.fixture
def followup(promise, editor):
    return services.followup_create(promise=promise, year=2022, number=1, user=editor)


def form_url(followup):
    return reverse("admin:followup_followup_form", args=[followup.pk])


def post_data(page, **changes):
    """What the browser sends back for the page's form, with `changes` ({"0-status": …})."""
    formset = page.context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": formset.total_form_count(),
        f"{formset.prefix}-INITIAL_FORMS": formset.initial_form_count(),
        "lock_version": page.context["version_form"].initial["lock_version"],
    }
    for index, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name)
            if name.endswith("_approximate"):
                if value:
                    data[f"{formset.prefix}-{index}-{name}"] = "on"
                continue
            data[f"{formset.prefix}-{index}-{name}"] = "" if value is None else value
    data.update({f"{formset.prefix}-{key}": value for key, value in changes.items()})
    return data


def statuses(followup):
    """The statuses by the löfte's row in the form (the document's order: group by group)."""
    rows = CommitmentStatus.objects.filter(followup=followup).order_by(
        "commitment__group__order", "commitment__group_id", "commitment__order"
    )
    return {
        i: (s.status, s.reason, s.comment, tuple((v.value, v.approximate) for v in values))
        for i, s in enumerate(rows)
        for values in [s.measure_values.all()]
    }


def measure_field(page, index):
    """The name of the value field of row `index`'s (first) measure, without the prefix."""
    measure = page.context["formset"].forms[index].measures[0]
    return f"{index}-measure_{measure.pk}"


def test_form_shows_every_commitment_grouped_by_party_with_its_previous_status(
    client, editor, followup
):
    client.force_login(editor)
    page = client.get(form_url(followup))
    assert page.status_code == 200
    assert [g["heading"] for g in page.context["groups"]] == [
        "Polisen lovar att:",
        "Kommunen lovar att:",
        "Polisen och kommunen lovar gemensamt att:",
    ]
    # A joint löfte has a row for the whole löfte and one per party's own part.
    assert [len(g["rows"]) for g in page.context["groups"]] == [2, 2, 6]
    html = page.text
    for heading in (
        "Polisen lovar att",
        "Kommunen lovar att",
        "Polisen och kommunen lovar gemensamt att",
    ):
        assert heading in html
    assert html.count("<fieldset") == 10
    assert html.count("– Polisens del</legend>") == 2
    # Previous (2021 h2) statuses beside the rows, read-only.
    assert html.count("Föregående:") == 10
    assert "<strong>Delvis genomförd</strong>" in html
    # The new status starts from the previous one.
    first = page.context["groups"][0]["rows"][0]
    assert first["form"].initial["status"] == first["previous"].status
    assert 'name="form-0-status"' in html and "disabled" not in html
    assert 'value="Spara alla rader"' in html


def test_saving_writes_all_rows_in_one_go(client, editor, followup):
    client.force_login(editor)
    page = client.get(form_url(followup))
    data = post_data(
        page,
        **{
            "0-status": Status.DONE,
            measure_field(page, 0): "20",
            f"{measure_field(page, 0)}_approximate": "on",
            "0-comment": "Alla kontroller gjorda.",
            "3-status": Status.POSTPONED,
            "3-reason": "Flyttad till hösten.",
        },
    )
    response = client.post(form_url(followup), data)
    assert response.status_code == 302
    assert response["Location"] == form_url(followup)
    saved = statuses(followup)
    assert saved[0] == (Status.DONE, "", "Alla kontroller gjorda.", ((20, True),))
    assert saved[3][:3] == (Status.POSTPONED, "Flyttad till hösten.", "")
    page = client.get(form_url(followup))
    assert "Uppföljningen är sparad: 2 rader ändrades." in page.text


def test_an_invalid_row_saves_nothing_and_its_error_stands_beside_it(client, editor, followup):
    client.force_login(editor)
    before = statuses(followup)
    page = client.get(form_url(followup))
    data = post_data(
        page,
        **{
            "0-status": Status.DONE,  # valid on its own
            "1-status": Status.NOT_DONE,
            "1-reason": "",
            measure_field(page, 4): "fem",
        },
    )
    response = client.post(form_url(followup), data)
    assert response.status_code == 200
    assert statuses(followup) == before
    html = response.text
    assert "Inget sparades. Rätta felen som visas vid raderna nedan" in html
    # Each error is inside the fieldset of its own row, next to its field.
    fieldsets = re.findall(r"<fieldset.*?</fieldset>", html, re.S)
    with_errors = [i for i, f in enumerate(fieldsets) if "invalid-feedback" in f]
    form_of = {
        row["form"].prefix: i
        for i, row in enumerate(r for g in response.context["groups"] for r in g["rows"])
    }
    assert with_errors == sorted([form_of["form-1"], form_of["form-4"]])
    reason_row = fieldsets[form_of["form-1"]]
    assert "Ange ett skäl när status är ”ej genomförd”." in reason_row
    assert 'id="id_form-1-reason"' in reason_row and "is-invalid" in reason_row
    assert "Fyll i ett tal." in fieldsets[form_of["form-4"]]
    assert "has-errors" in reason_row


def test_model_rules_and_type_errors_are_reported_together_only_when_the_form_is_valid(
    client, editor, followup
):
    """A row that fails the model's rule is named even when it is the only problem."""
    client.force_login(editor)
    page = client.get(form_url(followup))
    response = client.post(
        form_url(followup), post_data(page, **{"2-status": Status.PARTLY_DONE, "2-reason": " "})
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[2].errors == {
        "reason": ["Ange ett skäl när status är ”delvis genomförd”."]
    }


def test_someone_elses_save_in_between_is_not_overwritten(client, editor, followup):
    client.force_login(editor)
    page = client.get(form_url(followup))
    other = post_data(page, **{"0-status": Status.DONE})
    assert client.post(form_url(followup), other).status_code == 302
    mine = post_data(page, **{"1-status": Status.DONE})
    response = client.post(form_url(followup), mine)
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.text
    assert statuses(followup)[1][0] != Status.DONE


def test_reviewer_reads_the_form_but_cannot_save(client, reviewer, followup):
    client.force_login(reviewer)
    page = client.get(form_url(followup))
    assert page.status_code == 200
    assert "Du kan läsa uppföljningen men inte ändra den." in page.text
    assert 'value="Spara alla rader"' not in page.text
    assert page.text.count("disabled") >= 6 * 4
    before = statuses(followup)
    assert (
        client.post(form_url(followup), post_data(page, **{"0-status": "done"})).status_code == 403
    )
    assert statuses(followup) == before


def test_other_organisations_get_404_and_no_organisation_403(client, stranger, followup):
    from tests.factories import UserFactory

    client.force_login(stranger)
    assert client.get(form_url(followup)).status_code == 404
    assert client.post(form_url(followup), {}).status_code == 404
    client.force_login(UserFactory(username="ingen.organisation"))
    assert client.get(form_url(followup)).status_code == 403


def test_a_published_follow_up_is_read_only_and_a_save_is_refused(client, editor, followup):
    services.followup_publish(followup=followup, user=editor)
    client.force_login(editor)
    page = client.get(form_url(followup))
    assert "är publicerad och låst" in page.text
    assert 'value="Spara alla rader"' not in page.text
    before = statuses(followup)
    response = client.post(form_url(followup), post_data(page, **{"0-status": Status.DONE}))
    assert response.status_code == 200
    assert "är publicerad och låst" in response.text
    assert statuses(followup) == before
    change = client.get(reverse("admin:followup_followup_change", args=[followup.pk]))
    assert 'name="_save"' not in change.text
    assert "är publicerad och låst" in change.text


def test_form_and_export_query_counts_do_not_grow_with_the_rows(client, editor):
    counts = {}
    for size in (3, 30):
        promise = build_promise(commitments=size, followups=2, title=f"Löfte {size}")
        followup = services.followup_create(promise=promise, year=2022, number=1, user=editor)
        client.force_login(editor)
        with CaptureQueriesContext(connection) as form_queries:
            page = client.get(form_url(followup))
        assert page.status_code == 200
        # A joint löfte (every third) has a row for the whole löfte and one per party.
        assert page.text.count("<fieldset") == size + 2 * (size // 3)
        with CaptureQueriesContext(connection) as export_queries:
            export = client.get(reverse("admin:followup_followup_csv", args=[followup.pk]))
        assert export.status_code == 200
        counts[size] = (len(form_queries), len(export_queries))
    assert counts[3] == counts[30]
    # The form reads one query more than before reporting parties: the follow-up's circumstances.
    # The export reads four more than the form's rows: the circumstances, the other work, the
    # document's parties and its effect indicators (with their values, when it has some).
    assert counts[30][0] <= 18 and counts[30][1] <= 18, counts


# --- Creating through the admin ------------------------------------------------------------------


def test_adding_in_the_admin_pre_fills_the_rows_and_opens_the_form(client, editor, promise):
    client.force_login(editor)
    response = client.post(
        reverse("admin:followup_followup_add"),
        {"promise": promise.pk, "year": 2022, "number": 1, "summary": ""},
    )
    followup = FollowUp.objects.get(promise=promise, year=2022, number=1)
    assert response.status_code == 302
    assert response["Location"] == form_url(followup)
    assert followup.statuses.count() == 6
    previous = promise.followups.get(year=2021, number=2)
    assert {s.commitment_id: s.status for s in followup.statuses.all()} == {
        s.commitment_id: s.status for s in previous.statuses.all()
    }


def test_adding_for_a_draft_document_is_refused_in_the_form(client, editor):
    from loften.models import CitizenPromise

    draft = build_promise(state=CitizenPromise.State.DRAFT, followups=0)
    client.force_login(editor)
    response = client.post(
        reverse("admin:followup_followup_add"),
        {"promise": draft.pk, "year": 2021, "number": 1, "summary": ""},
    )
    assert response.status_code == 200
    assert "är ett utkast" in str(response.context["adminform"].form.errors["promise"])
    assert not draft.followups.exists()


def test_create_next_makes_the_earliest_missing_half_year(client, editor, promise):
    url = reverse("admin:followup_followup_create_next", args=[promise.pk])
    client.force_login(editor)
    page = client.get(reverse("admin:loften_citizenpromise_change", args=[promise.pk]))
    assert url in page.text
    assert "Skapa uppföljning 2022 halvår 1" in page.text
    confirmation = client.get(url)
    assert "En uppföljning för 2022 halvår 1 skapas" in confirmation.text
    response = client.post(url)
    followup = FollowUp.objects.get(promise=promise, year=2022, number=1)
    assert response["Location"] == form_url(followup)
    assert followup.statuses.count() == 6
    listing = client.get(reverse("admin:followup_followup_changelist"))
    assert "2022 halvår 2" in listing.text  # the next one is offered in the list


def test_create_next_is_refused_to_reviewers(client, reviewer, promise):
    client.force_login(reviewer)
    url = reverse("admin:followup_followup_create_next", args=[promise.pk])
    assert client.post(url).status_code == 403
    assert promise.followups.count() == 2


def test_a_nul_character_in_a_text_is_a_form_error_not_a_server_error(client, editor, followup):
    # PostgreSQL cannot store a NUL; the form names it beside the field and saves nothing.
    client.force_login(editor)
    before = statuses(followup)
    page = client.get(form_url(followup))
    data = post_data(page, **{"0-status": Status.DONE, "2-comment": "a\x00b", "3-reason": "\x00"})
    response = client.post(form_url(followup), data)
    assert response.status_code == 200
    assert statuses(followup) == before
    fieldsets = re.findall(r"<fieldset.*?</fieldset>", response.text, re.S)
    form_of = {
        row["form"].prefix: i
        for i, row in enumerate(r for g in response.context["groups"] for r in g["rows"])
    }
    for prefix in ("form-2", "form-3"):
        assert "Null-tecken är inte tillåtna." in fieldsets[form_of[prefix]]
    assert "Inget sparades" in response.text
