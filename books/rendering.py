"""Rendering a book: the worker's side of the books.

A worker's task (books.tasks) calls :func:`render_book`, which builds the HTML and hands it to
``manage.py render_pdf`` in a short-lived child process with a time limit and an address-space limit, so
WeasyPrint's memory goes back to the system after every book. ``build_productbook`` renders in its own
process with :func:`build_book_file`.
"""

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from books.models import BookRender
from books.rendered import RenderedPdf
from books.selectors import Book, BookSpec, book_fingerprint, build_book, spec_for_render

logger = logging.getLogger(__name__)


# A failed book is tried again on a later request after this long, not on every refresh.
RETRY_FAILED_AFTER = timedelta(minutes=5)


class BookRenderError(Exception):
    """Rendering failed; the message is Dutch and may be shown to staff."""


def needs_new_attempt(render: BookRender) -> bool:
    """Whether a stored render must be queued (again): its file is gone, it failed a while ago, or its worker died."""
    now = timezone.now()
    if render.state == BookRender.State.READY:
        return not render.file or not render.file.storage.exists(render.file.name)
    if render.state == BookRender.State.FAILED:
        return render.updated_at < now - RETRY_FAILED_AFTER
    if render.state == BookRender.State.RENDERING:
        # The worker touches a running render every BOOK_RENDER_HEARTBEAT_SECONDS (render_book); one
        # untouched for longer than BOOK_RENDER_STALE_SECONDS lost its worker.
        return render.updated_at < now - timedelta(seconds=settings.BOOK_RENDER_STALE_SECONDS)
    # Queued: waiting for a free worker is normal; a task lost on the way is queued again after the time limit.
    return render.updated_at < now - timedelta(seconds=settings.BOOK_RENDER_TIMEOUT + 60)


def book_html(spec: BookSpec) -> tuple[str, Book]:
    book = build_book(spec)
    template = "pdf/comparison.html" if book.comparison is not None else "pdf/book.html"
    html = render_to_string(template, {"book": book, "generated_at": timezone.localtime()})
    return html, book


def render_book(render_id: int) -> BookRender | None:
    """Render a queued book and store it. Returns None when the row is gone or already taken."""
    claimed = BookRender.objects.filter(
        pk=render_id, state__in=[BookRender.State.QUEUED, BookRender.State.FAILED]
    ).update(state=BookRender.State.RENDERING, updated_at=timezone.now())
    if not claimed:
        return None
    render = BookRender.objects.select_related("organisation", "municipality", "product").get(pk=render_id)
    spec = spec_for_render(render)
    # This worker owns the render now: a folder an earlier, killed attempt at it left behind goes.
    for folder in temp_root().glob(f"{TEMP_PREFIX}{render_id}-*"):
        shutil.rmtree(folder, ignore_errors=True)

    def heartbeat() -> None:
        # While the row says "bezig" and is touched, no request takes it over (books.operations).
        BookRender.objects.filter(pk=render_id, state=BookRender.State.RENDERING).update(updated_at=timezone.now())

    try:
        if book_fingerprint(spec) != render.fingerprint:
            # The catalogue changed after this render was queued: the next request queues a new one.
            render.delete()
            return None
        started = time.monotonic()
        html, _ = book_html(spec)
        heartbeat()
        isolated = settings.BOOK_RENDER_ISOLATED
        rendered = (
            render_pdf_isolated(html, heartbeat=heartbeat, label=str(render_id)) if isolated else render_pdf(html)
        )
        render.seconds = round(time.monotonic() - started, 1)
    except Exception as error:  # the worker must record every failure, not die on it
        logger.exception("Rendering book %s failed", render_id)
        render.state = BookRender.State.FAILED
        render.error = str(error)[:2000] or type(error).__name__
        render.save(update_fields=["state", "error", "updated_at"])
        return render
    store_render(render, rendered)
    return render


def render_pdf(html: str) -> RenderedPdf:
    """WeasyPrint, imported here, where a book is rendered: web workers never load it (25 MB each)."""
    from books.pdf import render_pdf as weasyprint_render

    return weasyprint_render(html)


def store_render(render: BookRender, rendered: RenderedPdf) -> None:
    render.file.save(render.filename, ContentFile(rendered.data), save=False)
    render.state = BookRender.State.READY
    render.page_count = rendered.pages
    render.size = len(rendered.data)
    render.error = ""
    render.finished_at = timezone.now()
    render.full_clean()
    render.save()
    # Older renders of the same book are stale now; remove their rows and files.
    # (A queued or running render may be for a newer state and is left alone.)
    for stale in BookRender.objects.filter(
        key=render.key,
        created_at__lte=render.created_at,
        state__in=[BookRender.State.READY, BookRender.State.FAILED],
    ).exclude(pk=render.pk):
        if stale.file:
            stale.file.delete(save=False)
        stale.delete()


TEMP_PREFIX = "boek-"


def temp_root() -> Path:
    return Path(settings.BOOK_RENDER_TEMP_DIR or tempfile.gettempdir())


def remove_stale_temp_folders(*, older_than: float | None = None) -> list[Path]:
    """Remove render folders (``boek-*``) no running render can still use: a killed worker leaves its own.

    A folder lives at most as long as one render (the time limit), so one older than that is abandoned.
    """
    limit = older_than if older_than is not None else settings.BOOK_RENDER_TIMEOUT + 60
    cutoff = time.time() - limit
    removed = []
    for folder in temp_root().glob(f"{TEMP_PREFIX}*"):
        try:
            if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except FileNotFoundError:  # another worker removed it a moment ago
            continue
    return removed


def render_pdf_isolated(html: str, *, heartbeat: Callable[[], None] | None = None, label: str = "") -> RenderedPdf:
    """Run WeasyPrint in a child process with the configured time and memory limits.

    ``heartbeat`` is called every ``BOOK_RENDER_HEARTBEAT_SECONDS`` while the child runs; ``label`` (the
    render's id) names the temp folder, so the next attempt at the same render can remove a killed one's.
    """
    timeout = settings.BOOK_RENDER_TIMEOUT
    memory_mb = settings.BOOK_RENDER_MEMORY_MB
    root = temp_root()
    root.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_folders()
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{label}-" if label else TEMP_PREFIX, dir=root) as folder:
        source, target = Path(folder, "boek.html"), Path(folder, "boek.pdf")
        source.write_text(html, encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "catalogue",  # catalogue/__main__.py: works in a checkout and in an installed copy alike
            "render_pdf",
            str(source),
            str(target),
            f"--memory-mb={memory_mb}",
            f"--parent-pid={os.getpid()}",  # the child ends itself when this worker dies
        ]
        deadline = time.monotonic() + timeout
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=settings.BASE_DIR,
            env=os.environ.copy(),
        ) as child:
            while True:
                wait = min(settings.BOOK_RENDER_HEARTBEAT_SECONDS, max(deadline - time.monotonic(), 0.1))
                try:
                    stdout, stderr_bytes = child.communicate(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    if time.monotonic() >= deadline:
                        child.kill()
                        child.communicate()
                        raise BookRenderError(
                            f"Het maken van de PDF duurde langer dan {timeout} seconden en is afgebroken."
                        ) from None
                    if heartbeat:
                        heartbeat()
        if child.returncode != 0:
            stderr = stderr_bytes.decode("utf-8", "replace")
            # Out of address space shows as a MemoryError, or as GLib aborting when it cannot start a thread.
            out_of_memory = ("MemoryError", "Cannot allocate memory", "Error creating thread")
            if any(sign in stderr for sign in out_of_memory):
                raise BookRenderError(f"Het maken van de PDF had meer dan {memory_mb} MB geheugen nodig.")
            raise BookRenderError(f"Het maken van de PDF is mislukt: {stderr.strip().splitlines()[-1:] or '?'}")
        report = json.loads(stdout.decode() or "{}")
        return RenderedPdf(data=target.read_bytes(), pages=int(report.get("pages", 0)))


def build_book_file(spec: BookSpec, output: Path, *, progress: Callable[[str], None]) -> RenderedPdf:
    """Render synchronously to ``output`` (for the management command, itself a short-lived process)."""
    started = time.monotonic()
    progress("Producten en indexen ophalen…")
    html, book = book_html(spec)
    progress(
        f"{len(book.entries)} producten in {len(book.chapters)} hoofdstukken, "
        f"{len(book.laws)} wetten in het register; PDF opmaken…"
    )
    rendered = render_pdf(html)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(rendered.data)
    progress(
        f"Klaar: {output} ({rendered.pages} pagina's, {len(rendered.data) // 1024} kB) "
        f"in {time.monotonic() - started:.1f} s."
    )
    return rendered
