from pathlib import Path

from django.core.management import BaseCommand, CommandError

from catalogue.backup import BackupError, backup


class Command(BaseCommand):
    help = "Maakt een back-up van de hele catalogus: alle gegevens, versiegeschiedenis, gebruikers en rollen."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Het back-upbestand dat wordt geschreven.")

    def handle(self, *args, path: Path, **options):
        try:
            backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Back-up geschreven: {path} ({path.stat().st_size // 1024} kB)."))
