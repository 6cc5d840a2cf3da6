#!/usr/bin/env python3
"""Set up and run the catalogue with nothing but Python 3.11+.

The virtualenv lives in .venv and is filled from the lock files in requirements/ (every package pinned
with its hashes); it is only reinstalled when a lock file or pyproject.toml changes.
"""

import argparse
import contextlib
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
LOCKS = {"production": ROOT / "requirements" / "production.txt", "dev": ROOT / "requirements" / "dev.txt"}
LOCK_COMMAND = "python3 dev.py lock"


def say(message: str) -> None:
    print(message, flush=True)


def run(command: list, **kwargs) -> None:
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, **kwargs)
    if completed.returncode:
        sys.exit(completed.returncode)


def run_quietly(command: list) -> None:
    """Run a command, showing its output only when it fails (pip's warnings are noise on a good run)."""
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, capture_output=True, text=True)
    if completed.returncode:
        sys.stderr.write(completed.stdout + completed.stderr)
        sys.exit(completed.returncode)


def development_env(**extra: str) -> dict:
    return {**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1"), **extra}


# --- the virtualenv -----------------------------------------------------------------------------------


def ensure_environment(*, dev: bool) -> None:
    """Install the locked dependencies (and the project itself, editable) when the locks changed."""
    wanted = ["dev"] if dev else ["production", "dev"]  # the dev lock holds the production one
    digests = {name: environment_digest(name) for name in LOCKS}
    for name in wanted:
        stamp = VENV / f".installed-{name}"
        if stamp.exists() and stamp.read_text() == digests[name]:
            return
    name = wanted[0]
    if problems := current_lock_problems():
        say(f"Let op: de lock-bestanden passen niet bij pyproject.toml ({len(problems)} verschillen); {LOCK_COMMAND}")
    if not PYTHON.exists():
        say("Virtualenv aanmaken in .venv…")
        venv.create(VENV, with_pip=True)
    say("Afhankelijkheden installeren (eenmalig, ~1 min)…")
    pip = [PYTHON, "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    run_quietly([*pip, "--require-hashes", "--no-deps", "-r", LOCKS[name]])
    say("De catalogus zelf installeren (bewerkbaar)…")
    run_quietly([*pip, "--no-deps", "--editable", "."])
    for stale in VENV.glob(".installed-*"):
        stale.unlink()
    (VENV / f".installed-{name}").write_text(digests[name])


def environment_digest(name: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update((ROOT / "setup.py").read_bytes())
    digest.update(LOCKS[name].read_bytes() if LOCKS[name].exists() else b"")
    return digest.hexdigest()


# --- commands -----------------------------------------------------------------------------------------


def serve(args: argparse.Namespace) -> None:
    ensure_environment(dev=False)
    env = development_env()
    say("Database bijwerken…")
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env=env)
    say("Catalogi laden…")
    run([PYTHON, "manage.py", "load_catalogue"], env=env)
    say(f"De catalogus draait op http://{args.address}/ (beheer: /beheer/, API: /api/v1/). Stoppen: Ctrl+C.")
    say("Nog geen beheeraccount? Maak er een met: python3 dev.py staff")
    # The task worker renders the PDF books (queued by the download links) beside the web server.
    worker = subprocess.Popen([str(PYTHON), "manage.py", "db_worker", "--no-startup-delay"], cwd=ROOT, env=env)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            run([PYTHON, "manage.py", "runserver", args.address], env=env)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test(args: argparse.Namespace) -> None:
    ensure_environment(dev=True)
    say("Tests draaien…")
    run([PYTHON, "-m", "pytest", *args.pytest_args])


def lint(args: argparse.Namespace) -> None:
    ensure_environment(dev=True)
    env = development_env(DJANGO_DEBUG="1")
    say("Lock-bestanden tegen pyproject.toml controleren…")
    if problems := current_lock_problems():
        sys.exit(
            "\n".join(
                ["De lock-bestanden passen niet bij pyproject.toml:", *problems, f"Maak ze opnieuw met: {LOCK_COMMAND}"]
            )
        )
    say("Ruff (controle en opmaak)…")
    run([PYTHON, "-m", "ruff", "check", "."])
    run([PYTHON, "-m", "ruff", "format", "--check", "."])
    say("Typen controleren (mypy)…")
    # django-stubs' plugin imports the settings (env: DJANGO_DEBUG=1 stands in for a secret key). No cache:
    # it misses a change to the settings module's types, and a whole check takes seconds.
    run([PYTHON, "-m", "mypy", "--no-incremental"], env=env)
    say("Migraties controleren…")
    run([PYTHON, "manage.py", "makemigrations", "--check", "--dry-run"], env=env)
    say("OpenAPI-document controleren…")
    check_openapi(env)


def staff(args: argparse.Namespace) -> None:
    ensure_environment(dev=False)
    env = development_env()
    say("Database bijwerken…")
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env=env)
    run([PYTHON, "manage.py", "create_staff"], env=env)


def lock(args: argparse.Namespace) -> None:
    """Resolve pyproject.toml into the two lock files with uv (the dev lock first; production follows it)."""
    ensure_environment(dev=True)
    uv = [PYTHON, "-m", "uv", "pip", "compile", "pyproject.toml", "--quiet", "--universal", "--python-version", "3.11"]
    uv += ["--generate-hashes", "--custom-compile-command", LOCK_COMMAND]
    if args.upgrade:
        uv.append("--upgrade")
    say("Afhankelijkheden oplossen (requirements/dev.txt)…")
    run([*uv, "--extra", "dev", "-o", LOCKS["dev"]])
    # Production is constrained by the dev lock, so both install the same version of every shared package.
    say("Afhankelijkheden oplossen (requirements/production.txt)…")
    run([*uv, "--constraint", LOCKS["dev"], "-o", LOCKS["production"]])
    say("Klaar. Controleer de wijzigingen met: git diff requirements/")


def fixtures(args: argparse.Namespace) -> None:
    """Import both source books into a scratch SQLite database and export the fixtures from it."""
    ensure_environment(dev=False)
    seeds = Path(os.environ.get("CATALOGUE_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
    with tempfile.TemporaryDirectory() as scratch:
        env = development_env(DJANGO_DEBUG="1", SQLITE_PATH=str(Path(scratch) / "fixtures.sqlite3"))
        env.pop("DATABASE_URL", None)
        manage = [PYTHON, "manage.py"]
        say("Lege database maken…")
        run([*manage, "migrate", "--noinput", "-v0"], env=env)
        run([*manage, "loaddata", "reference", "-v0"], env=env)
        say("Bronboeken importeren…")
        run([*manage, "import_productbook", seeds / "000_a550a1fc7bc0e144.txt", "--format", "hecht"], env=env)
        run([*manage, "import_productbook", seeds / "002_2136f128de0e1279.txt", "--format", "cjg"], env=env)
        say("Fixtures schrijven…")
        run([*manage, "export_fixtures"], env=env)


# --- the lock check -----------------------------------------------------------------------------------

REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")
FROM_PYPROJECT = "productencatalogus (pyproject.toml)"


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text: str) -> dict[str, dict]:
    """{name: {"version", "hashes", "direct"}} from a `uv pip compile --generate-hashes` file."""
    packages: dict[str, dict] = {}
    current = None
    for line in text.splitlines():
        if match := REQUIREMENT.match(line):
            current = {"version": match[2], "hashes": set(), "direct": False}
            packages[normalise(match[1])] = current
        elif current is not None and "--hash=" in line:
            current["hashes"].add(line.split("--hash=", 1)[1].rstrip(" \\"))
        elif current is not None and FROM_PYPROJECT in line:
            current["direct"] = True
    return packages


def current_lock_problems() -> list[str]:
    locks = {name: path.read_text() if path.exists() else "" for name, path in LOCKS.items()}
    return lock_problems((ROOT / "pyproject.toml").read_text(), locks)


def lock_problems(pyproject: str, locks: dict[str, str]) -> list[str]:
    """What makes the lock files disagree with pyproject.toml (an empty list when they agree)."""
    project = tomllib.loads(pyproject)["project"]
    wanted = {"production": list(project["dependencies"])}
    wanted["dev"] = wanted["production"] + list(project.get("optional-dependencies", {}).get("dev", []))
    problems = []
    parsed = {name: parse_lock(text) for name, text in locks.items()}
    for name, requirements in wanted.items():
        lock_file, packages = f"requirements/{name}.txt", parsed[name]
        pins = {}
        for requirement in requirements:
            match = REQUIREMENT.match(requirement)
            if not match:
                problems.append(f"- pyproject.toml: {requirement!r} is niet vastgepind (naam==versie)")
                continue
            pins[normalise(match[1])] = match[2]
        for package, version in sorted(pins.items()):
            locked = packages.get(package)
            if locked is None:
                problems.append(f"- {lock_file}: {package} ontbreekt")
            elif locked["version"] != version:
                problems.append(f"- {lock_file}: {package} {locked['version']}, pyproject.toml zegt {version}")
        for package, locked in sorted(packages.items()):
            if locked["direct"] and package not in pins:
                problems.append(f"- {lock_file}: {package} staat niet (meer) in pyproject.toml")
            if not locked["hashes"]:
                problems.append(f"- {lock_file}: {package} heeft geen hashes")
    for package, locked in sorted(parsed["production"].items()):
        in_dev = parsed["dev"].get(package)
        if in_dev is None or (in_dev["version"], in_dev["hashes"]) != (locked["version"], locked["hashes"]):
            problems.append(f"- {package}: requirements/production.txt en requirements/dev.txt verschillen")
    return problems


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


# --- the command line ---------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python3 dev.py",
        description="De productencatalogus op je eigen machine: virtualenv, database, catalogi, tests.",
        epilog="Hulp bij één opdracht: python3 dev.py OPDRACHT --help",
    )
    commands = main.add_subparsers(title="opdrachten", metavar="OPDRACHT", required=True)

    def command(name: str, function, summary: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=description)
        sub.set_defaults(function=function)
        return sub

    sub = command(
        "serve",
        serve,
        "alles klaarzetten en de site starten op http://127.0.0.1:8000/",
        "Maakt .venv, installeert de vastgelegde afhankelijkheden, werkt de database bij (SQLite in "
        "db.sqlite3 tenzij DATABASE_URL gezet is), laadt de catalogi 2026 in een lege database en start de "
        "ontwikkelserver met een taakwerker voor de PDF-boeken.",
    )
    sub.add_argument("address", nargs="?", default="127.0.0.1:8000", help="adres:poort (standaard 127.0.0.1:8000)")
    sub = command(
        "test",
        test,
        "de testsuite draaien (extra argumenten gaan naar pytest)",
        "Installeert de ontwikkelafhankelijkheden en draait pytest over tests/. Alles na 'test' gaat naar "
        "pytest, bijvoorbeeld: python3 dev.py test -k importer -n0. Hulp van pytest zelf: "
        "python3 dev.py test -- --help",
    )
    command(
        "lint",
        lint,
        "lock-bestanden, ruff, opmaak, typen, migraties en het OpenAPI-document controleren",
        "Wat CI controleert vóór de tests: requirements/*.txt passen bij pyproject.toml, ruff check, ruff "
        "format --check, mypy (met django-stubs), makemigrations --check en openapi/openapi.yaml gelijk aan "
        "wat de code maakt.",
    )
    command(
        "staff",
        staff,
        "een beheeraccount (superuser) aanmaken",
        "Werkt de database bij en vraagt gebruikersnaam, e-mailadres en wachtwoord voor een beheeraccount "
        "met alle rechten. Daarna inloggen op http://127.0.0.1:8000/beheer/.",
    )
    sub = command(
        "lock",
        lock,
        "requirements/*.txt opnieuw maken uit pyproject.toml (met uv)",
        "Lost de afhankelijkheden uit pyproject.toml op naar requirements/dev.txt en "
        "requirements/production.txt, elk pakket vastgepind met hashes. Zonder --upgrade blijven de "
        "bestaande versies van indirecte afhankelijkheden staan.",
    )
    sub.add_argument("--upgrade", action="store_true", help="ook indirecte afhankelijkheden bijwerken")
    command(
        "fixtures",
        fixtures,
        "fixtures/ opnieuw maken uit de bronboeken (../shared/seeds)",
        "Importeert de twee bronboeken uit ../shared/seeds (of $CATALOGUE_SEEDS_DIR) in een tijdelijke "
        "database en schrijft fixtures/ opnieuw.",
    )
    return main


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["test"] and argv[1:] not in (["-h"], ["--help"]):
        # Everything after "test" is pytest's (a leading "--" lets pytest's own --help through).
        pytest_args = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        args = parser().parse_args(["test"])
        args.pytest_args = pytest_args
    else:
        args = parser().parse_args(argv)
    args.function(args)


if __name__ == "__main__":
    main()
