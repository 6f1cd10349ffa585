"""A complete medborgarlöfte for the PDF tests (storage and certificates: tests/conftest.py)."""

import pytest

from tests.factories import make_promise


@pytest.fixture
def promise(db):
    return make_promise()
