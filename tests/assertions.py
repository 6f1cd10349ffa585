import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext


def assert_rejected(obj, message):
    """The rule holds twice: full_clean() explains it, and the database refuses it."""
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert message in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def count_queries(client, url):
    """The number of queries of drawing the page at `url` (a 200): the page cache is emptied
    first, so the page is drawn rather than read from the cache."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)
