"""Fixtures for the permission tests: the world of users and documents (built in world.py)."""

import pytest

from tests.permissions.world import build_world


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The matrix signs in many users; a real password hash for each would take most of the time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return build_world()
