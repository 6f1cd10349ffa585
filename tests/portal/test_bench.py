"""`make bench`'s script (benchmarks/bench.py) end to end on a tiny data set: one year of
national data, one second per page, the cache-miss pass only and one PDF render. It prepares
its own PostgreSQL database, serves it with gunicorn, loads every page, and writes the table.
About a minute: marked `bench`, on PostgreSQL only (CI); `-m "not bench"` leaves it out."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

pytestmark = [
    pytest.mark.bench,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="on PostgreSQL (DATABASE_URL), as in CI"
    ),
]


def drop(server_url, name):
    server = psycopg.connect(server_url, autocommit=True)
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def test_bench_runs_on_a_tiny_data_set_and_writes_the_table(tmp_path):
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = f"bench_test_{os.getpid()}"
    output = tmp_path / "latest.md"
    arguments = ["--years", "1", "--duration", "1", "--connections", "3", "--passes", "miss"]
    arguments += ["--pdf-runs", "1", "--output", str(output)]
    arguments += ["--database-url", parts._replace(path=f"/{name}").geturl()]
    try:
        result = subprocess.run(
            [sys.executable, "benchmarks/bench.py", *arguments],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        drop(parts._replace(path="/postgres").geturl(), name)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = output.read_text()
    assert table in result.stdout
    for page in ("bare view", "start page", "municipality page", "medborgarlöfte page"):
        assert f"| {page} | " in table
    for page in ("focus-area page", "search", "API: medborgarlöfte", "PDF, cached download"):
        assert f"| {page} | " in table
    assert "Errors (any answer but 200): 0." in table
    assert "Search p95 on a cache miss:" in table
    assert "with 3 connections" in table and "with one connection per worker" in table
    assert "| render + sign |" in table
