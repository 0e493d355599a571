"""Embedded default for a laptop or one intranet box: SQLite under var/, DEBUG on, demo mode."""

import os

os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("FAZHI_DEMO_MODE", "true")
os.environ.setdefault("FAZHI_SITE_REGION_NAME", "荣成市")
os.environ.setdefault("FAZHI_SITE_OPERATOR", "荣成市司法局")
# Development keys only; production must set its own (see README, "Configuration").
os.environ.setdefault("FAZHI_FIELD_KEY", "00112233445566778899aabbccddeeff")
os.environ.setdefault("FAZHI_INDEX_KEY", "local-index-key-not-secret")

from fazhi.settings.base import *  # noqa: F403
