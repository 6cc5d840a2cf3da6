"""Gunicorn configuration for production: `gunicorn -c gunicorn.conf.py` (the WSGI app is set below).

Every value can be changed from the environment without editing this file. The PDF books are rendered by
the book worker (`catalogus db_worker`), never here, so requests are short and the timeout can be too.
"""

import gc
import os


def cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "catalogue.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are rendered on the CPU and the database answers in milliseconds.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * cores() + 1))
# Seconds: a request still running after `timeout` is killed; `graceful_timeout` is what a restart waits.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Replace a worker after this many requests (with jitter, so they do not all restart at once).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
# Load Django once in the master and fork the workers from it: they share its memory (see when_ready).
preload_app = True
# The heartbeat file on tmpfs: a container's overlay filesystem can stall it into false timeouts.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The TLS-terminating proxy in front; only its X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
if os.environ.get("DJANGO_LOG_FORMAT") == "json":
    # Gunicorn's own lines as JSON too, in the same shape as the application's (catalogue/settings.py).
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


def when_ready(server) -> None:
    """After start-up, before the first fork: move everything Django loaded out of the collector's reach.

    Frozen objects are never scanned by the workers' garbage collector, so it does not write to (and
    copy) the memory pages they share with the master.
    """
    gc.freeze()
    server.log.info("gc.freeze(): %d objects shared with the workers", gc.get_freeze_count())
