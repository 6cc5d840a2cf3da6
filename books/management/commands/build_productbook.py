"""Build a productenboek PDF synchronously, for staff and scheduled jobs.

    python manage.py build_productbook --organisation hecht --year 2026 --output hecht-2026.pdf
    python manage.py build_productbook --organisation hecht --year 2026 --municipality GM0513 --output gouda.pdf
    python manage.py build_productbook --municipality GM0513 --year 2026 --output gouda-alle.pdf

This command is itself a short-lived process, so it renders in-process (no queue, no child process).
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from books.rendering import build_book_file
from books.selectors import BookNotFound, municipality_book_spec, organisation_book_spec


class Command(BaseCommand):
    help = "Maak het productenboek (PDF) van een organisatie of een gemeente voor een jaar."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--organisation", help="Slug van de organisatie, bv. hecht.")
        parser.add_argument("--year", type=int, default=settings.CATALOGUE_CURRENT_YEAR, help="Jaar van de editie.")
        parser.add_argument("--municipality", help="CBS-code (bv. GM0513): alleen wat deze gemeente afneemt.")
        parser.add_argument("--output", required=True, type=Path, help="Pad van het PDF-bestand.")
        parser.add_argument(
            "--preview", action="store_true", help="Voorbeeld van een conceptversie, met conceptproducten."
        )
        parser.add_argument(
            "--changes",
            action="store_true",
            help="Met een bijlage van de wijzigingen ten opzichte van de vorige editie (boek van een organisatie).",
        )

    def handle(
        self,
        *args,
        organisation: str | None,
        year: int,
        municipality: str | None,
        output: Path,
        preview: bool,
        changes: bool,
        **options,
    ) -> None:
        if not organisation and not municipality:
            raise CommandError("Geef --organisation, --municipality of allebei.")
        if municipality and (preview or changes):
            raise CommandError("--preview en --changes kunnen alleen bij het boek van een organisatie.")
        try:
            if municipality:
                spec = municipality_book_spec(municipality, year, organisation_slug=organisation)
            else:
                assert organisation  # refused above when neither is given
                spec = organisation_book_spec(organisation, year, preview=preview, changes=changes)
        except BookNotFound as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] >= 2:
            # WeasyPrint reports its layout steps on this logger.
            progress_logger = logging.getLogger("weasyprint.progress")
            progress_logger.setLevel(logging.INFO)
            progress_logger.addHandler(logging.StreamHandler(self.stdout))
        build_book_file(spec, output, progress=self._progress if options["verbosity"] else lambda message: None)

    def _progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
