import pytest

from tests.factories import build_promise


@pytest.fixture
def published_promise(db):
    return build_promise(commitments=4, followups=2)
