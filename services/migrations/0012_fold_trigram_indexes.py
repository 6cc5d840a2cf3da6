"""Trigram indexes on the folded titles and trefwoorden (PostgreSQL; nothing to do on SQLite).

``catalogue_fold(text)`` is ``lower(unaccent(text))`` declared immutable, so it can be indexed; the
search (``services.search.folded``) calls it, and SQLite registers the same name on each connection.
"""

from django.db import migrations

from services import search_sql


class Migration(migrations.Migration):
    dependencies = [("services", "0011_seed_oekraine")]
    operations = [migrations.RunPython(search_sql.create_fold, search_sql.drop_fold, elidable=False)]
