"""Writes for the PDF books: find the stored render of a book, or queue one.

The web process never runs WeasyPrint. A download request calls :func:`request_book`, which returns the
stored render for the current catalogue state or queues one (django-tasks, database backend: any number
of worker machines can share the queue); a worker renders it (books.rendering).

The work a visitor can cause is bounded: one render per book key and catalogue state (a unique
constraint), at most ``BOOK_RENDER_QUEUE_LIMIT`` renders waiting or running, and per client at most
``BOOK_RATE_LIMIT`` new renders per ``BOOK_RATE_WINDOW`` seconds (books.limits). A render whose worker died
is queued again once its heartbeat is older than ``BOOK_RENDER_STALE_SECONDS``.
"""

import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from books.limits import BookQueueFull, count_new_render
from books.models import BookRender
from books.rendering import TEMP_PREFIX, needs_new_attempt, remove_stale_temp_folders, temp_root
from books.selectors import BookNotFound, BookSpec, InvalidSelection, book_fingerprint, layout_version, spec_for_render
from books.tasks import render_book_task
from services import versioning

logger = logging.getLogger(__name__)


def request_book(spec: BookSpec, *, client: str | None = None) -> BookRender:
    """The render of ``spec`` for the catalogue as it is now: ready, or queued for a worker.

    ``client`` names the visitor for the rate limit (None: not limited, e.g. staff). Raises
    :class:`books.limits.BookLimitReached` when a new render may not be queued now.
    """
    # Remembered per catalogue version (and print layout): a download of a current book reads two rows.
    fingerprint = versioning.cached(
        "book-fingerprint", f"{layout_version()}:{spec.key}", lambda: book_fingerprint(spec)
    )
    render = BookRender.objects.filter(key=spec.key, fingerprint=fingerprint).first()
    if render is None:
        _check_queue(spec)
        if client is not None:
            count_new_render(client)
        try:
            with transaction.atomic():
                render = BookRender(
                    key=spec.key, fingerprint=fingerprint, filename=spec.filename, **spec.as_render_fields()
                )
                render.full_clean(validate_unique=False, validate_constraints=False)
                render.save()
        except IntegrityError:
            # Another request queued the same book a moment ago.
            return BookRender.objects.get(key=spec.key, fingerprint=fingerprint)
        # One render per book at a time: a queued render of an older state is superseded (its task finds
        # the row gone and does nothing). One already running is left to finish; storing the newer removes it.
        BookRender.objects.filter(key=spec.key, state=BookRender.State.QUEUED).exclude(pk=render.pk).delete()
        _enqueue(render)
    elif needs_new_attempt(render):
        if render.state == BookRender.State.FAILED:
            _check_queue(spec)
        # Only one request re-queues it: the update matches the row as this request saw it.
        requeued = BookRender.objects.filter(pk=render.pk, state=render.state, updated_at=render.updated_at).update(
            state=BookRender.State.QUEUED, error="", updated_at=timezone.now()
        )
        if requeued:
            logger.warning("Book render %s (%s) queued again", render.pk, render.get_state_display())
            _enqueue(render)
    render.refresh_from_db()
    return render


def _check_queue(spec: BookSpec) -> None:
    """Refuse a new render while the queue is full. Staff previews are not held up by visitors' books.

    The count and the insert are not one transaction, so concurrent requests can overshoot the limit by at
    most the number of web workers; the limit bounds the queue, it is not an exact quota.
    """
    if spec.preview:
        return
    now = timezone.now()
    # A render whose worker died no longer holds a place (the next request for it queues it again).
    alive = Q(
        state=BookRender.State.RENDERING, updated_at__gte=now - timedelta(seconds=settings.BOOK_RENDER_STALE_SECONDS)
    ) | Q(state=BookRender.State.QUEUED, updated_at__gte=now - timedelta(seconds=settings.BOOK_RENDER_TIMEOUT + 60))
    pending = BookRender.objects.filter(alive).count()
    if pending >= settings.BOOK_RENDER_QUEUE_LIMIT:
        raise BookQueueFull(
            "Er worden op dit moment veel boeken tegelijk gemaakt. Probeer het later opnieuw, bijvoorbeeld over een "
            "minuut; boeken die al klaar zijn, kunt u gewoon downloaden.",
            retry_after=60,
        )


def _enqueue(render: BookRender) -> None:
    render_book_task.enqueue(render.pk)


@dataclass
class PruneReport:
    renders: list[str] = field(default_factory=list)  # file names of the renders removed
    files: list[str] = field(default_factory=list)  # stored PDFs no render names
    folders: list[str] = field(default_factory=list)  # temp folders left by a killed worker


def prune_books(*, keep_days: int, dry_run: bool = False) -> PruneReport:
    """Remove what no visitor can be served any more: old and stale renders, orphan files, temp folders.

    Removed: failed renders and selection books older than ``keep_days``; ready books whose catalogue rows
    changed since (their fingerprint is no longer the current one: the next request renders anew); pending
    renders whose worker died and that nobody asked for again; stored PDFs no render names (older than an
    hour, so a render being stored right now keeps its file); temp folders older than a render's time limit.
    """
    report = PruneReport()
    now = timezone.now()
    old = now - timedelta(days=keep_days)
    doomed: list[BookRender] = []
    for render in BookRender.objects.select_related("organisation", "municipality", "product"):
        if render.is_pending:
            remove = needs_new_attempt(render)
        elif render.state == BookRender.State.FAILED:
            remove = render.updated_at < old
        elif render.kind == BookRender.Kind.SELECTION and (render.finished_at or render.created_at) < old:
            remove = True
        else:
            remove = not _is_current(render)
        if remove:
            doomed.append(render)
    kept_names = set()
    for render in doomed:
        report.renders.append(render.file.name or render.filename)
        if not dry_run:
            with transaction.atomic():
                if render.file:
                    render.file.delete(save=False)
                render.delete()
    for name in BookRender.objects.exclude(file="").values_list("file", flat=True):
        kept_names.add(name)
    report.files = _orphan_files(kept_names, dry_run=dry_run)
    if dry_run:
        report.folders = [str(path) for path in _stale_temp_folders()]
    else:
        report.folders = [str(path) for path in remove_stale_temp_folders()]
    return report


def _is_current(render: BookRender) -> bool:
    try:
        return book_fingerprint(spec_for_render(render)) == render.fingerprint
    except (BookNotFound, InvalidSelection):
        return False


def _orphan_files(kept: set[str], *, dry_run: bool) -> list[str]:
    storage = default_storage
    cutoff = timezone.now() - timedelta(hours=1)
    found = []
    stack = ["boeken"]
    while stack:
        folder = stack.pop()
        if not storage.exists(folder):
            continue
        directories, files = storage.listdir(folder)
        stack += [f"{folder}/{name}" for name in directories]
        for name in files:
            path = f"{folder}/{name}"
            if path in kept or storage.get_modified_time(path) >= cutoff:
                continue
            found.append(path)
            if not dry_run:
                storage.delete(path)
    return sorted(found)


def _stale_temp_folders() -> list[Path]:
    cutoff = time.time() - (settings.BOOK_RENDER_TIMEOUT + 60)
    return [path for path in temp_root().glob(f"{TEMP_PREFIX}*") if path.is_dir() and path.stat().st_mtime < cutoff]
