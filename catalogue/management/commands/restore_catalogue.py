from pathlib import Path

from django.core.management import BaseCommand, CommandError

from catalogue.backup import BackupError, restore


class Command(BaseCommand):
    help = "Zet een back-up van backup_catalogue terug in een nieuwe, lege database; draai daarna migrate."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Het back-upbestand.")

    def handle(self, *args, path: Path, **options):
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(f"{error} Er is niets gewijzigd.") from None
        self.stdout.write(self.style.SUCCESS(f"Back-up {path} teruggezet. Draai nu: manage.py migrate"))
