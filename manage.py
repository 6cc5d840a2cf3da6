#!/usr/bin/env python
"""Django's command-line utility for a checkout of the project.

Without DJANGO_SECRET_KEY this is a developer's machine: it runs in development mode (DJANGO_DEBUG=1,
a local key, SQLite unless DATABASE_URL is set), so `python manage.py createsuperuser` works as the
README shows it. Production sets DJANGO_SECRET_KEY and gets the production settings; the WSGI server and
the installed `catalogus` command never fall back to development mode.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    if not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
