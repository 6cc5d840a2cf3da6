from django.core.management import BaseCommand

from importer.fixtures import write_fixtures


class Command(BaseCommand):
    help = "Schrijft de meegeleverde fixtures (fixtures/*.json) opnieuw vanuit de database."

    def handle(self, *args, **options):
        for path in write_fixtures():
            self.stdout.write(f"{path} geschreven")
