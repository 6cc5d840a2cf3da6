"""Child process of a book render: HTML file in, PDF file out, under a memory limit.

Started by books.operations.render_pdf_isolated; not meant to be run by hand. The address-space
limit is set here, in the child itself, rather than with subprocess's preexec_fn, which is unsafe in a
parent that runs threads (the task worker may).
"""

import contextlib
import ctypes
import json
import os
import resource
import signal
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from books.pdf import render_pdf


class Command(BaseCommand):
    help = "Render one HTML file to PDF (child process of the book renderer)."
    requires_system_checks: list = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument("target", type=Path)
        parser.add_argument("--memory-mb", type=int, default=2048)
        parser.add_argument("--parent-pid", type=int, default=0)

    def handle(self, *args, source: Path, target: Path, memory_mb: int, parent_pid: int, **options) -> None:
        if parent_pid:
            _die_with(parent_pid)
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if not source.is_file():
            raise CommandError(f"{source} bestaat niet")
        rendered = render_pdf(source.read_text(encoding="utf-8"))
        target.write_bytes(rendered.data)
        self.stdout.write(json.dumps({"pages": rendered.pages, "bytes": len(rendered.data)}))


def _die_with(parent_pid: int) -> None:
    """Linux: SIGKILL this render when the worker that started it dies, so a killed worker leaves none running.

    Set here in the child rather than with subprocess's preexec_fn (see above). If the worker died before
    this line ran, the parent is already someone else: stop at once.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:
        raise CommandError("De worker die dit boek liet maken, is gestopt.")
