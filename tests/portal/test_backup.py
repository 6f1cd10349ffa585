"""Backup and restore (portal/backup.py): a backup restored into a fresh database and empty
storage gives back every row of every table and every stored file, byte for byte. On SQLite the
fresh database is a new file; on PostgreSQL (CI) a new database, made and dropped here."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from loften.pdf.store import promise_pdf
from tests.factories import build_promise

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict:
    """Every row of every table of the default database, in a form that compares across
    processes: tables by name, rows sorted, values as text (binary as hex)."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = [
                [
                    value.hex() if isinstance(value, bytes | memoryview) else str(value)
                    for value in row
                ]
                for row in cursor.fetchall()
            ]
            tables[table] = sorted(rows)
    return tables


def files_in(folder: Path) -> dict:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run_manage(*arguments, database_url, media_root):
    environment = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(
        [sys.executable, *arguments],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def snapshot_of(database_url, media_root) -> dict:
    script = (
        "import django, json; django.setup(); "
        "from tests.portal.test_backup import snapshot; print(json.dumps(snapshot()))"
    )
    result = run_manage("-c", script, database_url=database_url, media_root=media_root)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def portal_with_data(reference_data, pdf_storage):
    promise = build_promise(commitments=4, followups=2)
    promise_pdf(promise)
    default_storage.save(
        "bilagor/2026/anteckning.txt", ContentFile("Bilaga med å, ä och ö.".encode())
    )
    return pdf_storage


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a new, empty database of the same engine as the tests' own."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'aterstalld.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    yield f"postgres://{settings['USER']}{password}@{settings['HOST']}{port}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


def test_a_restored_backup_has_every_row_and_every_file(portal_with_data, fresh_database, tmp_path):
    media = portal_with_data
    before_rows, before_files = snapshot(), files_in(media)
    assert any(name.endswith(".pdf") for name in before_files)
    assert sum(len(rows) for rows in before_rows.values()) > 500  # the reference data and more

    call_command("backup", str(tmp_path / "kopia"))
    manifest = json.loads((tmp_path / "kopia" / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert sorted(entry["name"] for entry in manifest["files"]) == sorted(before_files)

    restored_media = tmp_path / "aterstalld-media"
    result = run_manage(
        "manage.py",
        "restore",
        str(tmp_path / "kopia"),
        database_url=fresh_database,
        media_root=restored_media,
    )
    assert result.returncode == 0, result.stderr
    assert "Återställt från" in result.stdout

    assert snapshot_of(fresh_database, restored_media) == before_rows
    assert files_in(restored_media) == before_files


def test_restore_refuses_a_database_that_is_not_empty(portal_with_data, tmp_path):
    call_command("backup", str(tmp_path / "kopia"))
    with pytest.raises(CommandError, match="är inte tom .* Återställ till en ny, tom databas"):
        call_command("restore", str(tmp_path / "kopia"))


def test_restore_refuses_a_damaged_backup_and_restores_nothing(
    portal_with_data, fresh_database, tmp_path
):
    call_command("backup", str(tmp_path / "kopia"))
    pdf = next((tmp_path / "kopia" / "filer").rglob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes()[:-10])
    result = run_manage(
        "manage.py",
        "restore",
        str(tmp_path / "kopia"),
        database_url=fresh_database,
        media_root=tmp_path / "aterstalld-media",
    )
    assert result.returncode != 0
    assert "har ändrats sedan säkerhetskopian gjordes" in result.stderr
    assert not (tmp_path / "aterstalld-media").exists()


def test_backup_never_writes_into_a_folder_with_files(portal_with_data, tmp_path):
    (tmp_path / "kopia").mkdir()
    (tmp_path / "kopia" / "gammal.txt").write_text("äldre kopia")
    with pytest.raises(CommandError, match="inte tom"):
        call_command("backup", str(tmp_path / "kopia"))


def test_restore_says_what_a_backup_folder_is(db, tmp_path):
    with pytest.raises(CommandError, match="ingen säkerhetskopia: manifest.json saknas"):
        call_command("restore", str(tmp_path))
