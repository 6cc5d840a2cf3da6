#!/usr/bin/env python3
"""Set up and run the catalogue with nothing but Python 3.11+.

    python3 dev.py serve   # virtualenv, dependencies, database, the 2026 catalogues, http://127.0.0.1:8000/
    python3 dev.py test    # the same set-up, then the test suite (extra arguments go to pytest)
    python3 dev.py lint    # ruff, formatting and the migration check (CI runs it before the tests)
    python3 dev.py fixtures  # rebuild fixtures/ from the source books in ../shared/seeds with the importer

The virtualenv lives in .venv and is only reinstalled when pyproject.toml changes.
"""

import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"


def ensure_environment(*, dev: bool) -> None:
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    project = tomllib.loads(pyproject.decode())["project"]
    requirements = list(project["dependencies"])
    if dev:
        requirements += project["optional-dependencies"]["dev"]
    stamp = VENV / f".installed-{'dev' if dev else 'run'}"
    digest = hashlib.sha256(pyproject).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    if not PYTHON.exists():
        print("Virtualenv aanmaken in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Afhankelijkheden installeren ...", flush=True)
    run([PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements])
    stamp.write_text(digest)


def run(command: list, **kwargs) -> None:
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, **kwargs)
    if completed.returncode:
        sys.exit(completed.returncode)


def serve(args: list[str]) -> None:
    ensure_environment(dev=False)
    env = {**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1")}
    run([PYTHON, "manage.py", "migrate", "--noinput"], env=env)
    run([PYTHON, "manage.py", "load_catalogue"], env=env)
    address = args[0] if args else "127.0.0.1:8000"
    print(f"De catalogus draait op http://{address}/ (beheer: /beheer/, API: /api/v1/). Stoppen: Ctrl+C.", flush=True)
    # The task worker renders the PDF books (queued by the download links) beside the web server.
    worker = subprocess.Popen([str(PYTHON), "manage.py", "db_worker", "--no-startup-delay"], cwd=ROOT, env=env)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            run([PYTHON, "manage.py", "runserver", address], env=env)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test(args: list[str]) -> None:
    ensure_environment(dev=True)
    run([PYTHON, "-m", "pytest", *args])


def lint(args: list[str]) -> None:
    ensure_environment(dev=True)
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    run([PYTHON, "-m", "ruff", "check", "."])
    run([PYTHON, "-m", "ruff", "format", "--check", "."])
    run([PYTHON, "manage.py", "makemigrations", "--check", "--dry-run"], env=env)
    check_openapi(env)


OPENAPI = ROOT / "openapi" / "openapi.yaml"
OPENAPI_COMMAND = (
    "DJANGO_DEBUG=1 .venv/bin/python manage.py spectacular --validate --fail-on-warn --file openapi/openapi.yaml"
)


def check_openapi(env: dict) -> None:
    """The committed OpenAPI document must be what the code generates."""
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp) / "openapi.yaml"
        run([PYTHON, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", generated], env=env)
        if not OPENAPI.exists() or generated.read_bytes() != OPENAPI.read_bytes():
            sys.exit(f"openapi/openapi.yaml wijkt af van de code. Maak het opnieuw met:\n  {OPENAPI_COMMAND}")


def fixtures(args: list[str]) -> None:
    """Import both source books into a scratch SQLite database and export the fixtures from it."""
    import tempfile

    ensure_environment(dev=False)
    seeds = Path(os.environ.get("CATALOGUE_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "DJANGO_DEBUG": "1", "SQLITE_PATH": str(Path(scratch) / "fixtures.sqlite3")}
        env.pop("DATABASE_URL", None)
        manage = [PYTHON, "manage.py"]
        run([*manage, "migrate", "--noinput", "-v0"], env=env)
        run([*manage, "loaddata", "reference", "-v0"], env=env)
        run([*manage, "import_productbook", seeds / "000_a550a1fc7bc0e144.txt", "--format", "hecht"], env=env)
        run([*manage, "import_productbook", seeds / "002_2136f128de0e1279.txt", "--format", "cjg"], env=env)
        run([*manage, "export_fixtures"], env=env)


def main() -> None:
    commands = {"serve": serve, "test": test, "lint": lint, "fixtures": fixtures}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
