"""Production: everything from the environment; nothing insecure by default.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, FAZHI_FIELD_KEY, FAZHI_INDEX_KEY.
"""

from django.core.exceptions import ImproperlyConfigured

from fazhi.settings.base import *  # noqa: F403
from fazhi.settings.base import FIELD_ENCRYPTION_KEY, FIELD_INDEX_KEY
from fazhi.settings.env import env_bool, env_int

if not FIELD_ENCRYPTION_KEY or not FIELD_INDEX_KEY:
    raise ImproperlyConfigured("FAZHI_FIELD_KEY and FAZHI_INDEX_KEY are required in production.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
