"""The data every test's database starts from, and how to put it back.

The baseline is what the migrations seed (the search configuration's synonym sets, the catalogue version,
content types and permissions) plus the national reference data (regions, municipalities with their CBS
codes, laws). The shipped catalogues of Hecht and CJG Rijnmond are loaded only for the tests that are
about them (``shipped_catalogue``); every other test builds its own data with tests/factories.py.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

BASELINE_FIXTURES = ["reference"]
SHIPPED_FIXTURES = ["hecht-2026", "cjg-rijnmond-2026"]

_baseline = ""


def record_baseline() -> None:
    """Load the reference data into the freshly migrated database and remember the whole of it."""
    global _baseline
    call_command("loaddata", *BASELINE_FIXTURES, verbosity=0)
    _baseline = connection.creation.serialize_db_to_string()


def restore_baseline() -> None:
    """Empty the database and put the baseline back, migration-seeded rows included (Django's own
    serialized rollback, by hand: live-server and threaded tests commit, and their flush removes everything)."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(_baseline)
    # The rows come back with their primary keys; move each table's sequence past them (PostgreSQL),
    # or the next insert would collide with a restored row.
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def ensure_baseline() -> None:
    """Restore the baseline if committed tests of an earlier module left the database flushed."""
    from municipalities.models import Municipality

    if not Municipality.objects.exists():
        restore_baseline()
