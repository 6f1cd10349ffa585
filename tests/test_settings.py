import os
import subprocess
import sys

import pytest
from django.core.management.utils import get_random_secret_key


def run_settings(show="settings.DEBUG", **env):
    """Loads the settings in a new process with `env` (no SECRET_KEY or DEBUG unless given) and
    prints the expression `show`."""
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print({show})"],
        env=environment,
        capture_output=True,
        text=True,
    )


def test_missing_secret_key_outside_debug_is_a_clear_start_up_error():
    result = run_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key():
    assert run_settings(DEBUG="1").stdout.strip() == "True"


def test_a_long_random_secret_key_is_enough():
    result = run_settings(SECRET_KEY=get_random_secret_key())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "weak_key",
    [
        pytest.param(get_random_secret_key()[:49], id="49 characters"),
        pytest.param("x" * 50, id="one character repeated"),
        pytest.param("abcd" * 20, id="four different characters"),
        pytest.param("django-insecure-" + get_random_secret_key(), id="Django's insecure prefix"),
    ],
)
def test_a_weak_secret_key_refuses_to_start(weak_key):
    result = run_settings(SECRET_KEY=weak_key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
    assert "at least 50 characters, at least 5 different characters" in result.stderr


def test_debug_accepts_a_short_development_key():
    assert run_settings(DEBUG="1", SECRET_KEY="kort").stdout.strip() == "True"


def test_swedish_and_stockholm_are_the_defaults(settings):
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert [code for code, _ in settings.LANGUAGES] == ["sv", "en"]
