import os
import subprocess
import sys


def run_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
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


def test_secret_key_from_the_environment_is_enough():
    assert run_settings(SECRET_KEY="x" * 50).stdout.strip() == "False"


def test_swedish_and_stockholm_are_the_defaults(settings):
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert [code for code, _ in settings.LANGUAGES] == ["sv", "en"]
