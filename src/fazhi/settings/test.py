"""Test settings: SQLite in memory unless DATABASE_URL is set, fast password hashing."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("FAZHI_FIELD_KEY", "ffeeddccbbaa99887766554433221100")
os.environ.setdefault("FAZHI_INDEX_KEY", "test-index-key")
os.environ.setdefault("FAZHI_DEMO_MODE", "true")
os.environ.setdefault("FAZHI_SITE_REGION_NAME", "荣成市")
os.environ.setdefault("FAZHI_SITE_OPERATOR", "荣成市司法局")

from pathlib import Path

from fazhi.settings.base import *  # noqa: F403
from fazhi.settings.base import PASSWORD_HASHERS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
# Per run, so that two runs at once (CI runs SQLite and PostgreSQL side by side) never share files.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="fazhi-test-media-"))
IMPORT_UPLOAD_DIR = Path(tempfile.mkdtemp(prefix="fazhi-test-imports-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PROOFS_DEMO_SOURCE_SLEEP = False
EXPORT_DIR = Path(tempfile.mkdtemp(prefix="fazhi-test-exports-"))
# A background export runs in the commit callback itself: tests see its result at once.
EXPORT_JOB_RUNNER = "inline"
