"""Bounds on the work anonymous visitors can cause: the per-client rate of new renders.

Counted in Django's cache (shared by every web server when ``CATALOGUE_CACHE_URL`` is Redis; per worker
process with the local-memory cache, which then bounds each process on its own). The client is the address
the login lockout uses (catalogue.proxies), so a forged X-Forwarded-For cannot spread or shift the count.
"""

from django.conf import settings
from django.core.cache import cache


class BookLimitReached(Exception):
    """A book request may not queue another render now; ``retry_after`` is in seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BookQueueFull(BookLimitReached):
    """Too many renders are waiting or running for everyone."""


class BookRateLimited(BookLimitReached):
    """This client queued too many renders in the current window."""


def count_new_render(client: str) -> None:
    """Count one new render for ``client``; raise :class:`BookRateLimited` once over the limit.

    A fixed window per client: the first render opens it (``cache.add``), later ones increment it.
    """
    window = settings.BOOK_RATE_WINDOW
    key = f"book-rate:{client}"
    if cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.add(key, 1, timeout=window)
            count = 1
    if count > settings.BOOK_RATE_LIMIT:
        raise BookRateLimited(
            f"U heeft in korte tijd veel boeken laten maken (meer dan {settings.BOOK_RATE_LIMIT} in "
            f"{window} seconden). Probeer het later opnieuw.",
            retry_after=window,
        )
