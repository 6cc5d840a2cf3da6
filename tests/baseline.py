"""The data every test's database starts from, and how to put it back."""

from django.core.management import call_command

# What every test's database holds: the national reference data (regions, municipalities with their CBS
# codes, laws). The shipped catalogues of Hecht and CJG Rijnmond are loaded only for the tests that are
# about them (``shipped_catalogue``); every other test builds its own data with tests/factories.py.
BASELINE_FIXTURES = ["reference"]
SHIPPED_FIXTURES = ["hecht-2026", "cjg-rijnmond-2026"]


def restore_baseline() -> None:
    """Empty the database and load the baseline again (after live-server tests, which commit and flush)."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", *BASELINE_FIXTURES, verbosity=0)
