"""Published editions are frozen: their products, texts, tiers, laws and uptake no longer change.

The rule is ``Edition.frozen_error()``, checked by the models' ``clean()`` (so every admin form and every
operation that calls ``full_clean()`` refuses the write with a clear message) and by the operations modules
before they write. This module holds the one exception: only the importer may rewrite a published
edition, because the source book *is* that edition.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_writable: ContextVar[bool] = ContextVar("frozen_editions_writable", default=False)


@contextmanager
def frozen_editions_writable() -> Iterator[None]:
    """Let the code inside write to published editions (the importer re-reading its book)."""
    token = _writable.set(True)
    try:
        yield
    finally:
        _writable.reset(token)


def writes_allowed() -> bool:
    return _writable.get()
