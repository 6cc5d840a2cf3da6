#!/usr/bin/env python3
"""Throughput and latency of the public pages against a bare Django view, under gunicorn.

    .venv/bin/python bench/web.py            # real catalogue and one 100 times larger, SQLite
    .venv/bin/python bench/web.py --requests 100 --factor 10
    .venv/bin/python bench/web.py --postgres postgres://postgres@127.0.0.1:5432/catalogue_bench

For each database (the shipped catalogue, and a copy made --factor times larger) it starts gunicorn
on 127.0.0.1 with the site plus a bare view (bench/urls.py), then sends a bounded number of requests
per page from a few client threads: the filtered catalogue, a product page, a search, and the bare
view. It prints requests per second, median and 95th-percentile latency, and each page's throughput
as a fraction of the bare view's. SQLite databases and logs go to bench/out/ (not committed); with
--postgres the two databases are <name>_real and <name>_x<factor> on that server (dropped and made anew).
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable

PAGES = {
    "bare Django view": "/bench/bare/",
    "catalogue, filtered": "/producten/?gemeente=GM0513&wet=wet-publieke-gezondheid",
    "product page": None,  # found in the database
    "search": "/producten/?q=tuberculose",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database: Path, database_url: str = "") -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
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
    def __init__(self, database: Path, database_url: str, workers: int) -> None:
        self.port = free_port()
        self.log = (OUT / f"gunicorn-{database.stem}.log").open("w")
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "catalogue.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment(database, database_url),
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


def measure(port: int, path: str, requests: int, threads: int, max_seconds: float) -> dict:
    for _ in range(min(10, requests)):  # warm up: templates, connections, caches
        status, _ = fetch(port, path)
        if status != 200:
            sys.exit(f"{path} answered {status}")
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        nonlocal errors
        while True:
            with lock:
                if remaining[0] <= 0 or time.monotonic() > deadline:
                    return
                remaining[0] -= 1
            status, seconds = fetch(port, path)
            with lock:
                latencies.append(seconds)
                errors += status != 200

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests per page (default 300)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--factor", type=int, default=100, help="size of the large catalogue (default 100)")
    parser.add_argument("--max-seconds", type=float, default=20, help="time cap per page (default 20)")
    parser.add_argument("--postgres", default="", help="postgres://user@host:port/name: bench on PostgreSQL")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    rows = []
    for label, factor in (("real", 1), (f"x{args.factor}", args.factor)):
        database = OUT / f"bench-{label}.sqlite3"
        database_url = f"{args.postgres}_{label}" if args.postgres else ""
        print(f"[{label}] {populate(database, factor, database_url)}", flush=True)
        pages = dict(PAGES, **{"product page": product_path(database, database_url)})
        server = Server(database, database_url, args.workers)
        try:
            results = {
                name: measure(server.port, path, args.requests, args.threads, args.max_seconds)
                for name, path in pages.items()
            }
        finally:
            server.stop()
        bare = results["bare Django view"]["rps"]
        for name, result in results.items():
            rows.append((label, name, result, result["rps"] / bare))
            print(
                f"[{label}] {name:22} {result['rps']:8.1f} req/s  median {result['median_ms']:7.1f} ms",
                flush=True,
            )

    print()
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"gunicorn {args.workers} sync workers, {args.threads} client threads, {engine}, {os.cpu_count()} CPUs")
    header = "| catalogue | page | requests | req/s | median ms | p95 ms | req/s vs bare |"
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, name, result, ratio in rows:
        print(
            f"| {label} | {name} | {result['requests']}{' (' + str(result['errors']) + ' errors)' if result['errors'] else ''}"
            f" | {result['rps']:.1f} | {result['median_ms']:.1f} | {result['p95_ms']:.1f} | {ratio:.2f} |"
        )


if __name__ == "__main__":
    main()
