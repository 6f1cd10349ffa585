"""The API keeps to its own OpenAPI schema: schemathesis reads /api/schema/ from the Django
application itself (WSGI, no server) and calls every operation with generated parameters, valid
ones and invalid ones. No answer may be a server error or differ from what the schema says
(status codes, content types, headers, bodies); valid parameters must be accepted and invalid
ones refused. Bounded and deterministic: a few examples per operation, derandomized.

(schemathesis's pytest plugin, `from_fixture`, does not run under this pytest; its Python API
with Hypothesis's `@given` does the same.)"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.factories import build_promise

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 15


@pytest.fixture
def wsgi_application():
    """The project's WSGI application, called in the test's own database transaction. As
    Django's test client does, the connection is not closed after each request (on PostgreSQL
    that would end the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(settings, wsgi_application):
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis's WSGI client sends
    # Rows for the lists to show: a document with follow-ups, and a withdrawn one.
    build_promise(commitments=3, followups=2)
    build_promise(state="withdrawn", commitments=1, followups=0)
    return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_application)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_conforms_to_its_schema(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 14  # a list and one row for each of the seven datasets
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            case.call_and_validate()

        call()
