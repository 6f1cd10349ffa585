"""Production settings, as `config/settings.py` makes them from the environment with DEBUG off:
`check --deploy` finds nothing, and every response carries the security headers and cookies
(README "Production"). The values are read from a fresh interpreter with a production
environment, then applied here, so that the tests check the settings module itself."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key
from django.urls import reverse

from tests.factories import build_promise
from tests.two_factor import login

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "ALLOWED_HOSTS": "testserver,medborgarloften.example",
    "EMAIL_HOST": "smtp.example",
}
SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
]


def production_environment(**extra):
    environment = {
        key: value
        for key, value in os.environ.items()
        # The browser tests' conftest allows the ORM in Playwright's event loop; no deployment
        # does (check --deploy says so).
        if key not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        PRODUCTION_ENV,
        SECRET_KEY=get_random_secret_key(),
        DJANGO_SETTINGS_MODULE="config.settings",
        **extra,
    )
    return environment


def read_production_settings(**extra):
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=production_environment(**extra),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    values = json.loads(result.stdout)
    if values["SECURE_PROXY_SSL_HEADER"] is not None:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture(scope="module")
def production_values():
    return read_production_settings()


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        setattr(settings, name, value)
    settings.DEBUG = False
    return production_values


def test_check_deploy_finds_nothing_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        env=production_environment(),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_defaults(production_values):
    assert production_values["SECURE_SSL_REDIRECT"] is True
    assert production_values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert production_values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production_values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert production_values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_the_proxy_header_is_named_by_the_environment():
    assert read_production_settings(SECURE_PROXY_SSL_HEADER="X-Forwarded-Scheme")[
        "SECURE_PROXY_SSL_HEADER"
    ] == ("HTTP_X_FORWARDED_SCHEME", "https")
    # Empty: the portal is reachable without a proxy, so no header is believed.
    assert read_production_settings(SECURE_PROXY_SSL_HEADER="")["SECURE_PROXY_SSL_HEADER"] is None


EXPECTED_CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}


def policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def assert_security_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


@pytest.mark.django_db
def test_public_pages_carry_every_header(client, production):
    promise = build_promise()
    for url in ("/", promise.get_absolute_url(), reverse("opendata:index"), "/finns-inte/"):
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), url
        assert_security_headers(response)
        assert policy(response) == EXPECTED_CSP, url
        for value in policy(response).values():
            assert "unsafe" not in value and "nonce" not in value


def assert_admin_policy(response):
    """The admin's templates put Django's nonce on their own <script> and <style> elements: the
    policy names that nonce, the page's own, beside 'self', and nothing else differs."""
    nonce = str(response.context["csp_nonce"])
    assert policy(response) == {
        **EXPECTED_CSP,
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": f"'self' 'nonce-{nonce}'",
    }
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_admin_carries_every_header(client, editor, production):
    response = client.get(reverse("admin:login"), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert_admin_policy(response)

    client.force_login(editor)
    response = client.get(reverse("admin:loften_citizenpromise_changelist"), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert_admin_policy(response)


@pytest.mark.django_db
def test_the_api_documentation_alone_may_show_data_images(client, production):
    response = client.get(reverse("opendata:docs"), secure=True)
    assert response.status_code == 200
    assert policy(response) == {**EXPECTED_CSP, "img-src": "'self' data:"}
    assert "<script>" not in response.text and "<style>" not in response.text
    script = client.get(reverse("opendata:docs") + "?script=", secure=True)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.text


@pytest.mark.django_db
def test_plain_http_is_redirected_unless_the_proxy_says_https(client, production):
    response = client.get("/", secure=False)
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"

    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_cookies_are_secure_http_only_same_site_and_host_only(client, editor, production):
    response = client.get(reverse("admin:login"), secure=True)
    csrf = response.cookies["__Host-csrftoken"]
    token = csrf.value
    response = login(client, editor.username, secure=True, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        # The __Host- prefix: path /, no Domain attribute (browsers refuse it otherwise).
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=\s*[\"']")


def test_no_template_has_an_inline_script_style_or_event_handler():
    """The policy refuses them; the browser test finds them on the pages it visits, this finds
    them in every template of the project (a data block `type="application/json"` is allowed)."""
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")) + sorted(
        ROOT.glob("*/templates/**/*.html")
    ):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            for match in INLINE.finditer(line):
                if "application/json" not in match.group(0):
                    found.append(f"{template.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert not found, "\n".join(found)
