"""Settings shared by every environment. Production differs only through environment variables."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from fazhi.settings.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("FAZHI_VAR_DIR", str(REPO_DIR / "var")))
NODE_MODULES_DIR = Path(env_str("FAZHI_NODE_MODULES", str(REPO_DIR / "node_modules")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
DEMO_MODE = env_bool("FAZHI_DEMO_MODE", False)
# Who runs this deployment, shown on the login page and in the footer (e.g. 荣成市 / 荣成市司法局).
SITE_REGION_NAME = env_str("FAZHI_SITE_REGION_NAME", "")
SITE_OPERATOR = env_str("FAZHI_SITE_OPERATOR", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "ninja",
    "fazhi.core",
    "fazhi.legality",
    "fazhi.proofs",
    # Before inspections: its demo draws inspectors from the officer register.
    "fazhi.enforcement",
    "fazhi.inspections",
    "fazhi.rules",
    "fazhi.decisions",
    "fazhi.contracts",
    "fazhi.reports",
    "fazhi.publicity",
    "fazhi.legalservice",
    "fazhi.corrections",
    "fazhi.scale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fazhi.core.requestcontext.RequestContextMiddleware",
    "fazhi.core.sessions.SessionLifetimeMiddleware",
    "fazhi.core.sessions.LoginRequiredExceptApiMiddleware",
    "fazhi.core.sessions.PasswordChangeRequiredMiddleware",
    "fazhi.core.sessions.MfaEnrolmentRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.menus.menu_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a plan in ~5 ms: it pays off only for analytic scans of millions
    # of rows, which the figure rollups keep off the request path (ADR 0013). Pages' queries take
    # a few ms, so JIT is off for the application's connections.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

LANGUAGE_CODE = "zh-hans"
# Only Chinese: a browser asking for English must not get Django's English strings.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages come from npm (package-lock.json) and are served from this host: no CDN.
STATICFILES_DIRS = [
    ("vendor/tabler", NODE_MODULES_DIR / "@tabler" / "core" / "dist"),
    ("vendor/htmx", NODE_MODULES_DIR / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES_DIR / "echarts" / "dist"),
    ("vendor/tabler-icons", NODE_MODULES_DIR / "@tabler" / "icons-webfont" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("FAZHI_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# 等保 level 3 / ASVS session rules (performance-and-security.md §B7 S2, S3).
SESSION_COOKIE_AGE = env_int("FAZHI_SESSION_IDLE_MINUTES", 30, minimum=10, maximum=60) * 60
# The idle timeout is kept by core.sessions.SessionLifetimeMiddleware, which saves a logged-in
# session at most once a minute instead of on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env_int("FAZHI_SESSION_ABSOLUTE_HOURS", 12, minimum=1, maximum=12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# S1: account lockout.
LOGIN_FAILURE_LIMIT = env_int("FAZHI_LOGIN_FAILURE_LIMIT", 5, minimum=3, maximum=10)
LOGIN_LOCKOUT_MINUTES = env_int("FAZHI_LOGIN_LOCKOUT_MINUTES", 30, minimum=10, maximum=60)
# S4: password policy.
PASSWORD_MAX_AGE_DAYS = env_int("FAZHI_PASSWORD_MAX_AGE_DAYS", 90, minimum=0)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "fazhi.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("FAZHI_PASSWORD_MIN_LENGTH", 8, minimum=8)},
    },
    {"NAME": "fazhi.core.passwords.CharacterClassValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "fazhi.core.passwords.CommonChinesePasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# S4: a new password may not be any of the last N (GB/T 22239-2019 8.1.4.1a; 测评 asks 5).
PASSWORD_HISTORY = env_int("FAZHI_PASSWORD_HISTORY", 5, minimum=5, maximum=24)
# S5: roles whose holders must log in with a TOTP code as well (GB/T 22239-2019 8.1.4.1d).
# Values of core.roles.Role, verified by a system check (core.checks). Others may enrol too.
MFA_REQUIRED_ROLES = env_list(
    "FAZHI_MFA_REQUIRED_ROLES", ["system_admin", "security_admin", "audit_admin"]
)

# S12: audit retention (网络安全法 art. 21(3): network logs kept at least six months).
AUDIT_RETENTION_DAYS = env_int("FAZHI_AUDIT_RETENTION_DAYS", 180, minimum=180)

# Sensitive personal fields: encryption at rest and the keyed hash for exact search.
FIELD_CIPHER = env_str("FAZHI_FIELD_CIPHER", "sm4")
FIELD_ENCRYPTION_KEY = env_str("FAZHI_FIELD_KEY", "")
FIELD_INDEX_KEY = env_str("FAZHI_INDEX_KEY", "")

# Attachments.
ATTACHMENT_MAX_BYTES = env_int("FAZHI_ATTACHMENT_MAX_MB", 20, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Excel imports (core.imports): uploads wait here between the preview and the import; kept
# outside MEDIA_ROOT so they are never served, and deleted after the import or 24 hours.
IMPORT_MAX_ROWS = env_int("FAZHI_IMPORT_MAX_ROWS", 50_000, minimum=100)
IMPORT_MAX_BYTES = env_int("FAZHI_IMPORT_MAX_MB", 20, minimum=1) * 1024 * 1024
IMPORT_UPLOAD_DIR = Path(env_str("FAZHI_IMPORT_DIR", str(VAR_DIR / "imports")))

# List exports (core.listing, core.exports). Above the rule parameter core.export_background_rows
# filtered rows an export runs as a background job; its file waits here for its user (outside
# MEDIA_ROOT, so never served directly) until the retention parameter runs out.
EXPORT_DIR = Path(env_str("FAZHI_EXPORT_DIR", str(VAR_DIR / "exports")))
# Excel's limit is 1,048,576 rows a sheet, one of which is the header row.
EXPORT_SHEET_MAX_ROWS = 1_048_575
EXPORT_CHUNK_ROWS = env_int("FAZHI_EXPORT_CHUNK_ROWS", 2000, minimum=100, maximum=50_000)
# A running job that has not reported progress for this long was interrupted (a restart).
EXPORT_STALE_MINUTES = env_int("FAZHI_EXPORT_STALE_MINUTES", 15, minimum=5)

API_TOKEN_HOURS = env_int("FAZHI_API_TOKEN_HOURS", 12, minimum=1, maximum=12)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-vcenter card-table table-striped"}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# How background exports run (ADR 0012): "thread" in the web process after the commit (the
# embedded default, where Celery is eager and would block the request), "celery" on a worker.
EXPORT_JOB_RUNNER = env_str(
    "FAZHI_EXPORT_JOB_RUNNER", "thread" if CELERY_TASK_ALWAYS_EAGER else "celery"
)
if EXPORT_JOB_RUNNER not in ("thread", "celery"):
    raise ImproperlyConfigured(
        f"FAZHI_EXPORT_JOB_RUNNER must be thread or celery, not {EXPORT_JOB_RUNNER!r}."
    )
# With a worker and beat (scale-out), daily jobs run here; the embedded default runs them from
# cron through the management commands of the same names (README "定时任务").
CELERY_BEAT_SCHEDULE = {
    "rules.documents_expire": {"task": "rules.documents_expire", "schedule": 24 * 60 * 60},
    "proofs.verifications_retry": {"task": "proofs.verifications_retry", "schedule": 60},
    "proofs.assisted_escalate": {"task": "proofs.assisted_escalate", "schedule": 24 * 60 * 60},
    "enforcement.certificates_expire": {
        "task": "enforcement.certificates_expire",
        "schedule": 24 * 60 * 60,
    },
    "enforcement.papers_close_overdue": {
        "task": "enforcement.papers_close_overdue",
        "schedule": 5 * 60,
    },
    "enforcement.supervision_deadlines": {
        "task": "enforcement.supervision_deadlines",
        "schedule": 24 * 60 * 60,
    },
    "corrections.daily_supervision": {
        "task": "corrections.daily_supervision",
        "schedule": 24 * 60 * 60,
    },
    "core.exports_purge": {"task": "core.exports_purge", "schedule": 60 * 60},
    # The rolled-up figures of the annual report (ADR 0013), at 02:00 when the offices are shut.
    "core.figures_refresh": {"task": "core.figures_refresh", "schedule": crontab(hour=2, minute=0)},
}

# Data sources that verify proofs: functions registering proofs.sources.base.DataSource objects.
# The demo sources answer from demo data; a deployment lists its 政务数据平台 adapters instead.
PROOFS_DATA_SOURCE_REGISTRARS = env_list(
    "FAZHI_PROOFS_DATA_SOURCES", ["fazhi.proofs.sources.demo.register_demo_sources"]
)
# The demo sources really wait their simulated latency (off in tests and when building demo data).
PROOFS_DEMO_SOURCE_SLEEP = env_bool("FAZHI_PROOFS_DEMO_SOURCE_SLEEP", True)

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
