#!/usr/bin/env python3
"""Requests per second of the API's products list against a plain JsonResponse of the same rows.

    .venv/bin/python bench/api.py                   # temporary SQLite, shipped catalogues + 150 synthetic products
    .venv/bin/python bench/api.py --requests 1000 --threads 8
    DATABASE_URL=postgres://... .venv/bin/python bench/api.py --no-seed   # an existing database, read only

Both views run under the same gunicorn in the same run, so the ratio is what DRF, the serializers, the
links, the ETag and the problem+json plumbing cost over hand-built dicts. Each measurement is a fixed
number of requests (no timed loop); the figures are printed, not stored.
"""

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
MUNICIPALITY = "GM8801"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per measurement (default 200)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternate API and plain this many times, so load drift hits both"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--products", type=int, default=150, help="synthetic products to add (default 150)")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--no-seed", action="store_true", help="use DATABASE_URL as it is; add nothing")
    parser.add_argument("--gemeente", default=MUNICIPALITY, help=f"CBS code to filter on (default {MUNICIPALITY})")
    return parser.parse_args()


def seed(products: int) -> None:
    """Migrate, load the shipped catalogues and add one synthetic organisation of ``products`` products."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)

    from services.models import Commissioning
    from tests.factories import (
        LegalFrameworkFactory,
        MembershipFactory,
        MunicipalityFactory,
        OrganisationFactory,
        ProductFactory,
        TierFactory,
        UnitFactory,
        UptakeFactory,
    )

    organisation = OrganisationFactory(slug="bench-ggd", name="GGD Benchregio", short_name="Bench")
    members = [MunicipalityFactory(cbs_code=f"GM88{n:02d}") for n in range(1, 19)]
    for municipality in members:
        MembershipFactory(organisation=organisation, municipality=municipality)
    joint = TierFactory(organisation=organisation, code="2a", commissioning=Commissioning.ALL_MEMBERS)
    individual = TierFactory(organisation=organisation, code="3", commissioning=Commissioning.INDIVIDUAL)
    laws = [LegalFrameworkFactory() for _ in range(6)]
    units = [UnitFactory(organisation=organisation) for _ in range(7)]
    text = "Een alinea tekst over wat het product doet en voor wie. " * 8
    for n in range(products):
        product = ProductFactory(
            organisation=organisation,
            unit=units[n % len(units)],
            tiers=[joint] if n % 3 else [individual],
            laws=laws[n % 4 : n % 4 + 2],
            goal=text,
            audience=text,
            activities=text,
            result=text,
        )
        if n % 3 == 0 and n % 2 == 0:
            UptakeFactory(product=product, municipality=members[0])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(args: argparse.Namespace, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "catalogue.wsgi:application", "--bind", f"127.0.0.1:{args.port}"]
    command += ["--workers", str(args.workers), "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        if server.poll() is not None:
            sys.exit(f"gunicorn stopte (code {server.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            connection.request("GET", "/api/v1")
            response = connection.getresponse()
            response.read()
            if response.getheader("API-Version"):
                return server
        except OSError:
            pass
        time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn kwam niet op")


def measure(port: int, path: str, requests: int, threads: int) -> tuple[float, int, int]:
    """(requests per second, bytes of one answer, number of non-200 answers) for ``requests`` GETs."""
    per_thread = [requests // threads + (1 if i < requests % threads else 0) for i in range(threads)]
    failures = [0] * threads
    size = [0]

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_thread[index]):
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                failures[index] += 1
            size[0] = len(body)
        connection.close()

    for _ in range(3):  # warm up: imports, connection, caches
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path)
        connection.getresponse().read()
    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    return requests / elapsed, size[0], sum(failures)


def main() -> None:
    args = parse_args()
    args.port = args.port or free_port()
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DJANGO_DEBUG": "0"}
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    tmp = None
    if not args.no_seed:
        if env.get("DATABASE_URL"):
            sys.exit(
                "Met DATABASE_URL alleen --no-seed: de benchmark voegt geen testgegevens toe aan een echte database."
            )
        tmp = tempfile.mkdtemp(prefix="bench-api-")
        env["SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
        os.environ.update(env)
        seed(args.products)
    server = serve(args, env)
    try:
        filtered = urlencode({"gemeente": args.gemeente})
        pairs = [
            ("standaardpagina", "/api/v1/producten", "/bench/plain/producten"),
            (f"gemeente={args.gemeente}", f"/api/v1/producten?{filtered}", f"/bench/plain/producten?{filtered}"),
        ]
        print(
            f"{args.requests} verzoeken per lijst en kant in {args.rounds} afwisselende rondes, "
            f"{args.threads} threads, {args.workers} gunicorn-workers\n"
        )
        print(f"{'lijst':<22} {'API r/s':>9} {'plain r/s':>10} {'API/plain':>10} {'API bytes':>10} {'plain bytes':>12}")
        per_round = max(args.requests // args.rounds, args.threads)
        for name, api_path, plain_path in pairs:
            api_seconds = plain_seconds = 0.0
            api_failed = plain_failed = 0
            for _ in range(args.rounds):
                rps, api_size, failed = measure(args.port, api_path, per_round, args.threads)
                api_seconds, api_failed = api_seconds + per_round / rps, api_failed + failed
                rps, plain_size, failed = measure(args.port, plain_path, per_round, args.threads)
                plain_seconds, plain_failed = plain_seconds + per_round / rps, plain_failed + failed
            api_rps = per_round * args.rounds / api_seconds
            plain_rps = per_round * args.rounds / plain_seconds
            if api_failed or plain_failed:
                print(f"  let op: {api_failed} API- en {plain_failed} plain-antwoorden waren geen 200")
            print(
                f"{name:<22} {api_rps:>9.1f} {plain_rps:>10.1f} {api_rps / plain_rps:>10.2f} "
                f"{api_size:>10} {plain_size:>12}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
