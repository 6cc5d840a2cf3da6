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

# Each test sees its own requests rendered; tests/test_public_cache.py turns the response cache on, and
# the servers of tests/test_shared_cache.py set it in their environment.
if not os.environ.get("CATALOGUE_PUBLIC_CACHE_SECONDS"):
    CATALOGUE_PUBLIC_CACHE_SECONDS = 0
