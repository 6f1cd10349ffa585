import pytest

from tests.factories import build_promise, make_promise


@pytest.fixture
def published_promise(db):
    return build_promise(commitments=4, followups=2)


@pytest.fixture
def promise(db):
    """A complete published medborgarlöfte, for the PDF download tests."""
    return make_promise()
