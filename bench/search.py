#!/usr/bin/env python3
"""Search latency beside the plain catalogue page, at 1x and 100x catalogue size, on PostgreSQL.

    .venv/bin/python bench/search.py --postgres postgres://postgres@127.0.0.1:5432/catalogue_bench_search
    .venv/bin/python bench/search.py --postgres ... --factor 100 --requests 30

Makes <name>_x1 and <name>_x<factor> (dropped and made anew, filled by bench/populate.py), then in one
process per database renders each page --requests times with Django's test client (in-process: the
view, the queries and the template, no HTTP server) and prints median and 95th-percentile latency and
each page's median as a multiple of the plain catalogue page's median at the same size.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PAGES = {
    "catalogue page (plain)": "/producten/",
    "search: word (tuberculose)": "/producten/?q=tuberculose",
    "search: abbreviation (rvp)": "/producten/?q=rvp",
    "search: two words, filtered": "/producten/?q=bestrijding+tuberculose&gemeente=GM0513",
    "search: typo (vacinatie)": "/producten/?q=vacinatie",
    "search: nothing (rijbewijs)": "/producten/?q=rijbewijs",
    "API search (tuberculose)": "/api/v1/producten?q=tuberculose",
}

MEASURE = """
import json, statistics, sys, time
import django
django.setup()
from django.test import Client
pages = json.loads(sys.argv[1]); requests = int(sys.argv[2])
client = Client(HTTP_HOST="127.0.0.1")
out = {}
for label, url in pages.items():
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(requests):
        start = time.perf_counter(); client.get(url); times.append((time.perf_counter() - start) * 1000)
    times.sort()
    out[label] = (statistics.median(times), times[int(len(times) * 0.95) - 1])
print(json.dumps(out))
"""


def run(database_url: str, factor: int, requests: int) -> dict:
    import json

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-a-secret"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # in-process client, no TLS in front
        "CATALOGUE_CACHE_URL": "dummy://",  # every request computed afresh: latency, not cache hits
    }
    name = database_url.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    filled = subprocess.run(
        [PYTHON, "-m", "bench.populate", "--factor", str(factor)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    print(f"[x{factor}] {filled.stdout.strip()}", flush=True)
    measured = subprocess.run(
        [PYTHON, "-c", MEASURE, json.dumps(PAGES), str(requests)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(measured.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", required=True, help="postgres://.../<name>; <name>_x1 and _x<factor> are made")
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    results = {}
    for factor in (1, args.factor):
        results[factor] = run(f"{args.postgres}_x{factor}", factor, args.requests)
    print(f"\n{'page':34} {'size':>5} {'median ms':>10} {'p95 ms':>8} {'x plain':>8}")
    for factor, pages in results.items():
        plain = pages["catalogue page (plain)"][0]
        for label, (median, p95) in pages.items():
            print(f"{label:34} {f'{factor}x':>5} {median:10.1f} {p95:8.1f} {median / plain:8.2f}")


if __name__ == "__main__":
    main()
