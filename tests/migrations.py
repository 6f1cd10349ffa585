"""Running a data migration in a test: migrate back to before it, write rows with the models of
that state, migrate forward and read them with the models of the new state. The tests that use
these are transactional (`pytest.mark.django_db(transaction=True)`) and take the fixture
`back_to_latest` (tests/conftest.py), so that later tests find today's schema."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.text import slugify


def migrate_to(targets):
    """Migrates to `targets` (a list of (app, migration name)), keeping every other app as far as
    it can stay (a later migration of another app that needs a later one of these is unapplied
    with it), and returns the models of the migrations applied: every model has the columns its
    table has."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    applied = [
        node for node in executor.loader.applied_migrations if node in executor.loader.graph.nodes
    ]
    return executor.loader.project_state(applied).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def vingaker_and_police_area(apps, name="Lokalpolisområde Migrationstest"):
    """Vingåker (from the reference data) and a new police area, with the models of an older
    state (`apps`, from `migrate_to`): what an old document needs before anything else."""
    vingaker = apps.get_model("municipalities", "Municipality").objects.get(code="0428")
    area = apps.get_model("municipalities", "PoliceArea").objects.create(
        name=name, slug=slugify(name), region_id=vingaker.county.police_region_id
    )
    return vingaker, area
