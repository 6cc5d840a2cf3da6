"""Backup and restore as an operator runs them: a catalogue with edits, roles and history, backed up, restored
into an empty database, is the same catalogue (every row, every version, the same pages)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# After loading the shipped catalogues: a staff member with a role, and an edited product with history.
EDIT = """
from django.contrib.auth.models import User
from editorial.models import Role
from services.models import Organisation, Product
user = User.objects.create_user("redacteur", password="een-lang-wachtwoord-42")
Role.objects.create(user=user, organisation=Organisation.objects.get(slug="hecht"), role="redacteur")
product = Product.objects.get(organisation__slug="hecht", slug="tuberculosebestrijding", edition__year=2026)
product.summary = "Bestrijding van tuberculose, na de back-up nog steeds zo."
product._change_reason = "Test van de back-up"
product.save()
"""
# What a visitor and the API see, and every version of the edited product.
LOOK = """
import hashlib
from django.test import Client
from services.models import Product
client = Client()
for url in ["/producten/hecht/tuberculosebestrijding/", "/gemeenten/GM0513/", "/api/v1/producten?gemeente=GM0513"]:
    response = client.get(url)
    print(url, response.status_code, hashlib.sha256(response.content).hexdigest())
product = Product.objects.get(organisation__slug="hecht", slug="tuberculosebestrijding", edition__year=2026)
print([(v.history_id, v.summary[:30], v.history_change_reason) for v in product.history.order_by("history_id")])
"""


def manage(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


@pytest.fixture
def databases(tmp_path):
    """Two scratch databases of the kind the suite runs on (PostgreSQL or SQLite), outside the test database."""
    base = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    base.update(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="catalogue.settings")
    if connection.vendor == "postgresql":
        names = [f"backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("bron", "doel")]
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        # CREATE DATABASE cannot run in the test's transaction: a connection of its own, in autocommit.
        with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f"CREATE DATABASE {name}")
        yield [{**base, "DATABASE_URL": f"{url}/{name}"} for name in names]
        with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        base.pop("DATABASE_URL", None)
        yield [{**base, "SQLITE_PATH": str(tmp_path / f"{kind}.sqlite3")} for kind in ("bron", "doel")]


@pytest.mark.django_db
def test_a_restored_backup_is_the_same_catalogue_with_its_history_and_roles(databases, tmp_path):
    source, target = databases
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "load_catalogue")
    manage(source, "shell", "-c", EDIT)
    backup = tmp_path / "catalogus.backup"

    manage(source, "backup_catalogue", str(backup))
    manage(target, "restore_catalogue", str(backup))
    manage(target, "migrate", "--noinput", "-v0")

    every_row = [
        "dumpdata",
        "--all",
        "--exclude",
        "sessions",
        "--exclude",
        "contenttypes",
        "--exclude",
        "auth.permission",
    ]
    assert manage(target, *every_row) == manage(source, *every_row)
    seen = manage(target, "shell", "-c", LOOK)
    assert seen == manage(source, "shell", "-c", LOOK)
    assert "Test van de back-up" in seen and " 200 " in seen
    assert "redacteur" in manage(
        target, "shell", "-c", "from editorial.models import Role; print(Role.objects.get().user)"
    )


@pytest.mark.django_db
def test_restoring_into_a_database_that_is_not_empty_is_refused(databases, tmp_path):
    source, target = databases
    manage(
        target,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('CREATE TABLE iets (id int)')",
    )
    backup = tmp_path / "catalogus.backup"
    manage(source, "backup_catalogue", str(backup))

    completed = subprocess.run(
        [sys.executable, "manage.py", "restore_catalogue", str(backup)],
        cwd=ROOT,
        env=target,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode != 0
    assert "De database is niet leeg" in completed.stderr and "Er is niets gewijzigd" in completed.stderr
