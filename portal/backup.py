"""Backup and restore of the whole portal: the database and the stored files (README "Backup and
restore"; commands `backup` and `restore`).

A backup is a folder:

- `databas.sqlite3` (SQLite, copied with SQLite's own backup API, consistent while the portal
  runs) or `databas.dump` (PostgreSQL, `pg_dump --format=custom`, one consistent snapshot);
- `filer/`: every file in Django's default storage (the stored, signed PDFs), whether that is
  MEDIA_ROOT or object storage;
- `manifest.json`: the database engine, when it was made, and the size and SHA-256 of every
  file, checked before anything is restored.

A restore goes into a new, empty database and empty storage only: it never mixes a backup with
rows or files that are already there. The signing certificate and its key are not data of the
portal and are not in the backup (they live where PDF_SIGNING_PKCS12_PATH points; keep them in
the secret store they came from).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connections

from .cache import invalidate_all

MANIFEST = "manifest.json"
SQLITE_FILE = "databas.sqlite3"
POSTGRES_FILE = "databas.dump"
FILES = "filer"
FORMAT = 1


class BackupError(Exception):
    """Something an operator can act on, said in Swedish."""


@dataclass(frozen=True)
class Summary:
    engine: str
    database_bytes: int
    files: int
    files_bytes: int


def backup(destination: Path, *, using: str = "default") -> Summary:
    """Write a backup of database `using` and of the default storage into `destination`, a
    folder that does not exist yet or is empty."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(
            f"Mappen {destination} är inte tom. Välj en ny mapp för säkerhetskopian, så att ingen "
            "tidigare kopia skrivs över."
        )
    destination.mkdir(parents=True, exist_ok=True)
    engine = _engine(using)
    database_file = destination / (SQLITE_FILE if engine == "sqlite" else POSTGRES_FILE)
    if engine == "sqlite":
        _sqlite_backup(using, database_file)
    else:
        _pg_dump(using, database_file)

    stored = []
    for name in _storage_files():
        target = destination / FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
        stored.append(name)

    manifest = {
        "format": FORMAT,
        "engine": engine,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": _describe(database_file, database_file.name),
        "files": [_describe(destination / FILES / name, name) for name in stored],
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return _summary(manifest)


def restore(source: Path, *, using: str = "default") -> Summary:
    """Restore the backup in `source` into database `using`, which must be empty (no tables:
    created, not migrated), and into the default storage, which must hold no files."""
    source = Path(source)
    manifest = read_manifest(source)
    engine = _engine(using)
    if manifest["engine"] != engine:
        raise BackupError(
            f"Säkerhetskopian är av en {_ENGINE_NAMES[manifest['engine']]}-databas, men "
            f"DATABASE_URL pekar på {_ENGINE_NAMES[engine]}. Återställ till samma slags databas."
        )
    tables = connections[using].introspection.table_names()
    if tables:
        raise BackupError(
            f"Databasen {connections[using].settings_dict['NAME']} är inte tom "
            f"({len(tables)} tabeller). Återställ till en ny, tom databas (skapa den med "
            "createdb, eller peka DATABASE_URL på en ny SQLite-fil) och kör inte migrate först."
        )
    existing = list(_storage_files())
    if existing:
        raise BackupError(
            f"Lagringen för filer har redan {len(existing)} filer. Återställ till en tom "
            "MEDIA_ROOT (eller en tom bucket)."
        )

    database_file = source / manifest["database"]["name"]
    if engine == "sqlite":
        _sqlite_restore(using, database_file)
    else:
        _pg_restore(using, database_file)
    for entry in manifest["files"]:
        with open(source / FILES / entry["name"], "rb") as file:
            saved = default_storage.save(entry["name"], File(file))
        if saved != entry["name"]:
            raise BackupError(
                f"Filen {entry['name']} sparades som {saved}; lagringen var inte tom."
            )
    # Pages cached from the database that was there before are not served again.
    invalidate_all()
    return _summary(manifest)


def read_manifest(source: Path) -> dict:
    """The manifest of the backup in `source`, after checking every file against it."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"{source} är ingen säkerhetskopia: {MANIFEST} saknas. Ange mappen som "
            "`manage.py backup` skrev."
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Säkerhetskopian har ett okänt format ({manifest.get('format')}).")
    checks = [(source / manifest["database"]["name"], manifest["database"])]
    checks += [(source / FILES / entry["name"], entry) for entry in manifest["files"]]
    for path, entry in checks:
        if not path.is_file() or _describe(path, entry["name"]) != entry:
            raise BackupError(
                f"{path} saknas eller har ändrats sedan säkerhetskopian gjordes. Använd en hel "
                "kopia; ingenting har återställts."
            )
    return manifest


_ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in _ENGINE_NAMES:
        raise BackupError(f"Säkerhetskopior finns för SQLite och PostgreSQL, inte för {vendor}.")
    return vendor


def _storage_files(folder: str = ""):
    """Every file name in the default storage, sorted, each folder's files before its
    subfolders'. A storage folder that does not exist yet (a new MEDIA_ROOT) holds nothing."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from _storage_files(f"{folder}/{name}" if folder else name)


def _describe(path: Path, name: str) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return {"name": name, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _summary(manifest: dict) -> Summary:
    return Summary(
        engine=manifest["engine"],
        database_bytes=manifest["database"]["bytes"],
        files=len(manifest["files"]),
        files_bytes=sum(entry["bytes"] for entry in manifest["files"]),
    )


# --- SQLite: its own online backup API -----------------------------------------------------------


def _sqlite_backup(using: str, target: Path) -> None:
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _sqlite_restore(using: str, source: Path) -> None:
    connection = connections[using]
    connection.ensure_connection()
    backup_copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        backup_copy.backup(connection.connection)
    finally:
        backup_copy.close()
    connection.close()


# --- PostgreSQL: pg_dump and pg_restore ----------------------------------------------------------


def _pg_arguments(using: str) -> tuple[list[str], dict]:
    """pg_dump's and pg_restore's connection options for database `using`, and the environment
    that carries the password (never on the command line, where `ps` would show it)."""
    settings = connections[using].settings_dict
    arguments = ["--dbname", settings["NAME"], "--no-password"]
    if settings.get("HOST"):
        arguments += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", settings["USER"]]
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} finns inte. Installera PostgreSQL:s klientprogram (Debian: "
            "apt-get install postgresql-client) i samma huvudversion som servern eller nyare."
        )
    # A fixed program with an argument list, no shell.
    result = subprocess.run(  # nosec B603
        [program, *command[1:]], env=environment, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} misslyckades: {result.stderr.strip()}")


def _pg_dump(using: str, target: Path) -> None:
    arguments, environment = _pg_arguments(using)
    _run(
        [
            "pg_dump",
            *arguments,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
        ],
        environment,
    )


def _pg_restore(using: str, source: Path) -> None:
    connections[using].close()
    arguments, environment = _pg_arguments(using)
    _run(
        [
            "pg_restore",
            *arguments,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(source),
        ],
        environment,
    )
