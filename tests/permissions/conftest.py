"""Fixtures for the permission tests: the world of users and documents (built in world.py)."""

import pytest

from tests.permissions.world import build_world


@pytest.fixture
def world(db):
    return build_world()
