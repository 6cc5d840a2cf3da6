"""Published editions are frozen: their products, texts, tiers, laws and uptake no longer change.

The rule is checked by the models' ``clean()`` (so every admin form and every operation that calls
``full_clean()`` refuses the write with a clear message) and by the operations modules before they write.
Only the importer may rewrite a published edition: the source book *is* that edition.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.models import Edition

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


def frozen_message(edition: "Edition") -> str:
    return (
        f"De editie {edition.year} is gepubliceerd en daarmee bevroren: producten, teksten, schillen, "
        "wetten en afname in deze editie kunnen niet meer worden gewijzigd. Start een nieuwe editie om verder te werken."
    )


def edition_frozen_error(edition: "Edition | None") -> str | None:
    """The message refusing a write to ``edition``, or None when it may be written to."""
    if edition is None or writes_allowed() or edition.state != "gepubliceerd":
        return None
    return frozen_message(edition)
