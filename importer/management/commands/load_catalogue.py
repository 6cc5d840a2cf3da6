from django.core.management import BaseCommand, call_command

from services.models import Organisation

# Order matters: reference data first, then each organisation's catalogue.
FIXTURES = ["reference", "hecht-2026", "cjg-rijnmond-2026"]


class Command(BaseCommand):
    help = "Laadt de meegeleverde catalogi (fixtures/) in een lege database; --force laadt ze opnieuw."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Ook laden als er al organisaties zijn.")

    def handle(self, *args, force: bool = False, **options):
        if Organisation.objects.exists() and not force:
            self.stdout.write("De catalogus bevat al gegevens; niets geladen (gebruik --force om opnieuw te laden).")
            return
        call_command("loaddata", *FIXTURES, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Catalogus geladen: {Organisation.objects.count()} organisaties."))
