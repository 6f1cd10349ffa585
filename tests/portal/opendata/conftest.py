import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _open_data_throttle(settings):
    """Each test starts with an empty throttle history and a rate it will not reach; the
    throttle's own test sets a low one."""
    settings.OPEN_DATA_THROTTLE_RATE = "100000/minute"
    cache.clear()
    yield
    cache.clear()
