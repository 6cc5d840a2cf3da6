from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from importer.operations import ImportFailed, import_productbook
from importer.parsers import ParseError
from services.models import YEAR_MAX, YEAR_MIN


class Command(BaseCommand):
    help = "Importeert een productenboek (tekst uit de PDF) in de catalogus; opnieuw importeren werkt bij."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Het tekstbestand van het productenboek.")
        parser.add_argument("--format", required=True, choices=["hecht", "cjg"], help="Opmaak van het boek.")
        parser.add_argument("--year", type=int, default=settings.CATALOGUE_CURRENT_YEAR, help="Jaar van de editie.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Laat zien wat de import zou wijzigen en archiveren, zonder iets te wijzigen.",
        )
        parser.add_argument(
            "--allow-removals",
            action="store_true",
            help="Archiveer wat niet meer in het boek staat en wijzig een gepubliceerde editie (na --dry-run).",
        )

    def handle(self, *args, path: Path, format: str, year: int, dry_run: bool, allow_removals: bool, **options):
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise CommandError(f"--year {year} is geen geldig jaar ({YEAR_MIN}-{YEAR_MAX})")
        try:
            report = import_productbook(path, fmt=format, year=year, allow_removals=allow_removals, dry_run=dry_run)
        except ParseError as error:
            raise CommandError(f"{path}: {error}. Er is niets gewijzigd.") from None
        except ImportFailed as error:
            raise CommandError(f"{path}: {error}. Er is niets gewijzigd.") from None
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(
                self.style.WARNING(f"{path.name} ({format}, {year}): proefimport, er is niets gewijzigd.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{path.name} ({format}, {year}) geïmporteerd."))
