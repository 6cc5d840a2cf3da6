#!/usr/bin/env python3
"""Throughput and latency of the public pages and API lists against a bare Django view, under gunicorn.

    .venv/bin/python bench/web.py                    # shipped catalogue and one 100 times larger, SQLite
    .venv/bin/python bench/web.py --seconds 3 --factor 10
    .venv/bin/python bench/web.py --postgres postgres://postgres@127.0.0.1:5432/catalogue_bench

For each mode it starts gunicorn on 127.0.0.1 (the committed gunicorn.conf.py, --workers workers) with the
site plus a bare view (bench/urls.py) for both databases at once (the shipped catalogue, and a copy made
--factor times larger) and loads every page with ``wrk`` (Debian: ``apt-get install wrk``) for --seconds, on
one size right after the other, for --rounds rounds (medians reported):

- cold: no cache at all (CATALOGUE_CACHE_URL=dummy://), every request rendered and counted afresh;
- warm: the response cache on (local memory per worker), as a visitor without a session gets it.

It prints req/s, p50 and p99 per page, each page's req/s as a share of the bare view's in the same
server run, and the growth of p50 from the shipped catalogue to the large one (cold). SQLite databases
and logs go to bench/out/ (not committed); with --postgres the databases are <name>_real and
<name>_x<factor> on that server (dropped and made anew).
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable

BARE = "bare Django view"
PAGES = {
    BARE: "/bench/bare/",
    "/producten/": "/producten/",
    "catalogue, filtered": "/producten/?gemeente=GM0513&wet=wet-publieke-gezondheid",
    "product page": None,  # found in the database
    "search": "/producten/?q=tuberculose",
    "municipality page": "/gemeenten/GM0513/",
    "API list, municipality": "/api/v1/producten?gemeente=GM0513",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database: Path, database_url: str = "", *, cached: bool = False) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Production settings, but plain HTTP on 127.0.0.1: without this every request is a 301 to https.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "CATALOGUE_PUBLIC_CACHE_SECONDS": "3600" if cached else "0",
        # Cold: no cache at all (responses, facet counts, published years); warm: each worker's memory.
        "CATALOGUE_CACHE_URL": "locmem://" if cached else "dummy://",
        "GUNICORN_ACCESS_LOG": "",
        "SQLITE_PATH": str(database),
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }


def recreate_postgres(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def populate(database: Path, factor: int, database_url: str) -> str:
    if database_url:
        recreate_postgres(database_url)
    elif database.exists():
        database.unlink()
    result = subprocess.run(
        [PYTHON, "-m", "bench.populate", "--factor", str(factor)],
        cwd=ROOT,
        env=environment(database, database_url),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        sys.exit(f"populating {database.name} failed:\n{result.stderr[-3000:]}")
    return result.stdout.strip().splitlines()[-1]


def product_path(database: Path, database_url: str) -> str:
    code = (
        "import django; django.setup()\n"
        "from services.models import Product\n"
        "from django.conf import settings\n"
        "p = (Product.objects.published().filter(edition__year=settings.CATALOGUE_CURRENT_YEAR)"
        ".select_related('organisation').order_by('organisation__name', 'order').first())\n"
        "print(p.get_absolute_url())\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env=environment(database, database_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


class Server:
    def __init__(self, database: Path, database_url: str, workers: int, *, cached: bool) -> None:
        self.port = free_port()
        self.log = (OUT / f"gunicorn-{database.stem}-{'warm' if cached else 'cold'}.log").open("w")
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment(database, database_url, cached=cached),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(self.port, "/bench/bare/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not start; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def fetch(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def measure(port: int, path: str, seconds: float, connections: int, threads: int) -> dict:
    """``wrk`` on ``path``: requests per second, p50 and p99 in milliseconds, and non-2xx answers."""
    status, _ = fetch(port, path)
    if status != 200:
        sys.exit(f"{path} answered {status}")

    def wrk(duration: int) -> str:
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    # Warm up every worker, not only the one a lone request reaches: templates, connections, caches and
    # the facet index each worker builds once per catalogue version (a worker replaced after
    # max_requests builds it again, in the measured time).
    wrk(1)
    output = wrk(max(1, round(seconds)))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def growth(small: dict, large: dict) -> str:
    return f"{large['p50'] / small['p50']:.1f}×" if small["p50"] and large["p50"] else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5, help="wrk's duration per page (default 5)")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections (default 8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--factor", type=int, default=100, help="size of the large catalogue (default 100)")
    parser.add_argument("--postgres", default="", help="postgres://user@host:port/name: bench on PostgreSQL")
    parser.add_argument("--only", nargs="*", default=[], help="page names to measure (default: all)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per page and size; medians reported (default 3)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    OUT.mkdir(parents=True, exist_ok=True)

    results: dict[tuple[str, str, str], dict] = {}
    labels = [("real", 1), (f"x{args.factor}", args.factor)]
    databases = {}
    for label, factor in labels:
        database = OUT / f"bench-{label}.sqlite3"
        database_url = f"{args.postgres}_{label}" if args.postgres else ""
        print(f"[{label}] {populate(database, factor, database_url)}", flush=True)
        pages = dict(PAGES, **{"product page": product_path(database, database_url)})
        if args.only:
            pages = {name: path for name, path in pages.items() if name == BARE or name in args.only}
        databases[label] = (database, database_url, pages)
    rounds: dict[tuple[str, str, str], list[dict]] = {}
    for mode in ("cold", "warm"):
        # Both sizes served at once and each page measured on one right after the other, round after
        # round: on a shared machine, a pair measured seconds apart meets the same neighbours.
        servers = {
            label: Server(database, url, args.workers, cached=mode == "warm")
            for label, (database, url, _) in databases.items()
        }
        try:
            for number in range(1, args.rounds + 1):
                for name in databases["real"][2]:
                    for label, server in servers.items():
                        result = measure(
                            server.port, databases[label][2][name], args.seconds, args.connections, args.threads
                        )
                        rounds.setdefault((label, mode, name), []).append(result)
                        print(
                            f"[{label} {mode} {number}] {name:24} {result['rps']:8.1f} req/s  p50 {result['p50']:7.2f} ms"
                            f"  p99 {result['p99']:7.2f} ms",
                            flush=True,
                        )
        finally:
            for server in servers.values():
                server.stop()
    for key, found in rounds.items():
        results[key] = {
            measure_name: statistics.median(result[measure_name] for result in found)
            for measure_name in ("rps", "p50", "p99")
        } | {"errors": sum(result["errors"] for result in found)}
    pages = databases["real"][2]

    print()
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"gunicorn {args.workers} workers, wrk {args.threads} threads / {args.connections} connections, "
        f"{args.seconds:g} s per page, medians of {args.rounds} interleaved rounds, {engine}, "
        f"{len(os.sched_getaffinity(0))} CPUs"
    )
    big = labels[1][0]
    print(
        f"| page | mode | req/s 1× | share of bare 1× | p50 ms 1× | p99 ms 1× | req/s {big} | share of bare {big} "
        f"| p50 ms {big} | p99 ms {big} | p50 growth |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for mode in ("cold", "warm"):
        for name in pages:
            small, large = results["real", mode, name], results[big, mode, name]
            share_small = small["rps"] / (results["real", mode, BARE]["rps"] or 1)
            share_large = large["rps"] / (results[big, mode, BARE]["rps"] or 1)
            errors = small["errors"] + large["errors"]
            print(
                f"| {name}{f' ({errors} errors)' if errors else ''} | {mode} | {small['rps']:.0f} | {share_small:.0%} "
                f"| {small['p50']:.1f} | {small['p99']:.1f} | {large['rps']:.0f} | {share_large:.0%} "
                f"| {large['p50']:.1f} | {large['p99']:.1f} | {growth(small, large)} |"
            )


if __name__ == "__main__":
    main()
