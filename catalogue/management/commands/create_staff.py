"""Ask for a username, e-mail address and password and create a superuser: `python3 dev.py staff`.

Django's createsuperuser works too, but half of its prompts are English; this one speaks Dutch and
asks again after a bad answer instead of stopping.
"""

import getpass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from catalogue.accounts import create_superuser


class Command(BaseCommand):
    help = "Maak een beheeraccount (superuser) aan; vraagt gebruikersnaam, e-mailadres en wachtwoord."

    def handle(self, *args, **options) -> None:
        self.stdout.write("Een beheeraccount aanmaken (stoppen: Ctrl+C).")
        try:
            # Management commands run untranslated; the validators' messages should be Dutch here too.
            with translation.override(settings.LANGUAGE_CODE):
                user = self.ask_until_valid()
        except (EOFError, KeyboardInterrupt):
            raise CommandError("Afgebroken: er is geen account aangemaakt.") from None
        self.stdout.write(self.style.SUCCESS(f"Beheeraccount {user.username} aangemaakt. Log in op /beheer/."))

    def ask_until_valid(self):
        users = get_user_model()
        while True:
            username = input("Gebruikersnaam: ").strip()
            if not username:
                self.stderr.write("Vul een gebruikersnaam in.")
                continue
            if users.objects.filter(username=username).exists():
                self.stderr.write(f"De gebruikersnaam {username} is al in gebruik; kies een andere.")
                continue
            break
        email = input("E-mailadres (mag leeg blijven): ").strip()
        while True:
            password = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
            if password != getpass.getpass("Wachtwoord nogmaals: "):
                self.stderr.write("De wachtwoorden zijn niet gelijk; probeer het opnieuw.")
                continue
            try:
                return create_superuser(username=username, email=email, password=password)
            except ValidationError as error:
                for message in error.messages:
                    self.stderr.write(message)
                if hasattr(error, "error_dict") and set(error.error_dict) - {"__all__"}:
                    # The username or e-mail address itself was refused: start again from the top.
                    return self.ask_until_valid()
