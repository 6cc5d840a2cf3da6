"""Running the catalogue in production: health endpoint, JSON logs, settings modes, the image's entry script."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import override_settings

import dev

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**extra: str) -> dict:
    """The environment without the project's settings, as on a machine that never saw it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SQLITE_PATH", "CATALOGUE_", "GUNICORN_"))
    }
    return {**env, **extra}


# --- /gezondheid ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_answers_ok_when_database_and_cache_answer_whatever_the_host(client):
    response = client.get("/gezondheid", HTTP_HOST="10.0.0.5:8000")  # a load balancer probes by address
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_health_answers_503_without_details_when_the_database_is_down(client, caplog):
    refused = OperationalError('connection to server at "10.0.0.3", port 5432 failed: Connection refused')
    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get("/gezondheid")
    assert response.status_code == 503
    assert response.content == b"niet beschikbaar\n"
    assert "10.0.0.3" in caplog.text  # the reason is in the log, not in the answer


@pytest.mark.django_db
def test_health_answers_503_when_the_cache_keeps_nothing(client):
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        response = client.get("/gezondheid")
    assert response.status_code == 503
    assert response.content == b"niet beschikbaar\n"


# --- logs ---------------------------------------------------------------------------------------------

LOG_SCRIPT = """
import logging, django
django.setup()
logging.getLogger("django.request").warning("Not Found: %s", "/bestaat-niet", extra={"status_code": 404})
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").exception("Internal Server Error: %s", "/producten/")
"""


def run_logging(log_format: str) -> subprocess.CompletedProcess:
    env = clean_env(DJANGO_SETTINGS_MODULE="catalogue.settings", DJANGO_DEBUG="1", DJANGO_LOG_FORMAT=log_format)
    return subprocess.run(
        [sys.executable, "-c", LOG_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_json_logs_are_one_object_per_line_with_the_traceback_inside():
    result = run_logging("json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(record["level"], record["logger"], record["message"]) for record in records] == [
        ("WARNING", "django.request", "Not Found: /bestaat-niet"),
        ("ERROR", "django.request", "Internal Server Error: /producten/"),
    ]
    assert records[0]["status_code"] == 404
    assert "ZeroDivisionError" in records[1]["exc_info"]
    assert all(record["time"].endswith("+00:00") for record in records)


def test_an_unknown_log_format_is_refused():
    result = run_logging("xml")
    assert result.returncode != 0
    assert "DJANGO_LOG_FORMAT must be text or json" in result.stderr


# --- settings modes -------------------------------------------------------------------------------------


def test_manage_py_in_a_checkout_works_without_any_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean_env(SQLITE_PATH=str(tmp_path / "dev.sqlite3")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "command", [["-m", "catalogue", "check"], ["-c", "import catalogue.wsgi"]], ids=["catalogus", "wsgi"]
)
def test_production_entry_points_refuse_to_start_without_a_secret_key(command):
    result = subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


# --- staff accounts -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_staff_asks_again_after_a_bad_password_and_makes_a_superuser(monkeypatch, capsys):
    answers = iter(["redacteur.hecht", "redactie@hecht.example"])
    passwords = iter(["kort", "kort", "lang-genoeg-1", "anders", "paars-konijn-vliegt-26", "paars-konijn-vliegt-26"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))

    call_command("create_staff")

    output = capsys.readouterr()
    assert password_refusal("kort") in output.err  # Django's own message (its Dutch catalogue lacks this one)
    assert "De wachtwoorden zijn niet gelijk" in output.err
    assert "Beheeraccount redacteur.hecht aangemaakt" in output.out
    user = get_user_model().objects.get(username="redacteur.hecht")
    assert user.is_staff and user.is_superuser and user.email == "redactie@hecht.example"
    assert user.check_password("paars-konijn-vliegt-26")


def password_refusal(password: str) -> str:
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    return refused.value.messages[0]


# --- the lock files -------------------------------------------------------------------------------------


def current_locks() -> dict[str, str]:
    return {name: path.read_text() for name, path in dev.LOCKS.items()}


def test_the_committed_locks_agree_with_pyproject():
    assert dev.lock_problems((ROOT / "pyproject.toml").read_text(), current_locks()) == []


def test_a_changed_pin_or_a_removed_dependency_makes_the_lock_check_fail():
    pyproject = (ROOT / "pyproject.toml").read_text()
    changed = pyproject.replace('"whitenoise==6.12.0"', '"whitenoise==6.11.0"')
    assert "- requirements/production.txt: whitenoise 6.12.0, pyproject.toml zegt 6.11.0" in dev.lock_problems(
        changed, current_locks()
    )
    removed = pyproject.replace('    "whitenoise==6.12.0",\n', "")
    assert "- requirements/production.txt: whitenoise staat niet (meer) in pyproject.toml" in dev.lock_problems(
        removed, current_locks()
    )


# --- the image's entry script, outside a container ------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_entry_script_migrates_and_serves_the_health_endpoint_under_gunicorn(tmp_path):
    port = free_port()
    env = clean_env(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="catalogus.example.nl",
        DJANGO_LOG_FORMAT="json",
        SQLITE_PATH=str(tmp_path / "web.sqlite3"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_CONFIG=str(ROOT / "gunicorn.conf.py"),
    )
    server = subprocess.Popen(
        [ROOT / "docker" / "entrypoint.sh", "web"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        status = None
        for _ in range(240):  # migrations on an empty SQLite database, then gunicorn's start
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/gezondheid", timeout=5) as response:
                    status, body = response.status, response.read()
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=60)[0]
    assert (status, body) == (200, b"ok\n"), output
    assert "Database bijwerken" in output and "Applying services.0001_initial" in output
    gunicorn_lines = [json.loads(line) for line in output.splitlines() if line.startswith('{"level"')]
    assert any("gc.freeze()" in line["message"] for line in gunicorn_lines)


WEB_WORKER_IMPORTS = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "catalogue.test_settings"
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
from django.test import Client
import catalogue.urls  # every view module the site serves
client = Client()
for url in ("/", "/producten/", "/beheer/login/", "/api/v1/producten", "/boeken/hecht/2026.pdf"):
    client.get(url)
print("weasyprint" in sys.modules)
"""


def test_a_web_worker_never_imports_weasyprint(tmp_path):
    # WeasyPrint adds ~25 MB and 34,000 tracked objects to a process: only the book worker's render loads it.
    env = {**os.environ, "SQLITE_PATH": str(tmp_path / "leeg.sqlite3")}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [sys.executable, "-c", WEB_WORKER_IMPORTS], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr[-2000:]
