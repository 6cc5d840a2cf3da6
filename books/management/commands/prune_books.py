"""Remove old and stale book renders, orphan PDF files and temp folders; production runs it on a schedule."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from books.operations import prune_books


class Command(BaseCommand):
    help = (
        "Verwijdert oude en verouderde gemaakte boeken, PDF-bestanden zonder boek en tijdelijke mappen van "
        "afgebroken renders."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--keep-days",
            type=int,
            default=settings.BOOK_RENDER_KEEP_DAYS,
            help="Selecties en mislukte renders ouder dan dit aantal dagen worden verwijderd.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen wat verwijderd zou worden.")

    def handle(self, *args, keep_days: int, dry_run: bool, **options) -> None:
        report = prune_books(keep_days=max(keep_days, 0), dry_run=dry_run)
        verb = "Zou verwijderen" if dry_run else "Verwijderd"
        for label, items in (
            ("gemaakte boeken", report.renders),
            ("PDF-bestanden zonder boek", report.files),
            ("tijdelijke mappen", report.folders),
        ):
            self.stdout.write(f"{verb}: {len(items)} {label}")
            if options["verbosity"] > 1:
                for item in items:
                    self.stdout.write(f"  {item}")
