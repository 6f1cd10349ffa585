"""Settings for the Medborgarlöften portal.

One module for every environment; what differs between them comes from environment variables
(see README, "Configuration"). The embedded default is SQLite with console e-mail.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (or DEBUG=1 for local development, which uses a throw-away key)."
        )
    # Only with DEBUG on: outside it the portal refuses to start without a real key.
    SECRET_KEY = "insecure-development-key-only-for-debug"  # nosec B105
elif not DEBUG and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    # Django's own thresholds (`check --deploy`, security.W009), enforced at start-up: a warning
    # that nobody runs would let a guessable key sign sessions, CSRF tokens and password resets.
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak: it needs at least {SECRET_KEY_MIN_LENGTH} characters, at least "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters and must not start with "
        f"'{SECRET_KEY_INSECURE_PREFIX}'. Generate one with: python -c \"from "
        "django.core.management.utils import get_random_secret_key; "
        'print(get_random_secret_key())"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.apps.PortalAdminConfig",  # django.contrib.admin with two-factor sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # the templates of /sitemap.xml (portal/sitemaps.py)
    "django.contrib.postgres",  # the search's SearchVectorField (harmless on SQLite)
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # backup codes
    "axes",
    # Django REST framework is used but deliberately not installed as an app: its Swedish catalogue
    # would replace Django's own form messages ("Detta fält måste fyllas i.") everywhere. The
    # API needs none of its templates, and says its few own messages in Swedish itself
    # (portal/opendata/api.py).
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own static files (no CDN)
    "municipalities",
    "loften",
    "followup",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.AdminNoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After every header above, before the session: it answers anonymous requests for public
    # pages from the cache, and stores what the cached views draw (portal/cache.py).
    "portal.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: it logs out an idle user and says why on the login page.
    "config.middleware.IdleTimeoutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # The admin's few inline <style> and <script> elements carry the CSP nonce.
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite file by default; PostgreSQL (production, CI) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DB_PREPARED_STATEMENTS", default=True
):
    # Prepared statements (psycopg 3, server-side binding): a statement that a connection has
    # run five times is prepared, and PostgreSQL no longer parses it, nor plans it again where
    # a plan for any parameters serves. The heavy public pages answer about a fifth more
    # requests a second on a cache miss (README "`make bench`"). Django leaves them off for the
    # sake of poolers: one in transaction mode that cannot keep them needs
    # DB_PREPARED_STATEMENTS=0 (DEPLOYMENT.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Stored PDFs (loften/pdf/store.py) and attachments (loften/attachments.py): files under
    # MEDIA_ROOT, or object storage for several app servers (MEDIA_STORAGE=s3, DEPLOYMENT.md).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# collectstatic keeps only the hashed names (the templates ask for those) and does not compress
# source maps, which only a developer's browser fetches: a third of the time and the space.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    # django-storages' S3 backend (any S3-compatible object storage). The credentials are boto3's
    # own: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("MEDIA_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            # Files are read by the portal and served by its views, never linked to directly.
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET, the bucket's name.")
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(
        f"MEDIA_STORAGE is {MEDIA_STORAGE!r}; it can be 'filesystem' (the default) or 's3'."
    )

# The cache: public pages and PDFs (portal/cache.py), rate limits, throttles. Shared by every app
# server when REDIS_URL is set; otherwise each process keeps its own, up to PAGE_CACHE_ENTRIES
# entries (the pages of some hundred kommuner, a few tens of MB).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "1000"))},
        }
    )
}
# Each process's copies of the entries it has used, checked against the shared counters on each
# hit (portal/cache.py, "Copies"): up to this many MB of pages per process.
PAGE_CACHE_COPIES_MB = int(os.environ.get("PAGE_CACHE_COPIES_MB", "64"))

# E-mail (Django 6.1 MAILERS): console in development and the demo, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "medborgarloften@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# History records who made a change; the admin stores the request's user.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# History is read, never "reverted": a revert would bypass the life-cycle services.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Follow-up reports are due this many days after their period (half-year, tertial …) ends.
FOLLOWUP_DUE_DAYS = int(os.environ.get("FOLLOWUP_DUE_DAYS", "60"))
# Largest spreadsheet the follow-up import accepts (a follow-up's CSV is a few kilobytes).
FOLLOWUP_IMPORT_MAX_BYTES = int(os.environ.get("FOLLOWUP_IMPORT_MAX_BYTES", 1024 * 1024))
# The portal's address, for links in e-mail sent outside a request (followup_reminders).
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Headers and cookies (README "Production"; tests/test_security_headers.py) ------------------
# Outside DEBUG the portal is served over HTTPS only: plain HTTP is redirected, browsers are told
# to use HTTPS for a year (HSTS), and the cookies are Secure with the `__Host-` prefix (sent only
# over HTTPS, only to this very host, for the whole site). `manage.py check --deploy` has nothing
# to report with these defaults.
SECURE_COOKIES = not DEBUG and env_bool("SECURE_COOKIES", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # the forms carry the token; no script reads the cookie
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = not DEBUG and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The header by which the TLS-terminating reverse proxy says a request came over HTTPS, e.g.
# `X-Forwarded-Proto`. The proxy must set it on every request (and drop a client's own); set it
# empty when clients can reach the portal without passing the proxy.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "" if DEBUG else "X-Forwarded-Proto")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
del _proxy_ssl_header

# Content Security Policy (Django's own, django.middleware.csp): everything from the portal itself,
# nothing inline, nothing from elsewhere, never framed. The nonce is in the header only when a page
# used it (the admin's few inline elements); the public pages use none. The one page that needs
# more is the API's documentation (portal/opendata/urls.py, `API_DOCS_CSP`).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# No page uses the browser's sensors, camera, payment or the like (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "browsing-topics",
    )
}

# --- Signing in to the admin ---------------------------------------------------------------------
# Failed logins are counted by django-axes (README "Signing in"). A username from one address is
# locked out for AXES_COOLOFF_MINUTES after AXES_FAILURE_LIMIT failures; config/lockout.py adds a
# limit for an address across usernames and a doubling delay for a username from any address. A
# national administrator can lift a lockout early under "Axes" in the admin.
AUTHENTICATION_BACKENDS = [
    "config.auth_backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "config.lockout.PortalLockoutHandler"
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A refused attempt checked no password: it neither counts nor prolongs a lock (config/lockout.py).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "10"))
LOGIN_USERNAME_FAILURE_LIMIT = int(os.environ.get("LOGIN_USERNAME_FAILURE_LIMIT", "10"))
LOGIN_USERNAME_DELAY_SECONDS = int(os.environ.get("LOGIN_USERNAME_DELAY_SECONDS", "30"))
LOGIN_USERNAME_MAX_DELAY_SECONDS = int(os.environ.get("LOGIN_USERNAME_MAX_DELAY_SECONDS", "300"))

# The client's address (config/client_address.py, for axes and anything else that needs it):
# REMOTE_ADDR, or with this many reverse proxies in front of the portal the address they
# recorded in X-Forwarded-For. Set it only when every request passes through those proxies.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_ip"

# Two-factor sign-in (TOTP) for the admin: required in production, off in DEBUG and the demo.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Medborgarlöften"
# An authenticator app is set up only through a one-time link e-mailed to the user's address
# (config/two_factor.py): it works once, for this many hours, and a new one can be asked for at
# most once per TWO_FACTOR_LINK_RESEND_MINUTES.
TWO_FACTOR_LINK_MAX_AGE_HOURS = int(os.environ.get("TWO_FACTOR_LINK_MAX_AGE_HOURS", "24"))
TWO_FACTOR_LINK_RESEND_MINUTES = int(os.environ.get("TWO_FACTOR_LINK_RESEND_MINUTES", "5"))
# Invitations (municipalities/invitations.py): a link works once, for this many days; one
# inviter sends at most INVITATION_RATE_LIMIT_PER_HOUR invitations (new or sent again) an hour.
INVITATION_MAX_AGE_DAYS = int(os.environ.get("INVITATION_MAX_AGE_DAYS", "7"))
INVITATION_RATE_LIMIT_PER_HOUR = int(os.environ.get("INVITATION_RATE_LIMIT_PER_HOUR", "20"))
# Keys and backup codes are shown to their owner once, never in the admin (not even to a national
# administrator, who could otherwise sign in as anyone whose password they learn).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The session key changes at login (Django) and again after the one-time code (config/admin.py);
# admin responses carry Cache-Control: no-store (config/middleware.py).
# A sign-in lasts SESSION_COOKIE_AGE from the login at most, and ends sooner after
# ADMIN_IDLE_TIMEOUT_MINUTES without a request (config/middleware.py, IdleTimeoutMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 10)))
ADMIN_IDLE_TIMEOUT_MINUTES = int(os.environ.get("ADMIN_IDLE_TIMEOUT_MINUTES", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Where citizens report accessibility problems and ask for other formats.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# --- PDF documents (loften/pdf/, loften/signing.py; README "PDF documents") ---
# PAdES signing certificate and key as PKCS#12, and the PEM roots that verification trusts.
# With DEBUG on and nothing configured, the demo certificate of `manage.py
# create_demo_certificate` (var/certs/, made by `make run`) is used when it exists.
PDF_SIGNING_PKCS12_PATH = os.environ.get("PDF_SIGNING_PKCS12_PATH", "")
PDF_SIGNING_PKCS12_PASSPHRASE = os.environ.get("PDF_SIGNING_PKCS12_PASSPHRASE", "")
PDF_SIGNING_TRUST_ROOTS = os.environ.get("PDF_SIGNING_TRUST_ROOTS", "")
PDF_DEMO_CERTIFICATE_DIR = BASE_DIR / "var" / "certs"
# The demo certificate is used only with DEBUG on (below); its passphrase is no secret.
PDF_DEMO_CERTIFICATE_PASSPHRASE = "demo-2026"  # nosec B105
if DEBUG and not PDF_SIGNING_PKCS12_PATH and (PDF_DEMO_CERTIFICATE_DIR / "signering.p12").exists():
    PDF_SIGNING_PKCS12_PATH = str(PDF_DEMO_CERTIFICATE_DIR / "signering.p12")
    PDF_SIGNING_PKCS12_PASSPHRASE = PDF_DEMO_CERTIFICATE_PASSPHRASE
    PDF_SIGNING_TRUST_ROOTS = PDF_SIGNING_TRUST_ROOTS or str(PDF_DEMO_CERTIFICATE_DIR / "rot.pem")
# Largest PDF the public "Verifiera dokument" page accepts.
PDF_VERIFY_MAX_UPLOAD_BYTES = int(os.environ.get("PDF_VERIFY_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
# Largest attachment (bilaga: PDF, DOCX or ODT) a document may have (loften/attachments.py).
# Attachments are stored in MEDIA_ROOT, which is never served as such: they are downloaded
# through views that check who may see the document.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
# The largest file `import_medborgarlofte` reads (loften/importer); a larger one is refused
# before it is read.
IMPORT_MAX_FILE_BYTES = int(os.environ.get("IMPORT_MAX_FILE_BYTES", 20 * 1024 * 1024))

# --- E-mail alerts (portal/alerts/; README "E-mail alerts") ---
# A confirmation link works this many days. The subscribe form takes ALERTS_CLIENT_LIMIT requests
# per client address per ALERTS_CLIENT_WINDOW_MINUTES (then 429), and sends at most
# ALERTS_ADDRESS_LIMIT messages to one e-mail address per ALERTS_ADDRESS_WINDOW_HOURS (then it
# answers as always but sends nothing). The counters are in the default cache.
ALERTS_CONFIRM_MAX_AGE_DAYS = int(os.environ.get("ALERTS_CONFIRM_MAX_AGE_DAYS", "7"))
ALERTS_CLIENT_LIMIT = int(os.environ.get("ALERTS_CLIENT_LIMIT", "20"))
ALERTS_CLIENT_WINDOW_MINUTES = int(os.environ.get("ALERTS_CLIENT_WINDOW_MINUTES", "60"))
ALERTS_ADDRESS_LIMIT = int(os.environ.get("ALERTS_ADDRESS_LIMIT", "3"))
ALERTS_ADDRESS_WINDOW_HOURS = int(os.environ.get("ALERTS_ADDRESS_WINDOW_HOURS", "24"))
# --- Open data (portal/opendata/; README "Öppna data") ---
# The JSON API is anonymous and read-only: no authentication (so no session or CSRF), JSON only,
# and throttled per client address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
# Requests per client address to the API, e.g. "300/minute" (see portal/opendata/api.py).
OPEN_DATA_THROTTLE_RATE = os.environ.get("OPEN_DATA_THROTTLE_RATE", "300/minute")
# Who publishes the data, as the DCAT-AP-SE catalogue names it (dcterms:publisher).
OPEN_DATA_PUBLISHER = os.environ.get("OPEN_DATA_PUBLISHER", "Medborgarlöften")
# Its kind, from the ADMS publisher types: NationalAuthority, LocalAuthority, …
OPEN_DATA_PUBLISHER_TYPE = os.environ.get("OPEN_DATA_PUBLISHER_TYPE", "NationalAuthority")
SPECTACULAR_SETTINGS = {
    "TITLE": _("Medborgarlöften – öppna data"),
    "DESCRIPTION": _(
        "Publicerade medborgarlöften med löften och uppföljningar, samt kommuner, "
        "lokalpolisområden och fokusområden. Bara läsning, utan inloggning. Data är fria att "
        "använda: CC0 1.0."
    ),
    "VERSION": "1",
    "LICENSE": {
        "name": "CC0 1.0",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.opendata.api.allow_empty_query_values",
    ],
    # One name per vocabulary, however many fields use it.
    "ENUM_NAME_OVERRIDES": {
        "CommitmentStatusEnum": "followup.models.Status",
        "PartyEnum": "loften.models.parts.PartyRole",
        "DocumentStateEnum": "loften.lifecycle.State",
        "DocumentPartyKindEnum": "loften.models.structure.DocumentParty.Kind",
        "SourceKindEnum": "loften.models.parts.Source.Kind",
        "SectionKindEnum": "loften.models.structure.Section.Kind",
    },
}
