"""Settings for the test suite: the production settings with test-only defaults."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client speaks plain HTTP; the deploy check test runs the production settings in a subprocess.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from catalogue.settings import *  # noqa: F403
from catalogue.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# django-axes refuses authenticate() calls without a request; the test client's login() makes such
# calls. This backend lets those through and keeps the lockout for every login over HTTP.
AUTHENTICATION_BACKENDS = ["tests.axes_backend.RequestOptionalAxesBackend", "django.contrib.auth.backends.ModelBackend"]
# Books render synchronously in the test process; one test covers the isolated child process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
BOOK_RENDER_ISOLATED = False

# Each test sees its own requests rendered; tests/services/test_public_cache.py turns the response cache on, and
# the servers of tests/services/test_shared_cache.py set it in their environment.
if not os.environ.get("CATALOGUE_PUBLIC_CACHE_SECONDS"):
    CATALOGUE_PUBLIC_CACHE_SECONDS = 0

# On SQLite the test database is a file, not Django's default shared in-memory database. With an in-memory
# database the live server's request threads and the test share one connection, and the catalogue's Python
# SQL functions (catalogue_fold, unaccent) called on it from two threads could deadlock the run (seen at
# 95-98% of `dev.py test`, a request thread waiting on SQLite's mutex while the rest waited for the GIL).
# A file gives every thread its own connection; pytest-django appends the xdist worker to the name.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile
    from pathlib import Path

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"catalogue-test-{os.getpid()}.sqlite3")
    }
    # Durability is worthless for a database dropped at the end of the run; waiting for a writer is not.
    DATABASES["default"].setdefault("OPTIONS", {}).update(  # noqa: F405
        {"timeout": 30, "init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY"}
    )
