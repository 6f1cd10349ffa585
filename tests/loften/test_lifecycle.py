"""The life-cycle table (`loften.lifecycle`) is the one place that says what may happen to a
document: the services, the admin's buttons and the PDF export all follow it."""

import pytest

from loften import lifecycle
from loften.admin.promise import STEPS as ADMIN_STEPS
from loften.models import CitizenPromise
from loften.pdf import is_exportable

State = lifecycle.State


def test_every_step_has_its_confirmation_page_in_the_admin():
    assert set(ADMIN_STEPS) == set(lifecycle.STEPS)


@pytest.mark.parametrize(
    ("state", "steps"),
    [
        (State.DRAFT, ("approve", "withdraw_approval", "sign")),
        (State.SIGNED, ("publish", "new_version", "amend")),
        (State.PUBLISHED, ("withdraw", "new_version", "amend")),
        (State.WITHDRAWN, ()),
    ],
)
def test_steps_that_may_follow_each_state(state, steps):
    assert lifecycle.steps_from(state) == steps


def test_signing_freezes_the_content_and_makes_the_pdf():
    for state in State:
        frozen = state != State.DRAFT
        assert lifecycle.is_frozen(state) is frozen
        assert is_exportable(CitizenPromise(state=state)) is frozen


def test_only_published_and_withdrawn_documents_are_public():
    assert {s for s in State if lifecycle.is_public(s)} == {State.PUBLISHED, State.WITHDRAWN}


def test_withdrawn_documents_are_no_longer_followed_up():
    assert set(lifecycle.FOLLOWED_UP_STATES) == {State.SIGNED, State.PUBLISHED}


def test_content_and_life_cycle_fields_are_fields_of_the_document():
    names = {field.name for field in CitizenPromise._meta.get_fields()}
    assert set(lifecycle.CONTENT_FIELDS) <= names
    assert set(lifecycle.LIFECYCLE_FIELDS) <= names
    assert set(lifecycle.CONTENT_PARTS) <= names
    assert not set(lifecycle.CONTENT_FIELDS) & set(lifecycle.LIFECYCLE_FIELDS)
