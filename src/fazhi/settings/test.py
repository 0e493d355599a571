"""Test settings: SQLite in memory unless DATABASE_URL is set, fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("FAZHI_FIELD_KEY", "ffeeddccbbaa99887766554433221100")
os.environ.setdefault("FAZHI_INDEX_KEY", "test-index-key")
os.environ.setdefault("FAZHI_DEMO_MODE", "true")
os.environ.setdefault("FAZHI_SITE_REGION_NAME", "荣成市")
os.environ.setdefault("FAZHI_SITE_OPERATOR", "荣成市司法局")

from fazhi.settings.base import *  # noqa: F403
from fazhi.settings.base import PASSWORD_HASHERS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
IMPORT_UPLOAD_DIR = VAR_DIR / "test-imports"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
