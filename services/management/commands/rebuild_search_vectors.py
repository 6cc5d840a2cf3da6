"""Rebuild every product's search vector with the ``catalogue_nl`` configuration (PostgreSQL only).

Run after a major PostgreSQL upgrade (``pg_upgrade`` keeps stored vectors as they were) or after the
configuration changed: it recreates the configuration and the trigger, then refills every vector.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from services import search_sql, versioning


class Command(BaseCommand):
    help = "Bouwt de zoekindex van alle producten opnieuw op (alleen PostgreSQL)."

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("De zoekindex bestaat alleen op PostgreSQL; op SQLite is er niets op te bouwen.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(search_sql.CONFIGURATION_SQL)
            cursor.execute(search_sql.trigger_sql(search_sql.CONFIG))
            cursor.execute(search_sql.REBUILD_SQL)
            count = cursor.rowcount
            versioning.advance()  # search results may differ: cached pages must not outlive the old index
        self.stdout.write(f"Zoekindex opnieuw opgebouwd voor {count} producten.")
