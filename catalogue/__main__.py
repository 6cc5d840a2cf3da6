"""`catalogus` (or `python -m catalogue`): Django's management commands for an installed copy.

Unlike the checkout's manage.py it never switches to development mode: without DJANGO_DEBUG=1 these are
the production settings, which refuse to start without DJANGO_SECRET_KEY.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["catalogus", *sys.argv[1:]])


if __name__ == "__main__":
    main()
