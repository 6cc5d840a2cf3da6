"""The catalogue version: one number that every write to catalogue data advances, and caches keyed by it.

Every model of the ``municipalities`` and ``services`` apps (not their history tables) advances the
version when a row is saved or deleted, whichever path wrote it: the operations layer, the admin, the
importer, ``loaddata`` or a shell. Bulk writes that bypass model signals (``bulk_create``) call
:func:`advance` themselves. The version row is updated inside the writing transaction, so readers see
the new number exactly when they can see the new data, and a rolled-back write leaves it as it was.

The number is read from the database on every public request (one primary-key lookup), never from a
local cache: a change published through one web server is served by every other on its next request.
"""

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

VERSIONED_APPS = ("municipalities", "services")
T = TypeVar("T")


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime

    @property
    def token(self) -> str:
        """Names this state of the catalogue in cache keys: the number and the moment it was reached.

        With the moment in it, a database restored from a backup (or a test's rolled-back transaction)
        never meets entries cached for different data under the same number.
        """
        return f"{self.number}-{int(self.changed_at.timestamp() * 1_000_000)}"


# The version a read-only request started with (services.public_cache opens the scope): read from the
# database at the first use, then every cache lookup of that request uses the one number.
_request_version: ContextVar[list[Version | None] | None] = ContextVar("catalogue_version", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    token = _request_version.set([None])
    try:
        yield
    finally:
        _request_version.reset(token)


def current() -> Version:
    """The catalogue's version now (created on first use); within a request scope, read once."""
    scope = _request_version.get()
    if scope is None:
        return _read()
    version = scope[0]
    if version is None:
        version = scope[0] = _read()
    return version


def _read() -> Version:
    from services.models import CatalogueVersion

    row = CatalogueVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    if row is None:
        created, _ = CatalogueVersion.objects.get_or_create(pk=1, defaults={"changed_at": timezone.now()})
        return Version(created.number, created.changed_at)
    return Version(*row)


def advance() -> None:
    """Advance the version: the catalogue's data changed (call after writes that send no signals)."""
    from services.models import CatalogueVersion

    now = timezone.now()
    if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now):
        CatalogueVersion.objects.get_or_create(pk=1, defaults={"changed_at": now, "number": 2})


def cached(name: str, key: Any, compute: Callable[[], T]) -> T:
    """``compute()``, remembered in the cache until the catalogue changes (keyed by the version)."""
    token = current().token
    digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
    cache_key = f"catalogue:{token}:{name}:{digest}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value)
    return value


# Values worth keeping in each process's memory rather than a shared cache (large, cheap to keep, dear
# to move): the current version's only, and the few last keys of each name.
_in_process: dict[tuple[str, str], dict[str, Any]] = {}
IN_PROCESS_KEYS = 8
_MISSING = object()


def kept_in_process(name: str, key: Any, compute: Callable[[], T]) -> T:
    """``compute()``, kept in this process's memory until the catalogue changes (keyed by the version and
    the database, so a test database or a restored backup never meets another state's value).

    For structures every request needs and no request should pay for: built by the first request after
    a change, then shared by the process's threads. Not a cache of answers: each web server builds its
    own from the same database, so they all agree on the next request after a change.
    """
    from django.db import connection

    slot = (name, f"{connection.alias}:{connection.settings_dict['NAME']}")
    token = current().token
    entries = _in_process.get(slot)
    if entries is None or entries.get("") != token:
        entries = _in_process[slot] = {"": token}
    marker = repr(key)
    if (value := entries.get(marker, _MISSING)) is _MISSING:
        value = compute()
        if len(entries) > IN_PROCESS_KEYS:  # the version's token and IN_PROCESS_KEYS values: drop the oldest
            entries.pop(next(iter(list(entries)[1:])), None)
        entries[marker] = value
    return value


def _changed(**kwargs: Any) -> None:
    advance()


def versioned_models() -> list[type[models.Model]]:
    from services.models import CatalogueVersion

    found = []
    for label in VERSIONED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model is CatalogueVersion or model.__name__.startswith("Historical"):
                continue
            found.append(model)
    return found


def connect() -> None:
    for model in versioned_models():
        uid = f"catalogue-version:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}:delete")
