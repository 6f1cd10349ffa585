"""Prepared statements on PostgreSQL (config/settings.py): a statement a connection runs again
and again is prepared once, and DB_PREPARED_STATEMENTS=0 turns that off for a pooler that cannot
keep them (DEPLOYMENT.md)."""

import pytest
from django.db import connection

from municipalities.models import County
from tests.test_settings import run_settings

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="on PostgreSQL (DATABASE_URL), as in CI"
)

OPTIONS = (
    "[settings.DATABASES['default'].get('OPTIONS', {}).get(name) "
    "for name in ('server_side_binding', 'prepare_threshold')]"
)


def options(**env):
    result = run_settings(OPTIONS, DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgresql_prepares_statements_unless_turned_off():
    assert options() == "[True, 5]"
    assert options(DB_PREPARED_STATEMENTS="0") == "[None, None]"


def test_sqlite_has_no_such_options():
    assert options(DATABASE_URL="sqlite:///:memory:") == "[None, None]"


@pytest.mark.django_db
def test_a_statement_run_again_and_again_is_prepared():
    names = County.objects.filter(code="01").values_list("name", flat=True)
    statement = (
        'SELECT "municipalities_county"."name" AS "name" FROM "municipalities_county" '
        'WHERE "municipalities_county"."code" = $1'
    )

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall() if row[0].startswith(statement)]

    list(names.all())
    assert prepared() == []
    for _ in range(4):
        list(names.all())
    assert prepared() == []
    list(names.all())  # the sixth run: prepared once it has run five times
    assert len(prepared()) == 1
