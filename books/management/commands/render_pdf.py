"""Child process of a book render: HTML file in, PDF file out, under a memory limit.

Started by books.operations.render_pdf_isolated; not meant to be run by hand. The address-space
limit is set here, in the child itself, rather than with subprocess's preexec_fn, which is unsafe in a
parent that runs threads (the task worker may).
"""

import json
import resource
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

    def handle(self, *args, source: Path, target: Path, memory_mb: int, **options) -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if not source.is_file():
            raise CommandError(f"{source} bestaat niet")
        rendered = render_pdf(source.read_text(encoding="utf-8"))
        target.write_bytes(rendered.data)
        self.stdout.write(json.dumps({"pages": rendered.pages, "bytes": len(rendered.data)}))
