"""Settings for the bench only: the real settings plus a bare Django view (bench.urls)."""

from catalogue.settings import *  # noqa: F403
from catalogue.settings import STORAGES

ROOT_URLCONF = "bench.urls"
# No collectstatic for a bench run: plain static storage instead of the manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
