"""Writes for the PDF books: find the stored render of a book, or queue one.

The web process never runs WeasyPrint. A download request calls :func:`request_book`, which returns the
stored render for the current catalogue state or queues one (django-tasks, database backend: any number
of worker machines can share the queue); a worker renders it (books.rendering).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from books.models import BookRender
from books.selectors import BookSpec, book_fingerprint, layout_version
from books.tasks import render_book_task
from services import versioning

logger = logging.getLogger(__name__)

# A failed book is tried again on a later request after this long, not on every refresh.
RETRY_FAILED_AFTER = timedelta(minutes=5)


def request_book(spec: BookSpec) -> BookRender:
    """The render of ``spec`` for the catalogue as it is now: ready, or queued for a worker."""
    # Remembered per catalogue version (and print layout): a download of a current book reads two rows.
    fingerprint = versioning.cached(
        "book-fingerprint", f"{layout_version()}:{spec.key}", lambda: book_fingerprint(spec)
    )
    render = BookRender.objects.filter(key=spec.key, fingerprint=fingerprint).first()
    if render is None:
        try:
            with transaction.atomic():
                render = BookRender.objects.create(
                    key=spec.key, fingerprint=fingerprint, filename=spec.filename, **spec.as_render_fields()
                )
        except IntegrityError:
            # Another request queued the same book a moment ago.
            return BookRender.objects.get(key=spec.key, fingerprint=fingerprint)
        _enqueue(render)
    elif _needs_new_attempt(render):
        BookRender.objects.filter(pk=render.pk).update(
            state=BookRender.State.QUEUED, error="", updated_at=timezone.now()
        )
        _enqueue(render)
    render.refresh_from_db()
    return render


def _needs_new_attempt(render: BookRender) -> bool:
    now = timezone.now()
    if render.state == BookRender.State.READY:
        return not render.file or not render.file.storage.exists(render.file.name)
    if render.state == BookRender.State.FAILED:
        return render.updated_at < now - RETRY_FAILED_AFTER
    # A worker that died mid-render leaves the row pending; take it over after the time limit.
    stuck_after = timedelta(seconds=settings.BOOK_RENDER_TIMEOUT + 60)
    return render.updated_at < now - stuck_after


def _enqueue(render: BookRender) -> None:
    render_book_task.enqueue(render.pk)
