"""The rows of the permission matrix whose answer depends on a document's state: the staff PDF
export and the admin's "Visa på webbplatsen" shortcut (`admin:view_on_site`), for a document in
every state, each of its parts and follow-ups, and the reference data. matrix.py adds them to
CASES.

Another organisation's document is, to a member, the same 404 as a missing one, whatever its
state; the shortcut follows only to pages citizens may see (config/view_on_site.py)."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from followup.models import CommitmentStatus, FollowUp
from loften.models import (
    Attachment,
    CitizenPromise,
    Commitment,
    FocusArea,
    Place,
    Signatory,
    Source,
)
from municipalities.models import Municipality, PoliceArea
from tests.permissions.rows import (
    NATIONAL_ONLY,
    PEOPLE,
    REDIRECT,
    STAFF_404,
    STAFF_REDIRECT,
    Case,
    expect,
)
from tests.permissions.world import PUBLISHED_FOLLOWUP, STATES, in_state

State = CitizenPromise.State


# --- The staff export ----------------------------------------------------------------------------


def _export_rows(state):
    if state == State.DRAFT:
        # Members are sent back to their draft's admin page, which says why; nobody else learns
        # that the draft exists.
        return (
            expect(national=REDIRECT, members=REDIRECT, outsider=404),
            expect(national=REDIRECT, members=404, outsider=404),
        )
    return (
        expect(national=200, members=200, outsider=404),
        expect(national=200, members=404, outsider=404),
    )


def export_cases():
    cases = []
    for state in STATES:
        own, other = _export_rows(state)
        cases.append(
            Case(
                name=f"loften:promise_pdf_export ({state})",
                own=own,
                other=other,
                url=lambda w, o, s=state: reverse(
                    "loften:promise_pdf_export", args=[in_state(o, s)[CitizenPromise].pk]
                ),
            )
        )
    return cases


# --- The staff download of an attachment ---------------------------------------------------------


def attachment_cases():
    """Members of a party download their document's attachments in every state, drafts
    included; another organisation's are a 404 in every state, as a missing one."""
    return [
        Case(
            name=f"loften:attachment_staff ({state})",
            own=expect(national=200, members=200, outsider=404),
            other=expect(national=200, members=404, outsider=404),
            url=lambda w, o, s=state: reverse(
                "loften:attachment_staff", args=[in_state(o, s)[Attachment].pk]
            ),
        )
        for state in STATES
    ]


# --- "Visa på webbplatsen" -----------------------------------------------------------------------

#: The parts of a document that have a public page once the document is public. Sources, places,
#: signatories and statuses have none; a draft follow-up is never public.
PUBLIC_WITH_DOCUMENT = {CitizenPromise, Commitment}
#: Reference data with public pages; the rest of the national administrators' models have none.
PUBLIC_REFERENCE = {Municipality, PoliceArea, FocusArea}
DOCUMENT_PARTS = (
    CitizenPromise,
    Commitment,
    Source,
    Place,
    Signatory,
    Attachment,
    FollowUp,
    CommitmentStatus,
)


def view_on_site_url(obj):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def _view_on_site_case(label, row, *, other=True, pick):
    return Case(
        name=f"admin:view_on_site ({label})",
        own=row,
        other=row if other else None,
        url=lambda w, o: view_on_site_url(pick(o)),
    )


def view_on_site_cases():
    cases = []
    for state in STATES:
        public = state in CitizenPromise.PUBLIC_STATES
        keys = [*DOCUMENT_PARTS, *([PUBLISHED_FOLLOWUP] if public else [])]
        for key in keys:
            followed = key == PUBLISHED_FOLLOWUP or (public and key in PUBLIC_WITH_DOCUMENT)
            label = key if isinstance(key, str) else key._meta.model_name
            cases.append(
                _view_on_site_case(
                    f"{label}, {state}",
                    STAFF_REDIRECT if followed else STAFF_404,
                    pick=lambda o, s=state, k=key: in_state(o, s)[k],
                )
            )
    for model in sorted(NATIONAL_ONLY | set(PEOPLE), key=lambda model: model._meta.label):
        cases.append(
            _view_on_site_case(
                model._meta.model_name,
                STAFF_REDIRECT if model in PUBLIC_REFERENCE else STAFF_404,
                other=False,
                pick=lambda o, model=model: o[model],
            )
        )
    cases.append(
        Case(
            name="admin:view_on_site (missing)",
            own=STAFF_404,
            url=lambda w, o: reverse(
                "admin:view_on_site",
                args=[ContentType.objects.get_for_model(CitizenPromise).pk, 999999],
            ),
        )
    )
    return cases
